// Every CaseRepository method against users of every kind: each role, agency
// involved or not, granted, break-glass, with restricted entries present.
// Each answer is checked (allowed, not found, forbidden; redacted or in full),
// each call's audit rows are counted, and a canary planted in a restricted
// entry must never appear in anything a user who may not read it receives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseRepository, FamilyRecord } from '../access/caseRepository.ts'
import { CASE_REPOSITORY_METHODS } from '../access/caseRepositoryMethods.ts'
import type { CaseRepositoryMethod } from '../access/caseRepositoryMethods.ts'
import type { Actor, User } from '../access/types.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors/errors.ts'
import { countAuditRows } from './auditQueries.ts'
import { buildFixtureFamily, CANARY, FIXTURE_NOW, FIXTURE_USERS, seedCaseRepositoryFixture } from './caseRepositoryFixture.ts'
import type { FixtureUserName } from './caseRepositoryFixture.ts'
import { createCaseRepository } from './createCaseRepository.ts'
import type { Store } from './createStore.ts'
import { createTestStore } from './testStore.ts'
import { insertUser, toUser } from './userQueries.ts'

/** How much of family F-A each user may see. */
type Access = 'full' | 'redacted' | 'none'
const ACCESS: Record<FixtureUserName, Access> = {
  cscPractitioner: 'full',
  cscManager: 'full',
  camhsPractitioner: 'full',
  schoolPractitioner: 'redacted',
  schoolManager: 'redacted',
  gpPractitioner: 'redacted',
  housingPractitioner: 'redacted',
  policePractitioner: 'none',
  analyst: 'none',
  admin: 'none',
}
const VISIBILITY: Partial<Record<FixtureUserName, FamilyRecord['visibility']>> = {
  cscPractitioner: 'contributor', cscManager: 'contributor', camhsPractitioner: 'contributor', schoolPractitioner: 'contributor',
  schoolManager: 'contributor', gpPractitioner: 'granted', housingPractitioner: 'break-glass',
}
const CASE_WORKERS = new Set<FixtureUserName>(
  (Object.keys(FIXTURE_USERS) as FixtureUserName[]).filter((n) => FIXTURE_USERS[n].roles.some((r) => r === 'practitioner' || r === 'manager')),
)
const MAY_DECIDE = new Set<FixtureUserName>(['cscPractitioner', 'cscManager', 'schoolManager'])
const SEES_AUDIT = new Set<FixtureUserName>(['cscManager', 'schoolManager', 'admin'])
const SEES_FIGURES = new Set<FixtureUserName>(['cscManager', 'schoolManager', 'analyst'])
const IMPORTS = new Set<FixtureUserName>([...CASE_WORKERS, 'admin'])
/**
 * Users whose agency holds F-A by the time they import: contributed or granted
 * (the admin is of children's social care; housing contributed by the
 * recordEvent it made under break-glass earlier in the suite).
 */
const AGENCY_HOLDS_FA = new Set<FixtureUserName>(['cscPractitioner', 'cscManager', 'schoolPractitioner', 'schoolManager', 'camhsPractitioner', 'gpPractitioner', 'housingPractitioner', 'admin'])

type Outcome = 'allowed' | 'not-found' | 'forbidden' | 'conflict' | 'invalid'

interface Attempt<T> {
  outcome: Outcome
  value?: T
  auditRows: number
}

