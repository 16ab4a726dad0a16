// Sign-in, sessions, CSRF, security headers, lockout, rate limit, error
// pages and logs, over the real user service and case repository.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SIGN_IN_FAILED_MESSAGE } from '../access/createUserService.ts'
import { countAuditRows } from '../store/auditQueries.ts'
import { browser, TEST_PASSWORD } from './testing/appHarness.ts'
import { createTestWorld, type TestWorld } from './testing/testWorld.ts'
import { SESSION_COOKIE } from './sessions.ts'

const MINUTE = 60_000

describe('sign in and sessions', () => {
  let t: TestWorld
  // Many sign-ins from one address here; the limiter has its own test below.
  beforeAll(async () => { t = await createTestWorld({ app: { signInAttemptsPerMinute: 1000 } }) })
  afterAll(async () => { await t.close() })

  it('sends a signed-out visitor to sign in, then back to the page they asked for', async () => {
    const b = browser(t.app)
    const first = await b.get('/families/F1')
    expect(first.statusCode).toBe(302)
    expect(first.headers.location).toBe('/sign-in?next=%2Ffamilies%2FF1')
    const form = await b.get('/sign-in?next=%2Ffamilies%2FF1')
    expect(form.statusCode).toBe(200)
    const anonymousCookie = b.cookie
    expect(anonymousCookie).toBeDefined()
    const signIn = await b.post('/sign-in?next=%2Ffamilies%2FF1', { username: 'csc', password: TEST_PASSWORD })
    expect(signIn.statusCode).toBe(302)
    expect(signIn.headers.location).toBe('/families/F1')
    // A new session id at sign-in: the one the form was served in is gone.
    expect(b.cookie).not.toBe(anonymousCookie)
    const page = await b.get('/families/F1')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Signed in as <strong>Carla Social</strong>, Children&#39;s social care')
    const stale = await t.app.inject({ method: 'GET', url: '/caseload', headers: { cookie: anonymousCookie ?? '' } })
    expect(stale.statusCode).toBe(302)
  })

  it('never redirects off the site after sign-in', async () => {
    const b = browser(t.app)
    await b.get('/sign-in')
    const res = await b.post('/sign-in?next=%2F%2Fevil.example%2F', { username: 'csc', password: TEST_PASSWORD })
    expect(res.headers.location).toBe('/')
  })

  it.each([
    ['a tab', '%2F%09%2Fevil.example'],
    ['a newline', '%2F%0a%2Fevil.example'],
    ['a backslash', '%2F%5cevil.example'],
    ['two slashes', '%2F%2Fevil.example'],
    ['a slash and a backslash', '%2F%5C%5Cevil.example'],
    ['an absolute URL', 'https%3A%2F%2Fevil.example%2F'],
  ])('never redirects off the site when next holds %s', async (_label, next) => {
    const b = browser(t.app)
    await b.get(`/sign-in?next=${next}`)
    const res = await b.post(`/sign-in?next=${next}`, { username: 'csc', password: TEST_PASSWORD })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/')
  })

  it('sets the session cookie secure, httpOnly and SameSite=Lax', async () => {
    const b = browser(t.app)
    await b.get('/sign-in')
    const res = await b.post('/sign-in', { username: 'csc', password: TEST_PASSWORD })
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' })
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('shows one message for a wrong password and for an unknown user, with the error summary', async () => {
    const b = browser(t.app)
    await b.get('/sign-in')
    const wrong = await b.post('/sign-in', { username: 'school', password: 'not the password at all' })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.body).toContain('govuk-error-summary')
    expect(wrong.body).toContain(SIGN_IN_FAILED_MESSAGE.replace(/'/g, '&#39;'))
    const unknown = await b.post('/sign-in', { username: 'nobody', password: 'not the password at all' })
    expect(unknown.statusCode).toBe(401)
    expect(unknown.body).toContain(SIGN_IN_FAILED_MESSAGE.replace(/'/g, '&#39;'))
  })

  it('asks for both fields', async () => {
    const b = browser(t.app)
    await b.get('/sign-in')
    const res = await b.post('/sign-in', { username: '', password: '' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('href="#username">Enter your username')
    expect(res.body).toContain('href="#password">Enter your password')
  })

  it('locks the account after repeated failures: even the right password is refused', async () => {
    const b = browser(t.app)
    await b.get('/sign-in')
    for (let i = 0; i < 5; i++) expect((await b.post('/sign-in', { username: 'dental', password: 'wrong password here' })).statusCode).toBe(401)
    const right = await b.post('/sign-in', { username: 'dental', password: TEST_PASSWORD })
    expect(right.statusCode).toBe(401)
    expect(right.body).toContain('wait 15 minutes or ask your administrator')
  })

  it('ends a session idle for more than 30 minutes', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    expect((await b.get('/caseload')).statusCode).toBe(200)
    t.clock.now = new Date(t.clock.now.getTime() + 29 * MINUTE)
    expect((await b.get('/caseload')).statusCode).toBe(200)
    t.clock.now = new Date(t.clock.now.getTime() + 31 * MINUTE)
    const res = await b.get('/caseload')
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toMatch(/^\/sign-in/)
  })

  it('ends a session 12 hours after sign-in however busy', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    for (let minutes = 0; minutes < 12 * 60; minutes += 20) {
      expect((await b.get('/caseload')).statusCode, `after ${minutes} minutes`).toBe(200)
      t.clock.now = new Date(t.clock.now.getTime() + 20 * MINUTE)
    }
    t.clock.now = new Date(t.clock.now.getTime() + MINUTE)
    expect((await b.get('/caseload')).statusCode).toBe(302)
  })

  it('signs out, audited: the old cookie no longer works', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    await b.get('/caseload')
    const cookie = b.cookie
    const audited = await countAuditRows(t.store.db, { action: 'sign-out' })
    const res = await b.post('/sign-out', {})
    expect(res.statusCode).toBe(302)
    expect(await countAuditRows(t.store.db, { action: 'sign-out' })).toBe(audited + 1)
    expect(res.headers.location).toBe('/sign-in?signedOut=1')
    const again = await t.app.inject({ method: 'GET', url: '/caseload', headers: { cookie: cookie ?? '' } })
    expect(again.statusCode).toBe(302)
  })
})

describe('CSRF', () => {
  let t: TestWorld
  beforeAll(async () => { t = await createTestWorld() })
  afterAll(async () => { await t.close() })

  it('refuses a form without a token, or with a token from another session', async () => {
    const a = browser(t.app)
    await a.signIn('csc')
    const other = browser(t.app)
    await other.signIn('school')
    await other.get('/caseload')
    const missing = await a.post('/sign-out', {}, { csrf: null })
    expect(missing.statusCode).toBe(403)
    expect(missing.body).toContain('This form could not be sent')
    const foreign = await a.post('/sign-out', {}, { csrf: other.csrf ?? '' })
    expect(foreign.statusCode).toBe(403)
    // Still signed in: nothing happened.
    expect((await a.get('/caseload')).statusCode).toBe(200)
  })

  it('writes no session for a visitor who only opens the sign-in page, and signs in with its form', async () => {
    const sessionRows = async () => Number((await sql<{ n: string }>`select count(*) as n from web_sessions`.execute(t.store.db)).rows[0]?.n)
    const before = await sessionRows()
    const b = browser(t.app)
    for (let i = 0; i < 3; i++) expect((await b.get('/sign-in')).statusCode).toBe(200)
    expect((await browser(t.app).get('/sign-in')).statusCode).toBe(200)
    expect(await sessionRows()).toBe(before)
    expect(b.csrf).toBeDefined()
    const wrong = await b.post('/sign-in', { username: 'csc', password: 'wrong password here' })
    expect(wrong.statusCode).toBe(401)
    expect(await sessionRows()).toBe(before)
    const res = await b.post('/sign-in', { username: 'csc', password: TEST_PASSWORD })
    expect(res.statusCode).toBe(302)
    expect(await sessionRows()).toBe(before + 1)
    expect((await b.get('/caseload')).statusCode).toBe(200)
  })

  it('refuses a sign-in form whose token is not the one in its cookie', async () => {
    const b = browser(t.app)
    await b.get('/sign-in')
    const other = browser(t.app)
    await other.get('/sign-in')
    const res = await b.post('/sign-in', { username: 'csc', password: TEST_PASSWORD }, { csrf: other.csrf ?? '' })
    expect(res.statusCode).toBe(403)
    const none = await b.post('/sign-in', { username: 'csc', password: TEST_PASSWORD }, { csrf: null })
    expect(none.statusCode).toBe(403)
  })

  it('refuses a sign-in form posted without a session', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/sign-in', payload: `username=csc&password=${encodeURIComponent(TEST_PASSWORD)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.statusCode).toBe(403)
  })

  it('puts a token in every form on a page', async () => {
    const b = browser(t.app)
    await b.signIn('csc')
    const page = await b.get('/find-person')
    const forms = page.body.match(/<form method="post"[\s\S]*?<\/form>/g) ?? []
    expect(forms.length).toBeGreaterThan(1)
    for (const form of forms) expect(form).toMatch(/name="_csrf" value="[^"]+"/)
  })
})

describe('changing one\'s own password', () => {
  let t: TestWorld
  const TEMPORARY = 'a temporary passphrase'
  const OWN = 'a passphrase of my own'
  beforeAll(async () => { t = await createTestWorld({ app: { signInAttemptsPerMinute: 1000 } }) })
  afterAll(async () => { await t.close() })

  /** An account an administrator added (so its password is temporary), signed in. */
  async function flaggedUser(username: string) {
    const admin = { kind: 'user', user: t.accounts.get('admin')! } as const
    await t.users.createUser(admin, { username, displayName: 'Flo Flagged', agency: 'childrens_social_care', roles: ['manager'], password: TEMPORARY })
    const b = browser(t.app)
    const signIn = await b.signIn(username, TEMPORARY)
    return { b, signIn }
  }

  it('sends a user whose password an administrator set to change it, and lets them reach nothing else but signing out', async () => {
    const { b, signIn } = await flaggedUser('flo.one')
    expect(signIn.statusCode).toBe(302)
    expect(signIn.headers.location).toBe('/account/password')
    const page = await b.get('/account/password')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1 class="govuk-heading-l">Change your password</h1>')
    expect(page.body).toContain('Someone else set the password you signed in with')
    // No navigation to pages that would only send them back here, and no back link.
    expect(page.body).not.toContain('href="/caseload"')
    expect(page.body).not.toContain('govuk-back-link')
    const csrf = b.csrf
    const [alert] = (await t.repository.family({ kind: 'user', user: t.accounts.get('csc')! }, 'F1')).alerts
    const attempts: [string, () => Promise<{ statusCode: number; headers: Record<string, unknown> }>][] = [
      ['home', () => b.get('/')],
      ['caseload', () => b.get('/caseload')],
      ['a family', () => b.get('/families/F1')],
      ['an export', () => b.get('/families/F1/export.csv')],
      ['the audit', () => b.get('/audit?format=csv')],
      ['figures', () => b.get('/figures')],
      ['a page that does not exist', () => b.get('/no/such/page')],
      ['sign-in page', () => b.get('/sign-in')],
      ['a form', () => b.post(`/alerts/${alert?.id ?? 0}`, { action: 'acknowledge', reason: 'Should never be saved.' }, { csrf: csrf ?? '' })],
      ['HEAD', () => t.app.inject({ method: 'HEAD', url: '/caseload', headers: { cookie: b.cookie ?? '' } })],
    ]
    const audited = await countAuditRows(t.store.db)
    for (const [what, attempt] of attempts) {
      const res = await attempt()
      expect(res.statusCode, what).toBe(303)
      expect(res.headers.location, what).toBe('/account/password')
    }
    // Nothing was read or done: not one audit row.
    expect(await countAuditRows(t.store.db)).toBe(audited)
    expect((await b.get('/static/app.css')).statusCode).toBe(200)
    await b.get('/account/password')
    const out = await b.post('/sign-out', {})
    expect(out.headers.location).toBe('/sign-in?signedOut=1')
  })

  it('lists every problem with the form, keeps the flag, and audits a wrong current password as a failed one', async () => {
    const { b } = await flaggedUser('flo.two')
    await b.get('/account/password')
    const empty = await b.post('/account/password', {})
    expect(empty.statusCode).toBe(400)
    expect([...empty.body.matchAll(/<a href="(#[\w-]+)">/g)].map((m) => m[1])).toEqual(['#currentPassword', '#password'])
    expect(empty.body).toContain('<title>Error: Change your password')
    const mismatch = await b.post('/account/password', { currentPassword: TEMPORARY, password: OWN, confirmPassword: 'something else entirely' })
    expect(mismatch.body).toContain('href="#confirmPassword">The two new passwords are not the same')
    const short = await b.post('/account/password', { currentPassword: TEMPORARY, password: 'too short', confirmPassword: 'too short' })
    expect(short.body).toContain('href="#password">Password must be 12 characters or more')
    const same = await b.post('/account/password', { currentPassword: TEMPORARY, password: TEMPORARY, confirmPassword: TEMPORARY })
    expect(same.statusCode).toBe(400)
    expect(same.body).toContain('href="#password">Your new password must be different from your current one')
    const failed = await countAuditRows(t.store.db, { action: 'sign-in-failed' })
    const wrong = await b.post('/account/password', { currentPassword: 'not the one I was given', password: OWN, confirmPassword: OWN })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('href="#currentPassword">Your current password is not right')
    expect(await countAuditRows(t.store.db, { action: 'sign-in-failed' })).toBe(failed + 1)
    for (const res of [empty, mismatch, short, same, wrong]) {
      expect(res.body).not.toContain(TEMPORARY)
      expect(res.body).not.toContain(OWN)
    }
    expect((await b.get('/caseload')).headers.location).toBe('/account/password')
  })

  it('takes their own password, audited once, ends their other sessions, and lets them on to where they were going', async () => {
    const { b: elsewhere } = await flaggedUser('flo.three')
    const b = browser(t.app)
    await b.get('/sign-in?next=%2Faudit')
    const next = await b.post('/sign-in?next=%2Faudit', { username: 'flo.three', password: TEMPORARY })
    expect(next.headers.location).toBe('/account/password?next=%2Faudit')
    await b.get('/account/password?next=%2Faudit')
    const before = b.cookie
    const all = await countAuditRows(t.store.db)
    const done = await b.post('/account/password?next=%2Faudit', { currentPassword: TEMPORARY, password: OWN, confirmPassword: OWN })
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe('/audit')
    expect(await countAuditRows(t.store.db)).toBe(all + 1)
    const [row] = await t.store.db.selectFrom('audit_log').select(['action', 'username', 'details']).orderBy('id', 'desc').limit(1).execute()
    expect(row).toEqual({ action: 'user-admin', username: 'flo.three', details: expect.objectContaining({ change: 'change-own-password' }) })
    // A new session id for this browser; the other browser is signed out.
    expect(b.cookie).not.toBe(before)
    expect((await b.get('/audit')).statusCode).toBe(200)
    expect((await b.get('/caseload')).statusCode).toBe(200)
    expect(String((await elsewhere.get('/caseload')).headers.location)).toMatch(/^\/sign-in/)
    expect((await browser(t.app).signIn('flo.three', TEMPORARY)).statusCode).toBe(401)
    const again = await browser(t.app).signIn('flo.three', OWN)
    expect(again.headers.location).toBe('/')
  })

  it('lets any user change their password from the header, giving the current one; their other sessions end, this one goes on', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    const elsewhere = browser(t.app)
    await elsewhere.signIn('school')
    const caseload = await b.get('/caseload')
    expect(caseload.body).toContain('<a class="govuk-link govuk-body-s" href="/account/password">Change password</a>')
    const page = await b.get('/account/password')
    expect(page.body).toContain('Changing your password signs you out everywhere else')
    expect(page.body).toContain('govuk-back-link')
    expect(page.body).toContain('href="/caseload"')
    const wrong = await b.post('/account/password', { currentPassword: 'not my password at all', password: OWN, confirmPassword: OWN })
    expect(wrong.statusCode).toBe(400)
    const done = await b.post('/account/password', { currentPassword: TEST_PASSWORD, password: OWN, confirmPassword: OWN })
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe('/account/password?changed=1')
    expect((await b.get('/account/password?changed=1')).body).toContain('Your password has been changed')
    expect((await b.get('/caseload')).statusCode).toBe(200)
    expect((await elsewhere.get('/caseload')).statusCode).toBe(302)
  })

  it('sends a signed-out visitor to sign in first', async () => {
    const res = await browser(t.app).get('/account/password')
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/sign-in?next=%2Faccount%2Fpassword')
  })
})

describe('headers, errors and logs', () => {
  it('sends security headers and a CSP allowing only this site, with a nonce for GOV.UK\'s start-up script', async () => {
    const t = await createTestWorld()
    try {
      const res = await t.app.inject({ method: 'GET', url: '/sign-in' })
      const csp = String(res.headers['content-security-policy'])
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('unsafe-inline')
      const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1]
      expect(nonce).toBeDefined()
      expect(res.body).toContain(`<script nonce="${nonce}">`)
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
      expect(res.headers['cache-control']).toBe('no-store')
    } finally {
      await t.close()
    }
  })

  it('rate-limits sign-in attempts', async () => {
    const t = await createTestWorld({ app: { signInAttemptsPerMinute: 3 } })
    try {
      const b = browser(t.app)
      await b.get('/sign-in')
      const codes = []
      for (let i = 0; i < 4; i++) codes.push((await b.post('/sign-in', { username: 'csc', password: 'wrong password here' })).statusCode)
      expect(codes).toEqual([401, 401, 401, 429])
    } finally {
      await t.close()
    }
  })

  it('behind a trusted proxy, rate-limits sign-in per client address, not per proxy', async () => {
    const post = (app: TestWorld['app'], b: ReturnType<typeof browser>, from: string) => app.inject({
      method: 'POST', url: '/sign-in', payload: `username=csc&password=wrong+password+here&_csrf=${encodeURIComponent(b.csrf ?? '')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookie ?? '', 'x-forwarded-for': from },
    })
    const behind = await createTestWorld({ app: { signInAttemptsPerMinute: 2, trustProxy: true } })
    try {
      const b = browser(behind.app)
      await b.get('/sign-in')
      const codes = []
      for (let i = 0; i < 3; i++) codes.push((await post(behind.app, b, '203.0.113.7')).statusCode)
      codes.push((await post(behind.app, b, '198.51.100.9')).statusCode)
      expect(codes).toEqual([401, 401, 429, 401])
    } finally {
      await behind.close()
    }
    // Not trusted (the default): the header is ignored, so a client cannot dodge the limit with it.
    const direct = await createTestWorld({ app: { signInAttemptsPerMinute: 2 } })
    try {
      const b = browser(direct.app)
      await b.get('/sign-in')
      const codes = []
      for (let i = 0; i < 3; i++) codes.push((await post(direct.app, b, `203.0.113.${i}`)).statusCode)
      expect(codes).toEqual([401, 401, 429])
    } finally {
      await direct.close()
    }
  })

  it('hides the stack of an unexpected error in production, and logs the incident without case data', async () => {
    const lines: string[] = []
    const t = await createTestWorld({ app: { nodeEnv: 'production', logLevel: 'info', logStream: { write: (l) => { lines.push(l) } } } })
    try {
      t.repository.caseload = async () => { throw new Error('database exploded near /work/main') }
      const b = browser(t.app)
      await b.signIn('csc')
      const res = await b.get('/caseload?search=Amy%20Smith')
      expect(res.statusCode).toBe(500)
      expect(res.body).toContain('Sorry, there is a problem with the service')
      expect(res.body).not.toContain('exploded')
      // No stack frame (`at fn (file.ts:1:2)`); the page's own words may say "at".
      expect(res.body).not.toMatch(/\bat \S.*:\d+:\d+/)
      expect(res.body).not.toContain('.ts:')
      const incident = /class="app-incident">([^<]+)</.exec(res.body)?.[1]
      expect(incident).toBeDefined()
      const logged = lines.join('')
      expect(logged).toContain(incident)
      expect(logged).not.toContain('Amy')
      expect(logged).not.toContain('correct horse')
    } finally {
      await t.close()
    }
  })

  it('shows the stack outside production', async () => {
    const t = await createTestWorld({ app: { nodeEnv: 'development' } })
    try {
      t.repository.caseload = async () => { throw new Error('database exploded') }
      const b = browser(t.app)
      await b.signIn('csc')
      const res = await b.get('/caseload')
      expect(res.statusCode).toBe(500)
      expect(res.body).toContain('database exploded')
    } finally {
      await t.close()
    }
  })

  it('answers an unknown page with the GOV.UK 404 page', async () => {
    const t = await createTestWorld()
    try {
      const res = await t.app.inject({ method: 'GET', url: '/no/such/page' })
      expect(res.statusCode).toBe(404)
      expect(res.body).toContain('<h1 class="govuk-heading-l">Page not found</h1>')
    } finally {
      await t.close()
    }
  })
})
