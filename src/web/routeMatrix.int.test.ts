// Every route the live router serves, walked by every kind of user: each
// role, agency involved in the family or not, restricted entries present.
// Each answer must be the expected one (allowed, not found, forbidden, sent
// to sign in, or a form error), and the canary planted in a restricted entry
// must appear only for the agencies that may read it. A route added to the
// app without a case here fails the first test.
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../access/types.ts'
import { browser, TEST_PASSWORD } from './testing/appHarness.ts'
import type { Browser } from './testing/appHarness.ts'
import { CANARY } from './testing/fixtures.ts'
import { createTestWorld, type TestWorld } from './testing/testWorld.ts'
import { exportRenderers } from './exportFormats.ts'
import { FORMAT } from '../exchange/schema.ts'
import { countAuditRows } from '../store/auditQueries.ts'

type Outcome = 'ok' | 'notFound' | 'forbidden' | 'signIn' | 'invalid' | 'unauthorised' | 'changePassword'

interface Who {
  username: string | null
  /** Their agency has recorded in family F1. */
  involved: boolean
  /** May read F1's restricted police entry. */
  readsRestricted: boolean
  caseData: boolean
  manager: boolean
  analyst: boolean
  admin: boolean
  /** An administrator set their password: until they choose their own, everything sends them to change it. */
  mustChangePassword?: boolean
}

/** A children's social care manager (who could otherwise read everything of F1) whose password an administrator set. */
const FLAGGED = 'matrix.flagged'

const WHO: Who[] = [
  { username: 'csc', involved: true, readsRestricted: true, caseData: true, manager: false, analyst: false, admin: false },
  { username: 'police', involved: true, readsRestricted: true, caseData: true, manager: false, analyst: false, admin: false },
  { username: 'school', involved: true, readsRestricted: false, caseData: true, manager: false, analyst: false, admin: false },
  { username: 'schoolmanager', involved: true, readsRestricted: false, caseData: true, manager: true, analyst: false, admin: false },
  { username: 'housing', involved: false, readsRestricted: false, caseData: true, manager: false, analyst: false, admin: false },
  { username: 'dental', involved: false, readsRestricted: false, caseData: true, manager: false, analyst: false, admin: false },
  { username: 'analyst', involved: false, readsRestricted: false, caseData: false, manager: false, analyst: true, admin: false },
  { username: 'admin', involved: false, readsRestricted: false, caseData: false, manager: false, analyst: false, admin: true },
  { username: FLAGGED, involved: false, readsRestricted: false, caseData: false, manager: false, analyst: false, admin: false, mustChangePassword: true },
  { username: null, involved: false, readsRestricted: false, caseData: false, manager: false, analyst: false, admin: false },
]

interface Context {
  alertId: number
  requestId: number
  /** Each user's agency, for an import file of their own. */
  agencies: Map<string, string>
}

interface Probe {
  method: 'GET' | 'POST'
  url: string
  form?: Record<string, string>
  /** Sent as the import form sends it: multipart, the CSRF token in the action URL. */
  file?: { name: string; content: string }
}

interface RouteCase {
  probes(ctx: Context, who: Who): Probe[]
  expect(who: Who): Outcome
}

const signedIn = (who: Who, then: (who: Who) => Outcome, method: 'GET' | 'POST' = 'GET'): Outcome =>
  // Without a session a form has no CSRF secret to match: refused before anything else.
  who.username === null ? (method === 'GET' ? 'signIn' : 'forbidden') : then(who)

/** A page of family F1: readable by involved case workers, "not found" to everyone else. */
const familyPage = (who: Who) => signedIn(who, (w) => (w.involved && w.caseData ? 'ok' : 'notFound'))
/** Pages only case workers have, whatever the family. */
const caseWork = (method: 'GET' | 'POST', ok: Outcome) => (who: Who) => signedIn(who, (w) => (w.caseData ? ok : 'forbidden'), method)
/** Family pages that first check the user works on cases at all. */
const familyCaseWork = (method: 'GET' | 'POST', ok: Outcome) => (who: Who) => signedIn(who, (w) => (!w.caseData ? 'forbidden' : w.involved ? ok : 'notFound'), method)
const anyone = (): Outcome => 'ok'
/** Account administration: administrators only (everyone else is refused, audited). */
const adminOnly = (method: 'GET' | 'POST') => (who: Who) => signedIn(who, (w) => (w.admin ? 'ok' : 'forbidden'), method)
/** The account the administration probes disable: no one in WHO, so every user keeps signing in. */
const TARGET = 'matrix.target'
/** The account the reset probes reset: not TARGET, which is disabled by then and whose password is not reset. */
const RESET_TARGET = 'matrix.reset-target'
const TEMPORARY_PASSWORD = 'a temporary passphrase'