describe.each(Object.keys(FIXTURE_USERS) as FixtureUserName[])('as %s', (name) => {
  const access = ACCESS[name]
  let store: Store
  let repo: CaseRepository
  let users: Record<FixtureUserName, User>
  let alertId: number
  let readableAlertId: number
  let me: Actor
  let dir: string
  const received: unknown[] = []
  const covered = new Set<CaseRepositoryMethod>()

  async function attempt<T>(method: CaseRepositoryMethod, call: () => Promise<T>): Promise<Attempt<T>> {
    covered.add(method)
    const before = await countAuditRows(store.db)
    let result: Attempt<T>
    try {
      const value = await call()
      received.push(value)
      result = { outcome: 'allowed', value, auditRows: 0 }
    } catch (e) {
      received.push(e instanceof Error ? e.message : e)
      if (e instanceof NotFoundError) result = { outcome: 'not-found', auditRows: 0 }
      else if (e instanceof ForbiddenError) result = { outcome: 'forbidden', auditRows: 0 }
      else if (e instanceof ConflictError) result = { outcome: 'conflict', auditRows: 0 }
      else if (e instanceof ValidationError) result = { outcome: 'invalid', auditRows: 0 }
      else throw e
    }
    result.auditRows = (await countAuditRows(store.db)) - before
    return result
  }

  /** Allowed, not found and forbidden calls write one audit row (a refusal for the last two); a conflict writes none. */
  function expectAudited(a: Attempt<unknown>): void {
    expect(a.auditRows).toBe(a.outcome === 'conflict' ? 0 : 1)
  }

  function expectFamilyRecord(record: FamilyRecord | undefined): void {
    expect(record?.ref).toBe('F-A')
    expect(record?.visibility).toBe(VISIBILITY[name])
    const hidden = record?.events.filter((e) => !e.visible) ?? []
    if (access === 'full') expect(hidden).toEqual([])
    else expect(hidden).toEqual([
      { visible: false, id: 'E4', date: '2024-02-15', agency: 'camhs', restricted: true },
      { visible: false, id: 'E5', date: '2024-03-01', agency: 'camhs', restricted: true },
    ])
    expect(JSON.stringify(record).includes(CANARY)).toBe(access === 'full')
  }

  beforeAll(async () => {
    store = await createTestStore()
    ;({ users, alertId, readableAlertId } = await seedCaseRepositoryFixture(store))
    repo = createCaseRepository(store, { clock: () => FIXTURE_NOW, matchSecret: 'matrix' })
    me = { kind: 'user', user: users[name] }
    dir = mkdtempSync(join(tmpdir(), 'throughline-matrix-'))
  })

  afterAll(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('caseload: lists F-A only to those who may see it; search never reaches event content', async () => {
    const all = await attempt('caseload', () => repo.caseload(me, {}))
    expectAudited(all)
    expect(all.value?.entries.map((e) => e.familyRef).includes('F-A')).toBe(access !== 'none')
    const byName = await attempt('caseload', () => repo.caseload(me, { search: 'alder' }))
    expect(byName.value?.entries.map((e) => e.familyRef)).toEqual(access === 'none' ? [] : ['F-A'])
    const byIdentifier = await attempt('caseload', () => repo.caseload(me, { search: 'A123456789012' }))
    expect(byIdentifier.value?.total).toBe(access === 'none' ? 0 : 1)
    const canary = await attempt('caseload', () => repo.caseload(me, { search: CANARY }))
    expect(canary.value?.total).toBe(0)
    const plans = await attempt('caseload', () => repo.caseload(me, { plan: 'looked_after' }))
    // The looked-after plan is only in a restricted entry.
    expect(plans.value?.total).toBe(access === 'full' ? 1 : 0)
  })

  it('family: the record, redacted, or not found', async () => {
    const a = await attempt('family', () => repo.family(me, 'F-A'))
    expectAudited(a)
    expect(a.outcome).toBe(access === 'none' ? 'not-found' : 'allowed')
    if (access !== 'none') expectFamilyRecord(a.value)
    const missing = await attempt('family', () => repo.family(me, 'F-NONE'))
    expect(missing.outcome).toBe('not-found')
    expectAudited(missing)
  })

  it('familyPage: the outline and the events asked for, redacted, or not found, in one statement or two', async () => {
    // The fixture's families are small: a repository told to read no family whole takes the two-statement way.
    const twoStatements = createCaseRepository(store, { clock: () => FIXTURE_NOW, matchSecret: 'matrix', wholeFamilyEvents: 0 })
    for (const repository of [repo, twoStatements]) {
      const a = await attempt('familyPage', () => repository.familyPage(me, 'F-A', {}, (outline) => outline.events.map((e) => e.key)))
      expectAudited(a)
      expect(a.outcome).toBe(access === 'none' ? 'not-found' : 'allowed')
      if (a.value !== undefined) {
        expectFamilyRecord({ ...a.value.outline, events: a.value.detailed })
        expect(a.value.outline.events.map((e) => e.id)).toEqual(a.value.detailed.map((e) => (e.visible ? e.event.id : e.id)))
        // Filtered by its type, a restricted entry is kept only for those who may read it.
        const byType = await repository.familyPage(me, 'F-A', { type: 'child_voice' }, () => [])
        expect(byType.outline.events.find((e) => e.id === 'E4')?.kept).toBe(access === 'full')
      }
      const missing = await attempt('familyPage', () => repository.familyPage(me, 'F-NONE', {}, () => []))
      expect(missing.outcome).toBe('not-found')
      expectAudited(missing)
    }
  })

  it('child: the record for a child of a visible family; an adult or unknown ref is not found', async () => {
    const a = await attempt('child', () => repo.child(me, 'F-A', 'child1'))
    expectAudited(a)
    expect(a.outcome).toBe(access === 'none' ? 'not-found' : 'allowed')
    if (access !== 'none') expectFamilyRecord(a.value)
    const adult = await attempt('child', () => repo.child(me, 'F-A', 'mother'))
    expect(adult.outcome).toBe('not-found')
    expectAudited(adult)
  })

  it('alert: shown only to those who may read all its evidence', async () => {
    // Its rule and threshold would tell what the restricted entry says.
    const a = await attempt('alert', () => repo.alert(me, alertId))
    expectAudited(a)
    expect(a.outcome).toBe(access === 'full' ? 'allowed' : 'not-found')
    if (a.value !== undefined) {
      expect(a.value.alert.events).toEqual(['E1', 'E4'])
      expectFamilyRecord(a.value.family)
    }
    const readable = await attempt('alert', () => repo.alert(me, readableAlertId))
    expectAudited(readable)
    expect(readable.outcome).toBe(access === 'none' ? 'not-found' : 'allowed')
    if (readable.value !== undefined) {
      expect(readable.value.alert.events).toEqual(['E1', 'E3'])
      expectFamilyRecord(readable.value.family)
      expect(readable.value.family.alerts.map((x) => x.id)).toEqual(access === 'full' ? [readableAlertId, alertId] : [readableAlertId])
    }
  })

  it('exportFamily: restricted entries left out and counted', async () => {
    const a = await attempt('exportFamily', () => repo.exportFamily(me, 'F-A'))
    expectAudited(a)
    expect(a.outcome).toBe(access === 'none' ? 'not-found' : 'allowed')
    if (a.value !== undefined) {
      expect(a.value.derived?.redacted).toBe(access === 'full' ? 0 : 2)
      expect(a.value.events.map((e) => e.id)).toEqual(access === 'full' ? ['E1', 'E2', 'E3', 'E4', 'E5'] : ['E1', 'E2', 'E3'])
      expect(JSON.stringify(a.value).includes(CANARY)).toBe(access === 'full')
    }
    const child = await attempt('exportFamily', () => repo.exportFamily(me, 'F-A', { childRef: 'child1', format: 'csv' }))
    expectAudited(child)
    expect(child.outcome).toBe(access === 'none' ? 'not-found' : 'allowed')
  })

  it('replay: over the entries the user may read only, audited once', async () => {
    const a = await attempt('replay', () => repo.replay(me, 'F-A', { asOf: '2024-06-01' }))
    expectAudited(a)
    expect(a.outcome).toBe(access === 'none' ? 'not-found' : 'allowed')
    if (a.value !== undefined) {
      expect(a.value.family).toBe('F-A')
      const evidence = [...a.value.alerts, ...a.value.storedAlerts].flatMap((x) => x.events)
      if (access !== 'full') expect(evidence.filter((id) => id === 'E4' || id === 'E5')).toEqual([])
    }
  })

  it('findPerson and requestAccess: a known person can be found by name and date of birth, and access asked for', async () => {
    const found = await attempt('findPerson', () => repo.findPerson(me, { name: 'Ben  ALDER', born: '2015-05-06' }))
    if (!CASE_WORKERS.has(name)) {
      expect(found.outcome).toBe('forbidden')
      expectAudited(found)
      const request = await attempt('requestAccess', () => repo.requestAccess(me, '1.AAAAAAAAAAAAAAAAAAAAAA', 'need to know'))
      expect(request.outcome).toBe('forbidden')
      return
    }
    expectAudited(found)
    expect(found.value).toHaveLength(1)
    const match = found.value?.[0]
    expect(match?.visible).toBe(access !== 'none')
    expect(match?.familyRef).toBe(access === 'none' ? undefined : 'F-A')
    expect(match?.matchedOn).toEqual(['name', 'born'])
    // Part of a name finds people only in families the user can already see.
    const partial = await attempt('findPerson', () => repo.findPerson(me, { name: 'ben' }))
    expect(partial.value?.length).toBe(access === 'none' ? 0 : 1)

    const request = await attempt('requestAccess', () => repo.requestAccess(me, match?.matchId ?? '', 'Ben has joined our caseload'))
    expectAudited(request)
    // The break-glass user's own agency cannot see F-A, so may still ask.
    const mayAsk = access === 'none' || VISIBILITY[name] === 'break-glass'
    expect(request.outcome).toBe(mayAsk ? 'allowed' : 'conflict')
    // The ref is not the requester's to learn until access is granted.
    if (mayAsk) expect(request.value).toMatchObject({ familyRef: null, status: 'pending', agency: users[name].agency })
    const forged = await attempt('requestAccess', () => repo.requestAccess(me, `${(match?.matchId ?? '1.').split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`, 'forged'))
    expect(forged.outcome).toBe('not-found')
    expectAudited(forged)
  })

  it('accessRequests and decideAccessRequest: only those who may grant see and decide another agency\'s request', async () => {
    const police: Actor = { kind: 'user', user: users.policePractitioner }
    const policeRequest = name === 'policePractitioner'
      ? (await repo.accessRequests(police)).find((r) => r.status === 'pending')
      : await repo.requestAccess(police, (await repo.findPerson(police, { name: 'Ben Alder', born: '2015-05-06' }))[0]?.matchId ?? '', 'Police enquiry')
    expect(policeRequest).toBeDefined()
    const list = await attempt('accessRequests', () => repo.accessRequests(me, { status: 'pending' }))
    expect(list.auditRows).toBe(1)
    const listed = list.value?.some((r) => r.id === policeRequest?.id) ?? false
    expect(listed).toBe(MAY_DECIDE.has(name) || name === 'policePractitioner')
    // Deciders see which family; the requester does not, until granted.
    if (listed) expect(list.value?.find((r) => r.id === policeRequest?.id)?.familyRef).toBe(name === 'policePractitioner' ? null : 'F-A')

    const decision = await attempt('decideAccessRequest', () => repo.decideAccessRequest(me, policeRequest?.id ?? 0, { grant: true, reason: 'Joint enquiry' }))
    expectAudited(decision)
    const expected: Outcome = !CASE_WORKERS.has(name) ? 'forbidden' : MAY_DECIDE.has(name) ? 'allowed' : 'not-found'
    expect(decision.outcome).toBe(expected)
    if (expected === 'allowed') {
      // Police now see F-A, redacted.
      const record = await repo.family(police, 'F-A')
      expect(record.visibility).toBe('granted')
      expect(JSON.stringify(record)).not.toContain(CANARY)
      expect((await repo.accessRequests(police)).find((r) => r.id === policeRequest?.id)?.familyRef).toBe('F-A')
      const again = await attempt('decideAccessRequest', () => repo.decideAccessRequest(me, policeRequest?.id ?? 0, { grant: false, reason: 'Changed mind' }))
      expect(again.outcome).toBe('conflict')
      expect(again.auditRows).toBe(0)
    }
  })

  it('breakGlass: opens a family the user cannot otherwise see, flagged in the audit', async () => {
    const before = await countAuditRows(store.db, { action: 'break-glass' })
    const a = await attempt('breakGlass', () => repo.breakGlass(me, 'F-B', 'Child presented at A&E out of hours'))
    expectAudited(a)
    if (!CASE_WORKERS.has(name)) {
      expect(a.outcome).toBe('forbidden')
      return
    }
    expect(a.outcome).toBe('allowed')
    expect(a.value?.visibility).toBe(name === 'policePractitioner' ? 'contributor' : 'break-glass')
    expect(await countAuditRows(store.db, { action: 'break-glass' })).toBe(before + (name === 'policePractitioner' ? 0 : 1))
    const missing = await attempt('breakGlass', () => repo.breakGlass(me, 'F-NONE', 'Checking a ref'))
    expect(missing.outcome).toBe('not-found')
    expectAudited(missing)
    const viaFamily = await attempt('family', () => repo.family(me, 'F-B', { breakGlassReason: 'Second look' }))
    expect(viaFamily.outcome).toBe('allowed')
    expectAudited(viaFamily)
  })

  it('audit: managers and admins only; a manager sees their agency and their families', async () => {
    const a = await attempt('audit', () => repo.audit(me, { limit: 1000 }))
    // Looking at the log, or being refused it, is logged.
    expect(a.auditRows).toBe(1)
    expect(a.outcome).toBe(SEES_AUDIT.has(name) ? 'allowed' : 'forbidden')
    if (name === 'schoolManager') {
      // Other agencies' looks at F-B (which the school cannot see) stay hidden.
      expect(a.value?.rows.filter((r) => r.agency !== 'school' && r.familyRef !== 'F-A')).toEqual([])
      expect(a.value?.rows.some((r) => r.agency === 'police' && r.familyRef === 'F-A')).toBe(true)
    }
    if (name === 'admin') expect(a.value?.total).toBe(await countAuditRows(store.db))
    if (name === 'policePractitioner') {
      // A police manager sees the police practitioner's access request, not which family it was for.
      const row = await insertUser(store.db, { username: 'policemanager', displayName: 'Police manager', agency: 'police', roles: ['manager'], passwordHash: 'not-a-hash' })
      if (row === undefined) throw new Error('policemanager exists')
      const policeManager: Actor = { kind: 'user', user: toUser(row) }
      const rows = (await repo.audit(policeManager, { action: 'access-request' })).rows
      expect(rows.length).toBeGreaterThan(0)
      expect(rows.map((r) => r.familyRef)).toEqual(rows.map(() => null))
    }
  })

  it('figures: counts only, for analysts and managers', async () => {
    const a = await attempt('figures', () => repo.figures(me))
    // Counts only: a look is not logged, a refusal is.
    expect(a.auditRows).toBe(a.outcome === 'forbidden' ? 1 : 0)
    expect(a.outcome).toBe(SEES_FIGURES.has(name) ? 'allowed' : 'forbidden')
    if (a.value !== undefined) {
      expect(a.value.families).toBe(2)
      expect(a.value.eventsByAgency).toContainEqual({ agency: 'camhs', events: 2 })
      expect(JSON.stringify(a.value)).not.toMatch(/F-A|Alder|Ben/)
    }
  })

  it('actOnAlert: acknowledge and resolve, by those who may see the family', async () => {
    const ack = await attempt('actOnAlert', () => repo.actOnAlert(me, readableAlertId, { action: 'acknowledge', reason: 'Discussed in supervision' }))
    expectAudited(ack)
    const expected: Outcome = !CASE_WORKERS.has(name) ? 'forbidden' : access === 'none' ? 'not-found' : 'allowed'
    expect(ack.outcome).toBe(expected)
    const hidden = await attempt('actOnAlert', () => repo.actOnAlert(me, alertId, { action: 'acknowledge', reason: 'Discussed' }))
    expect(hidden.outcome).toBe(!CASE_WORKERS.has(name) ? 'forbidden' : access === 'full' ? 'allowed' : 'not-found')
    expectAudited(hidden)
    if (expected !== 'allowed') return
    const again = await attempt('actOnAlert', () => repo.actOnAlert(me, readableAlertId, { action: 'acknowledge', reason: 'Twice' }))
    expect(again.outcome).toBe('conflict')
    expect(again.auditRows).toBe(0)
    const resolve = await attempt('actOnAlert', () => repo.actOnAlert(me, readableAlertId, { action: 'resolve', reason: 'Child seen and heard' }))
    expectAudited(resolve)
    const reopen = await attempt('actOnAlert', () => repo.actOnAlert(me, readableAlertId, { action: 'reopen', reason: 'New concern' }))
    expectAudited(reopen)
    const { history } = await repo.alert(me, readableAlertId)
    expect(history.map((h) => [h.action, h.actor])).toEqual([
      ['acknowledged', users[name].username], ['resolved', users[name].username], ['reopened', users[name].username],
    ])
  })

  it('recordEvent: an event from the user\'s own agency, validated, then evaluated', async () => {
    const event = { id: 'ignored', type: 'note' as const, date: '2024-05-01', agency: 'someone_else', subjects: ['child1'], summary: 'Spoke to Ben at the gate' }
    const a = await attempt('recordEvent', () => repo.recordEvent(me, 'F-A', event, '2024-06-01'))
    expectAudited(a)
    const expected: Outcome = access === 'none' ? 'not-found' : 'allowed'
    expect(a.outcome).toBe(expected)
    if (a.value === undefined) return
    expect(a.value.eventId).toMatch(/^web-/)
    const record = await repo.family(me, 'F-A')
    const mine = record.events.find((e) => e.visible && e.event.id === a.value?.eventId)
    expect(mine).toMatchObject({ visible: true, event: { agency: users[name].agency, summary: event.summary }, provenance: { source: `web:${users[name].agency}` } })
    await expect(repo.recordEvent(me, 'F-A', { ...event, subjects: ['stranger'] }, '2024-06-01')).rejects.toThrow(/stranger is not in people/)
  })

  it('importFile: only the user\'s own agency\'s records, into families their agency holds; one audit row per family', async () => {
    const fa = buildFixtureFamily()
    const own = join(dir, 'own.json')
    writeFileSync(own, JSON.stringify({
      ...fa, events: [{ id: 'I1', type: 'note', date: '2024-04-01', agency: users[name].agency, subjects: ['child1'], summary: 'Imported note' }],
    }))
    const a = await attempt('importFile', () => repo.importFile(me, own, { source: 'own', asOf: '2024-06-01' }))
    const expected: Outcome = !IMPORTS.has(name) ? 'forbidden' : AGENCY_HOLDS_FA.has(name) ? 'allowed' : 'invalid'
    expect(a.outcome).toBe(expected)
    // Allowed: one import row for the family; refused or forbidden: one refused row.
    expect(a.auditRows).toBe(1)
    if (a.value !== undefined) {
      expect(a.value.families.map((f) => f.ref)).toEqual(['F-A'])
      if (access === 'none') expect(a.value.alertsRaised).toEqual([])
    }
    // Another agency's records are refused whole, whoever sends them.
    const school = join(dir, 'school.json')
    writeFileSync(school, JSON.stringify({ ...fa, events: fa.events.filter((e) => e.agency === 'school') }))
    const forged = await attempt('importFile', () => repo.importFile(me, school, { source: 'school', asOf: '2024-06-01' }))
    expect(forged.outcome).toBe(!IMPORTS.has(name) ? 'forbidden' : users[name].agency === 'school' ? 'allowed' : 'invalid')
    expect(forged.auditRows).toBe(1)
  })

  it('never hands the canary to a user who may not read it, and covers every method', () => {
    const text = JSON.stringify(received)
    expect(text.includes(CANARY)).toBe(access === 'full')
    expect([...CASE_REPOSITORY_METHODS].filter((m) => !covered.has(m))).toEqual([])
  })
})
