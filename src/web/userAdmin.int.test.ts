// The account administration pages: an administrator lists, adds, disables
// and resets accounts through the forms; everyone else is refused, audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countAuditRows } from '../store/auditQueries.ts'
import type { WebSessionsTable } from '../store/sessionQueries.ts'
import { browser } from './testing/appHarness.ts'
import type { Browser } from './testing/appHarness.ts'
import { createTestWorld, type TestWorld } from './testing/testWorld.ts'

const NEW_PASSWORD = 'a temporary passphrase'

describe('user administration pages', () => {
  let t: TestWorld
  let admin: Browser

  beforeAll(async () => {
    t = await createTestWorld()
    admin = browser(t.app)
    await admin.signIn('admin')
  })
  afterAll(async () => { await t.close() })

  /** Adds an account through the form, as the administrator. */
  async function addUser(username: string, fields: Record<string, string | string[]> = {}) {
    await admin.get('/users/new')
    return admin.post('/users', {
      displayName: 'Sam Patel', username, agency: 'childrens_social_care', roles: ['practitioner'],
      password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD, ...fields,
    })
  }

  it('lists every account by name, agency, role and state, under Users in an administrator\'s navigation only', async () => {
    const page = await admin.get('/users')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('href="/users"')
    expect(page.body).toMatch(/Carla Social<br><span class="govuk-body-s app-muted">csc<\/span><\/th>\s*<td class="govuk-table__cell">Children&#39;s social care<\/td>\s*<td class="govuk-table__cell">Practitioner<\/td>/)
    expect(page.body).toContain('Active')
    // The administrator signed in; no one else has.
    expect(page.body).toMatch(/Ada Admin[\s\S]*?app-nowrap">\d{1,2} \w+ \d{4}, \d{2}:\d{2}</)
    expect(page.body).toMatch(/Carla Social[\s\S]*?app-nowrap">Never</)
    const practitioner = browser(t.app)
    await practitioner.signIn('csc')
    expect((await practitioner.get('/caseload')).body).not.toContain('href="/users"')
  })

  it('adds a user who can then sign in, auditing it once', async () => {
    const before = await countAuditRows(t.store.db, { action: 'user-admin' })
    const all = await countAuditRows(t.store.db)
    const res = await addUser('sam.patel', { roles: ['practitioner', 'manager'] })
    expect(res.statusCode).toBe(303)
    expect(await countAuditRows(t.store.db, { action: 'user-admin' })).toBe(before + 1)
    expect(await countAuditRows(t.store.db)).toBe(all + 1)
    const list = await admin.get(String(res.headers.location))
    expect(list.body).toContain('Account added for Sam Patel (sam.patel)')
    expect(list.body).toContain('Practitioner, Manager')
    // The administrator knows the password: Sam must choose his own before anything else.
    const sam = browser(t.app)
    const signIn = await sam.signIn('sam.patel', NEW_PASSWORD)
    expect(signIn.statusCode).toBe(302)
    expect(signIn.headers.location).toBe('/account/password')
    expect((await admin.get('/users')).body).toMatch(/Sam Patel[\s\S]*?Temporary password: to be changed at next sign-in/)
  })

  it('lists every problem with the form in its order, keeps what was typed but never the passwords, and adds no one', async () => {
    const users = await t.store.db.selectFrom('users').select('id').execute()
    const empty = await admin.post('/users', {})
    expect(empty.statusCode).toBe(400)
    const links = [...empty.body.matchAll(/<a href="(#[\w-]+)">/g)].map((m) => m[1])
    expect(links).toEqual(['#displayName', '#username', '#agency', '#roles', '#password'])
    expect(empty.body).toContain('Enter their full name')
    expect(empty.body).toContain('Select at least one role')

    const mismatch = await addUser('kim.lee', { displayName: 'Kim Lee', agency: 'School', confirmPassword: 'something else entirely' })
    expect(mismatch.statusCode).toBe(400)
    expect(mismatch.body).toContain('Agency must be lower-case letters and underscores')
    expect(mismatch.body).toContain('href="#confirmPassword">The two passwords are not the same')
    expect(mismatch.body).toContain('value="Kim Lee"')
    expect(mismatch.body).toMatch(/name="roles" type="checkbox" value="practitioner" checked/)
    expect(mismatch.body).not.toContain(NEW_PASSWORD)

    const short = await addUser('kim.lee', { password: 'too short', confirmPassword: 'too short' })
    expect(short.body).toContain('href="#password">Password must be 12 characters or more')
    const taken = await addUser('csc')
    expect(taken.statusCode).toBe(400)
    expect(taken.body).toContain('href="#username">There is already a user csc')
    const reserved = await addUser('system')
    expect(reserved.statusCode).toBe(400)
    expect(reserved.body).toContain('href="#username">system is reserved')
    expect(await t.store.db.selectFrom('users').select('id').execute()).toHaveLength(users.length)
  })

  it('disables an account after a confirmation page, ending that user\'s sessions at once', async () => {
    await addUser('leaving.user', { displayName: 'Lee Leaving' })
    const leaver = browser(t.app)
    await leaver.signIn('leaving.user', NEW_PASSWORD)
    await leaver.get('/account/password')
    expect((await leaver.post('/account/password', { currentPassword: NEW_PASSWORD, password: 'my own passphrase', confirmPassword: 'my own passphrase' })).statusCode).toBe(303)
    expect((await leaver.get('/caseload')).statusCode).toBe(200)

    const confirm = await admin.get('/users/leaving.user/disable')
    expect(confirm.statusCode).toBe(200)
    expect(confirm.body).toContain('<h1 class="govuk-heading-l">Are you sure you want to disable Lee Leaving&#39;s account?</h1>')
    expect(confirm.body).toContain('<title>Are you sure you want to disable Lee Leaving&#39;s account?')
    expect(confirm.body).toContain('action="/users/leaving.user/disable"')
    const before = await countAuditRows(t.store.db, { action: 'user-admin' })
    const done = await admin.post('/users/leaving.user/disable', {})
    expect(done.statusCode).toBe(303)
    expect(await countAuditRows(t.store.db, { action: 'user-admin' })).toBe(before + 1)
    const sessions = await t.store.db.withTables<{ web_sessions: WebSessionsTable }>().selectFrom('web_sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id').select('s.id_hash').where('u.username', '=', 'leaving.user').execute()
    expect(sessions).toEqual([])
    const after = await leaver.get('/caseload')
    expect(after.statusCode).toBe(302)
    expect(String(after.headers.location)).toMatch(/^\/sign-in/)
    const list = await admin.get(String(done.headers.location))
    expect(list.body).toContain('Lee Leaving (leaving.user) can no longer sign in')
    expect(list.body).toMatch(/Lee Leaving[\s\S]*?Disabled/)
    expect(list.body).not.toContain('href="/users/leaving.user/disable"')
  })

  it('resets a password to a temporary one meeting the rules, ending the user\'s sessions', async () => {
    await addUser('forgetful', { displayName: 'Fran Forgetful' })
    const fran = browser(t.app)
    await fran.signIn('forgetful', NEW_PASSWORD)
    const form = await admin.get('/users/forgetful/reset-password')
    expect(form.body).toContain('Reset the password of Fran Forgetful')
    const short = await admin.post('/users/forgetful/reset-password', { password: 'short', confirmPassword: 'short' })
    expect(short.statusCode).toBe(400)
    expect(short.body).toContain('href="#password">Password must be 12 characters or more')
    const done = await admin.post('/users/forgetful/reset-password', { password: 'another temporary one', confirmPassword: 'another temporary one' })
    expect(done.statusCode).toBe(303)
    expect((await admin.get(String(done.headers.location))).body).toContain('Password reset for Fran Forgetful (forgetful)')
    expect((await fran.get('/caseload')).statusCode).toBe(302)
    expect((await browser(t.app).signIn('forgetful', NEW_PASSWORD)).statusCode).toBe(401)
    const signIn = await browser(t.app).signIn('forgetful', 'another temporary one')
    expect(signIn.statusCode).toBe(302)
    expect(signIn.headers.location).toBe('/account/password')
  })

  it('will not reset a disabled account\'s password: the page says why with a 409, and nothing changes', async () => {
    await addUser('gone.user', { displayName: 'Gus Gone' })
    await admin.get('/users/gone.user/disable')
    await admin.post('/users/gone.user/disable', {})
    const form = await admin.get('/users/gone.user/reset-password')
    expect(form.statusCode).toBe(409)
    expect(form.body).toContain('This account is disabled, so its password cannot be reset')
    expect(form.body).not.toContain('action="/users/gone.user/reset-password"')
    const hash = async () => (await t.store.db.selectFrom('users').select('password_hash').where('username', '=', 'gone.user').executeTakeFirstOrThrow()).password_hash
    const before = await hash()
    const audited = await countAuditRows(t.store.db, { action: 'user-admin' })
    await admin.get('/users')
    const post = await admin.post('/users/gone.user/reset-password', { password: 'another temporary one', confirmPassword: 'another temporary one' })
    expect(post.statusCode).toBe(409)
    expect(post.body).toContain('This account is disabled, so its password cannot be reset')
    expect(await hash()).toBe(before)
    expect(await countAuditRows(t.store.db, { action: 'user-admin' })).toBe(audited)
  })

  it('refuses everyone but an administrator, with a refused audit row for each page and form', async () => {
    const manager = browser(t.app)
    await manager.signIn('schoolmanager')
    await manager.get('/caseload')
    const attempts = [
      () => manager.get('/users'),
      () => manager.get('/users/new'),
      () => manager.post('/users', { displayName: 'Eve', username: 'eve', agency: 'school', roles: 'admin', password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
      () => manager.get('/users/csc/disable'),
      () => manager.post('/users/csc/disable', {}),
      () => manager.get('/users/csc/reset-password'),
      () => manager.post('/users/csc/reset-password', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    ]
    for (const attempt of attempts) {
      const before = await countAuditRows(t.store.db, { action: 'refused' })
      const res = await attempt()
      expect(res.statusCode).toBe(403)
      expect(res.body).toContain('Only an administrator can manage accounts')
      expect(await countAuditRows(t.store.db, { action: 'refused' })).toBe(before + 1)
    }
    expect(await t.store.db.selectFrom('users').select('id').where('username', '=', 'eve').execute()).toEqual([])
    expect((await browser(t.app).signIn('csc')).statusCode).toBe(302)
  })

  it('refuses a non-administrator on odd addresses too (capitals, encoded slashes and dots, the reserved name, HEAD), each with a refused row', async () => {
    const practitioner = browser(t.app)
    await practitioner.signIn('csc')
    await practitioner.get('/caseload')
    const head = (url: string) => t.app.inject({ method: 'HEAD', url, headers: { cookie: practitioner.cookie ?? '' } })
    const attempts: [string, () => Promise<{ statusCode: number }>][] = [
      ['GET capitals', () => practitioner.get('/users/ADMIN/disable')],
      ['POST capitals', () => practitioner.post('/users/ADMIN/disable', {})],
      ['GET encoded slash', () => practitioner.get('/users/admin%2F..%2Fcsc/reset-password')],
      ['POST encoded slash', () => practitioner.post('/users/..%2Fadmin/reset-password', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })],
      ['GET dots', () => practitioner.get('/users/.admin/disable')],
      ['GET encoded space', () => practitioner.get('/users/admin%20/reset-password')],
      ['GET reserved name', () => practitioner.get('/users/system/reset-password')],
      ['POST unknown user', () => practitioner.post('/users/nobody.here/disable', {})],
      ['HEAD list', () => head('/users')],
      ['HEAD new', () => head('/users/new')],
      ['HEAD confirmation', () => head('/users/admin/disable')],
    ]
    for (const [what, attempt] of attempts) {
      const before = await countAuditRows(t.store.db, { action: 'refused' })
      const res = await attempt()
      expect(res.statusCode, what).toBe(403)
      expect(await countAuditRows(t.store.db, { action: 'refused' }), what).toBe(before + 1)
    }
    // Each refused row says what was tried, on which username as sent.
    await practitioner.get('/caseload')
    await practitioner.post('/users/ADMIN/disable', {})
    const [row] = await t.store.db.selectFrom('audit_log').select(['username', 'details']).where('action', '=', 'refused').orderBy('id', 'desc').limit(1).execute()
    expect(row).toEqual({ username: 'csc', details: expect.objectContaining({ kind: 'user-admin', change: 'disable', username: 'ADMIN' }) })
    // The administrator is told such a page does not exist.
    expect((await admin.get('/users/ADMIN/disable')).statusCode).toBe(404)
    expect((await admin.get('/users/system/reset-password')).statusCode).toBe(404)
  })

  it('titles a page with errors "Error: ", and refuses an agency the audit log keeps for Throughline itself', async () => {
    const reserved = await addUser('odd.agency', { agency: 'unknown' })
    expect(reserved.statusCode).toBe(400)
    expect(reserved.body).toContain('<title>Error: Add a user')
    expect(reserved.body).toMatch(/href="#agency">unknown is reserved/)
    expect(await t.store.db.selectFrom('users').select('id').where('username', '=', 'odd.agency').execute()).toEqual([])
    await addUser('titled')
    await admin.get('/users/titled/reset-password')
    const short = await admin.post('/users/titled/reset-password', { password: 'short', confirmPassword: 'short' })
    expect(short.body).toContain('<title>Error: Reset the password of Sam Patel')
    expect(short.body).not.toContain('value="short"')
  })

  it('offers no confirmation to disable one\'s own account', async () => {
    const own = await admin.get('/users/admin/disable')
    expect(own.statusCode).toBe(409)
    expect(own.body).toContain('You cannot disable your own account')
    expect(own.body).not.toContain('action="/users/admin/disable"')
  })

  it('shows the administrator a failed sign-in under a made-up name as no account\'s, not as a person', async () => {
    // Through the service: the sign-in form's rate limit is spent by the tests above.
    await expect(t.users.authenticate('Carla Social', 'not the password at all', { ip: '127.0.0.1' })).rejects.toThrow()
    const audit = await admin.get('/audit?action=sign-in-failed')
    expect(audit.statusCode).toBe(200)
    expect(audit.body).toContain('carla social (no account)')
  })
})