/** A one-family exchange file of the user's own agency (a family of their own, so every import is new). */
function importFile(who: Who, ctx: Context): string {
  const agency = ctx.agencies.get(who.username ?? '') ?? 'school'
  return JSON.stringify({
    format: FORMAT, family: { ref: `IMP-${who.username ?? 'anonymous'}` }, people: [{ ref: 'C1', given_name: 'Ivy', role: 'child', born: '2016-01-01' }],
    events: [{ id: 'M1', type: 'note', date: '2024-02-01', agency, subjects: ['C1'], summary: 'Ivy arrived hungry.' }],
  })
}

/** Run last: break-glass opens F1 to the user, which would change the answers after it. */
const LAST = ['POST /families/:familyRef/break-glass', 'POST /sign-out']

const CASES: Record<string, RouteCase> = {
  'GET /health': { probes: () => [{ method: 'GET', url: '/health' }], expect: anyone },
  'GET /assets/*': { probes: () => [{ method: 'GET', url: '/assets/images/favicon.svg' }], expect: anyone },
  'GET /govuk/*': { probes: () => [{ method: 'GET', url: '/govuk/govuk-frontend.min.css' }, { method: 'GET', url: '/govuk/govuk-frontend.min.js' }], expect: anyone },
  'GET /moj/*': { probes: () => [{ method: 'GET', url: '/moj/moj-frontend.min.css' }], expect: anyone },
  'GET /static/*': { probes: () => [{ method: 'GET', url: '/static/app.css' }, { method: 'GET', url: '/static/app.js' }], expect: anyone },
  'GET /': { probes: () => [{ method: 'GET', url: '/' }], expect: (who) => (who.username === null ? 'signIn' : 'ok') },
  'GET /sign-in': { probes: () => [{ method: 'GET', url: '/sign-in' }], expect: anyone },
  'POST /sign-in': {
    probes: () => [{ method: 'POST', url: '/sign-in', form: { username: 'csc', password: 'wrong password here' } }],
    expect: (who) => (who.username === null ? 'forbidden' : 'unauthorised'),
  },
  // Signing out sends you to the sign-in page.
  'POST /sign-out': { probes: () => [{ method: 'POST', url: '/sign-out', form: {} }], expect: (who) => signedIn(who, () => 'signIn', 'POST') },
  'GET /caseload': { probes: () => [{ method: 'GET', url: '/caseload' }, { method: 'GET', url: '/caseload?search=Smith' }], expect: (who) => signedIn(who, () => 'ok') },
  'GET /families/:familyRef': {
    probes: () => [{ method: 'GET', url: '/families/F1' }, { method: 'GET', url: '/families/F1?agency=police' }, { method: 'GET', url: '/families/F1?child=C1&type=police_incident' }],
    expect: familyPage,
  },
  'GET /families/:familyRef/break-glass': { probes: () => [{ method: 'GET', url: '/families/F1/break-glass' }], expect: (who) => signedIn(who, () => 'ok') },
  'POST /families/:familyRef/break-glass': {
    probes: () => [{ method: 'POST', url: '/families/F1/break-glass', form: { reason: 'Strategy meeting tonight: we need the whole history of this family.' } }],
    expect: (who) => signedIn(who, (w) => (w.caseData ? 'ok' : 'forbidden'), 'POST'),
  },
  'GET /families/:familyRef/children/:childRef': { probes: () => [{ method: 'GET', url: '/families/F1/children/C1' }], expect: familyPage },
  'GET /alerts/:alertId': { probes: (ctx) => [{ method: 'GET', url: `/alerts/${ctx.alertId}` }], expect: familyPage },
  'POST /alerts/:alertId': {
    // Acknowledged, then reopened: each user finds it open.
    probes: (ctx) => [
      { method: 'POST', url: `/alerts/${ctx.alertId}`, form: { action: 'acknowledge', reason: 'Discussed with the health visitor.' } },
      { method: 'POST', url: `/alerts/${ctx.alertId}`, form: { action: 'reopen', reason: 'Reopened for the next user of the matrix.' } },
    ],
    // Only case workers act on alerts at all: others are refused whatever the alert.
    expect: familyCaseWork('POST', 'ok'),
  },
  'GET /families/:familyRef/record': { probes: () => [{ method: 'GET', url: '/families/F1/record' }], expect: familyCaseWork('GET', 'ok') },
  'GET /families/:familyRef/record/:type': { probes: () => [{ method: 'GET', url: '/families/F1/record/appointment' }, { method: 'GET', url: '/families/F1/record/police_incident' }], expect: familyCaseWork('GET', 'ok') },
  'POST /families/:familyRef/record/:type': {
    probes: () => [{ method: 'POST', url: '/families/F1/record/appointment', form: { 'date-day': '3', 'date-month': '6', 'date-year': '2024', subjects: 'C1', service: 'gp', status: 'attended', summary: 'Amy seen by the GP.' } }],
    expect: familyCaseWork('POST', 'ok'),
  },
  'GET /families/:familyRef/recorded': { probes: (ctx) => [{ method: 'GET', url: `/families/F1/recorded?event=web-x&type=note&alerts=${ctx.alertId}` }], expect: familyPage },
  'GET /import': { probes: () => [{ method: 'GET', url: '/import' }], expect: (who) => signedIn(who, (w) => (w.caseData || w.admin ? 'ok' : 'forbidden')) },
  'POST /import': {
    probes: (ctx, who) => [{ method: 'POST', url: '/import', file: { name: 'matrix.json', content: importFile(who, ctx) } }],
    expect: (who) => signedIn(who, (w) => (w.caseData || w.admin ? 'ok' : 'forbidden'), 'POST'),
  },
  'GET /families/:familyRef/export': { probes: () => [{ method: 'GET', url: '/families/F1/export' }, { method: 'GET', url: '/families/F1/export?child=C1' }], expect: familyPage },
  'GET /families/:familyRef/export.:format': {
    probes: () => Object.values(exportRenderers).flatMap((r) => [{ method: 'GET' as const, url: `/families/F1/export.${r.ext}` }, { method: 'GET' as const, url: `/families/F1/export.${r.ext}?child=C1` }]),
    expect: familyPage,
  },
  'GET /find-person': { probes: () => [{ method: 'GET', url: '/find-person' }], expect: caseWork('GET', 'ok') },
  'POST /find-person': {
    probes: () => [{ method: 'POST', url: '/find-person', form: { name: 'Amy Smith' } }, { method: 'POST', url: '/find-person', form: { name: '' } }],
    expect: caseWork('POST', 'ok'),
  },
  'POST /access-requests': { probes: () => [{ method: 'POST', url: '/access-requests', form: { matchId: 'x', reason: '' } }], expect: caseWork('POST', 'invalid') },
  'GET /access-requests': { probes: () => [{ method: 'GET', url: '/access-requests' }], expect: caseWork('GET', 'ok') },
  'POST /access-requests/:requestId': { probes: (ctx) => [{ method: 'POST', url: `/access-requests/${ctx.requestId}`, form: { decision: 'grant', reason: '' } }], expect: caseWork('POST', 'invalid') },
  'GET /audit': { probes: () => [{ method: 'GET', url: '/audit' }, { method: 'GET', url: '/audit?format=csv' }], expect: (who) => signedIn(who, (w) => (w.manager || w.admin ? 'ok' : 'forbidden')) },
  'GET /figures': { probes: () => [{ method: 'GET', url: '/figures' }], expect: (who) => signedIn(who, (w) => (w.analyst || w.manager ? 'ok' : 'forbidden')) },
  'GET /users': { probes: () => [{ method: 'GET', url: '/users' }, { method: 'GET', url: `/users?done=added&username=${TARGET}` }], expect: adminOnly('GET') },
  'GET /users/new': { probes: () => [{ method: 'GET', url: '/users/new' }], expect: adminOnly('GET') },
  'POST /users': {
    // A username of each user's own, so the administrator's is new.
    probes: (_ctx, who) => [{ method: 'POST', url: '/users', form: {
      displayName: 'Matrix New', username: `new.${who.username ?? 'anonymous'}`, agency: 'school', roles: 'practitioner',
      password: TEMPORARY_PASSWORD, confirmPassword: TEMPORARY_PASSWORD,
    } }],
    expect: adminOnly('POST'),
  },
  'GET /users/:username/disable': { probes: () => [{ method: 'GET', url: `/users/${TARGET}/disable` }], expect: adminOnly('GET') },
  'POST /users/:username/disable': { probes: () => [{ method: 'POST', url: `/users/${TARGET}/disable`, form: {} }], expect: adminOnly('POST') },
  'GET /users/:username/reset-password': { probes: () => [{ method: 'GET', url: `/users/${RESET_TARGET}/reset-password` }], expect: adminOnly('GET') },
  'POST /users/:username/reset-password': {
    probes: () => [{ method: 'POST', url: `/users/${RESET_TARGET}/reset-password`, form: { password: TEMPORARY_PASSWORD, confirmPassword: TEMPORARY_PASSWORD } }],
    expect: adminOnly('POST'),
  },
  'GET /account/password': { probes: () => [{ method: 'GET', url: '/account/password' }], expect: (who) => signedIn(who, () => 'ok') },
  'POST /account/password': {
    // A wrong current password: the form answers with its error (a change that works is in auth.int.test.ts).
    probes: () => [{ method: 'POST', url: '/account/password', form: { currentPassword: 'not my password at all', password: 'a new passphrase here', confirmPassword: 'a new passphrase here' } }],
    expect: (who) => signedIn(who, () => 'invalid', 'POST'),
  },
}

/** All a user who must change their password reaches; everything else sends them to change it. */
const OPEN_BEFORE_PASSWORD_CHANGE = new Set([
  'GET /health', 'GET /assets/*', 'GET /govuk/*', 'GET /moj/*', 'GET /static/*', 'GET /account/password', 'POST /account/password', 'POST /sign-out',
])

/** The POST /find-person probe with an empty name is a form error, not a success. */
function expectedFor(key: string, probe: Probe, who: Who): Outcome {
  if (who.mustChangePassword === true && !OPEN_BEFORE_PASSWORD_CHANGE.has(key)) return 'changePassword'
  const outcome = CASES[key]?.expect(who) ?? 'ok'
  if (key === 'POST /find-person' && probe.form?.name === '' && outcome === 'ok') return 'invalid'
  return outcome
}

function multipart(file: { name: string; content: string }): { payload: Buffer; contentType: string } {
  const boundary = '----throughline-matrix-boundary'
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/json\r\n\r\n${file.content}\r\n--${boundary}--\r\n`
  return { payload: Buffer.from(body), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** Posts the import form's upload, with the page's CSRF token in the action URL or (withToken false) none. */
function upload(t: TestWorld, b: Browser, file: { name: string; content: string }, withToken: boolean): Promise<LightMyRequestResponse> {
  const body = multipart(file)
  const url = withToken && b.csrf !== undefined ? `/import?_csrf=${encodeURIComponent(b.csrf)}` : '/import'
  return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { 'content-type': body.contentType, ...(b.cookie !== undefined ? { cookie: b.cookie } : {}) } })
}

function outcomeOf(res: LightMyRequestResponse): Outcome | `status ${number}` {
  if (res.statusCode === 302 && String(res.headers.location).startsWith('/sign-in')) return 'signIn'
  if (res.statusCode === 303 && res.headers.location === '/account/password') return 'changePassword'
  if (res.statusCode >= 200 && res.statusCode < 400) return 'ok'
  if (res.statusCode === 404) return 'notFound'
  if (res.statusCode === 403) return 'forbidden'
  if (res.statusCode === 401) return 'unauthorised'
  if (res.statusCode === 400) return 'invalid'
  return `status ${res.statusCode}`
}

describe('route matrix', () => {
  let t: TestWorld
  const ctx: Context = { alertId: 0, requestId: 0, agencies: new Map() }

  beforeAll(async () => {
    t = await createTestWorld({ app: { signInAttemptsPerMinute: 10_000 } })
    const account = (name: string): User => {
      const user = t.accounts.get(name)
      if (user === undefined) throw new Error(`no test account ${name}`)
      return user
    }
    for (const [name, user] of t.accounts) ctx.agencies.set(name, user.agency)
    const csc = { kind: 'user', user: account('csc') } as const
    const family = await t.repository.family(csc, 'F1')
    ctx.alertId = family.alerts[0]?.id ?? 0
    // A pending request from housing, for the decide route.
    const housing = { kind: 'user', user: account('housing') } as const
    const [match] = await t.repository.findPerson(housing, { name: 'Amy Smith', born: '2018-02-03' })
    if (match === undefined) throw new Error('fixture person not found')
    ctx.requestId = (await t.repository.requestAccess(housing, match.matchId, 'Amy is on our list for a new housing assessment.')).id
    const system = { kind: 'system', name: 'test-setup' } as const
    await t.users.createUser(system, { username: TARGET, displayName: 'Mat Target', agency: 'school', roles: ['practitioner'], password: TEMPORARY_PASSWORD })
    await t.users.createUser(system, { username: RESET_TARGET, displayName: 'Reese Target', agency: 'school', roles: ['practitioner'], password: TEMPORARY_PASSWORD })
    const admin = { kind: 'user', user: account('admin') } as const
    await t.users.createUser(admin, { username: FLAGGED, displayName: 'Flo Flagged', agency: 'childrens_social_care', roles: ['manager'], password: TEST_PASSWORD })
  })
  afterAll(async () => { await t.close() })

  it('has a case for every route the router serves, and no case for a route that is gone', () => {
    const served = t.app.routeList.map((r) => `${r.method} ${r.url}`)
    expect(served.filter((r) => CASES[r] === undefined), 'routes without a case in the matrix').toEqual([])
    expect(Object.keys(CASES).filter((k) => !served.includes(k)), 'cases for routes that no longer exist').toEqual([])
    expect(ctx.alertId).toBeGreaterThan(0)
  })

  it('protects every form with CSRF', async () => {
    const b = browser(t.app)
    await b.signIn('csc')
    await b.get('/caseload')
    for (const route of t.app.routeList.filter((r) => r.method === 'POST')) {
      for (const probe of CASES[`${route.method} ${route.url}`]?.probes(ctx, WHO[0] as Who) ?? []) {
        const res = probe.file !== undefined ? await upload(t, b, probe.file, false) : await b.post(probe.url, probe.form ?? {}, { csrf: null })
        expect(res.statusCode, `${probe.method} ${probe.url} without a CSRF token`).toBe(403)
      }
    }
  })

  for (const who of WHO) {
    it(`answers ${who.username ?? 'a signed-out visitor'} as expected on every route, without leaking restricted content`, async () => {
      const b: Browser = browser(t.app)
      // A page of theirs with a form, for this session's CSRF token.
      const home = who.mustChangePassword === true ? '/account/password' : '/caseload'
      const signIn = async () => {
        if (who.username === null) return
        expect((await b.signIn(who.username)).statusCode).toBe(302)
        await b.get('/')
        await b.get('/sign-in') // refresh the CSRF token for this session
        await b.get(home)
      }
      await signIn()
      let sawCanary = false
      const keys = Object.keys(CASES).sort((a, c) => LAST.indexOf(a) - LAST.indexOf(c))
      for (const key of keys) {
        for (const probe of CASES[key]?.probes(ctx, who) ?? []) {
          // A visitor who never signs in starts afresh each time: no session, so no CSRF secret.
          const client = who.username === null ? browser(t.app) : b
          const auditBefore = await countAuditRows(t.store.db)
          const res = probe.method === 'GET' ? await client.get(probe.url)
            : probe.file !== undefined ? await upload(t, client, probe.file, true)
              : await client.post(probe.url, probe.form ?? {})
          const label = `${who.username ?? 'anonymous'}: ${probe.method} ${probe.url}`
          expect(outcomeOf(res), `${label}\n${res.body.slice(0, 600)}`).toBe(expectedFor(key, probe, who))
          // A web action that succeeds leaves exactly one audit row (refusals may leave theirs too, but are not counted here).
          if (probe.method === 'POST' && outcomeOf(res) === 'ok') expect(await countAuditRows(t.store.db) - auditBefore, `${label}: audit rows`).toBe(1)
          if (res.body.includes(CANARY)) sawCanary = true
          if (!who.readsRestricted) expect(res.body.includes(CANARY), `${label} leaked restricted content`).toBe(false)
          if (outcomeOf(res) === 'notFound') {
            // Not found reads exactly as for a family that does not exist.
            expect(res.body, label).not.toMatch(/Amy|Smith|families\/F1|Family F1/)
          }
          if (key === 'GET /families/:familyRef' && outcomeOf(res) === 'ok' && !who.readsRestricted && !probe.url.includes('type=')) {
            expect(res.body, `${label} marks the restricted entry`).toContain('Restricted: recorded by Police')
          }
          if (res.statusCode < 400 && who.username !== null) await b.get(home) // a fresh CSRF token after a redirect
        }
      }
      // The check above could not pass by never showing the canary to anyone.
      expect(sawCanary).toBe(who.readsRestricted)
    })
  }
})
