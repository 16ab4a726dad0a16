import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CaseRepository } from '../access/caseRepository.ts'
import type { Actor, User } from '../access/types.ts'
import { AuditFailedError, NotFoundError } from '../errors/errors.ts'
import { countAuditRows, writeAudit } from './auditQueries.ts'
import { buildOtherFamily, CANARY, FIXTURE_NOW, seedCaseRepositoryFixture } from './caseRepositoryFixture.ts'
import type { FixtureUserName } from './caseRepositoryFixture.ts'
import { createCaseRepository, sourceForImport } from './createCaseRepository.ts'
import type { Store } from './createStore.ts'
import { findVisibleFamily, loadFamilyRecord } from './familyRecordQueries.ts'
import { createTestStore } from './testStore.ts'

let store: Store
let repo: CaseRepository
let users: Record<FixtureUserName, User>
let alertId: number
let readableAlertId: number
const as = (name: FixtureUserName): Actor => ({ kind: 'user', user: users[name] })

beforeEach(async () => {
  store = await createTestStore()
  ;({ users, alertId, readableAlertId } = await seedCaseRepositoryFixture(store))
  repo = createCaseRepository(store, { clock: () => FIXTURE_NOW })
})

afterEach(async () => {
  await store.close()
})

describe('createCaseRepository basics', () => {
  it('shows a contributor the family with the restricted entries redacted', async () => {
    const record = await repo.family(as('schoolPractitioner'), 'F-A')
    expect(record.visibility).toBe('contributor')
    expect(record.events.filter((e) => !e.visible).map((e) => e.visible ? '' : e.id)).toEqual(['E4', 'E5'])
    expect(JSON.stringify(record)).not.toContain(CANARY)
    // The alert on the restricted entry is not shown either.
    expect(record.alerts.map((a) => a.id)).toEqual([readableAlertId])
  })

  it('lets children\'s social care read restricted entries', async () => {
    const record = await repo.family(as('cscPractitioner'), 'F-A')
    expect(JSON.stringify(record)).toContain(CANARY)
  })

  it('answers not found to an agency not involved, and audits the refusal', async () => {
    const before = await countAuditRows(store.db, { action: 'refused' })
    await expect(repo.family(as('policePractitioner'), 'F-A')).rejects.toBeInstanceOf(NotFoundError)
    expect(await countAuditRows(store.db, { action: 'refused' })).toBe(before + 1)
  })

  it('lists the caseload with open plans from readable plan events only', async () => {
    const page = await repo.caseload(as('schoolPractitioner'), {})
    expect(page.total).toBe(1)
    expect(page.entries[0]?.openPlans).toEqual(['child_protection'])
    const csc = await repo.caseload(as('cscPractitioner'), {})
    expect(csc.entries[0]?.openPlans).toEqual(['child_protection', 'looked_after'])
  })
})

/** Makes every audit insert fail, as a full disk or a broken audit table would. */
async function breakAuditLog(): Promise<void> {
  await sql.raw(`
    create function test_refuse_audit() returns trigger language plpgsql as $$
    begin raise exception 'audit unavailable'; end $$;
    create trigger test_refuse_audit before insert on audit_log for each row execute function test_refuse_audit();
  `).execute(store.db)
}

describe('fail closed: no audit row, no data', () => {
  const note = { id: 'x', type: 'note' as const, date: '2024-05-01', agency: 'school', subjects: ['child1'], summary: 'Spoke to Ben' }

  it('records nothing when the audit row cannot be written', async () => {
    const events = async () => (await store.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
    const beforeEvents = Number(await events())
    const beforeAudit = await countAuditRows(store.db)
    await breakAuditLog()
    await expect(repo.recordEvent(as('schoolPractitioner'), 'F-A', note, '2024-06-01')).rejects.toBeInstanceOf(AuditFailedError)
    expect(Number(await events())).toBe(beforeEvents)
    expect(await countAuditRows(store.db)).toBe(beforeAudit)
    expect(await store.db.selectFrom('sources').select('name').where('name', '=', 'web:school').executeTakeFirst()).toBeUndefined()
  })

  it('leaves an alert as it was, and shows nothing, when the audit row cannot be written', async () => {
    await breakAuditLog()
    await expect(repo.actOnAlert(as('cscPractitioner'), alertId, { action: 'acknowledge', reason: 'seen' })).rejects.toBeInstanceOf(AuditFailedError)
    const alert = await store.db.selectFrom('alerts').select('state').where('id', '=', alertId).executeTakeFirstOrThrow()
    expect(alert.state).toBe('open')
    expect(await store.db.selectFrom('alert_history').select('id').where('alert_id', '=', alertId).execute()).toEqual([])
    await expect(repo.family(as('cscPractitioner'), 'F-A')).rejects.toBeInstanceOf(AuditFailedError)
    await expect(repo.breakGlass(as('schoolPractitioner'), 'F-B', 'urgent')).rejects.toBeInstanceOf(AuditFailedError)
    expect(await store.db.selectFrom('break_glass').select('id').where('user_id', '=', users.schoolPractitioner.id).execute()).toEqual([])
  })

  it('imports nothing when the audit rows cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'throughline-audit-'))
    try {
      const path = join(dir, 'police.json')
      writeFileSync(path, JSON.stringify({ ...buildOtherFamily(), family: { ref: 'F-NEW' } }))
      await breakAuditLog()
      await expect(repo.importFile(as('policePractitioner'), path, { asOf: '2024-06-01' })).rejects.toBeInstanceOf(AuditFailedError)
      expect(await store.db.selectFrom('families').select('id').where('ref', '=', 'F-NEW').executeTakeFirst()).toBeUndefined()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('break-glass expiry and the audit trail', () => {
  it('closes again after the break-glass hours', async () => {
    let now = FIXTURE_NOW
    const timed = createCaseRepository(store, { clock: () => now, breakGlassHours: 1 })
    await timed.breakGlass(as('schoolPractitioner'), 'F-B', 'Child presented at A&E')
    await expect(timed.family(as('schoolPractitioner'), 'F-B')).resolves.toMatchObject({ visibility: 'break-glass' })
    now = new Date(FIXTURE_NOW.getTime() + 61 * 60_000)
    await expect(timed.family(as('schoolPractitioner'), 'F-B')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('reports who looked at a child, with reasons, to a manager', async () => {
    await repo.child(as('schoolPractitioner'), 'F-A', 'child1')
    await repo.breakGlass(as('policePractitioner'), 'F-A', 'Concern raised by neighbour')
    const { rows } = await repo.audit(as('cscManager'), { familyRef: 'F-A' })
    expect(rows.map((r) => [r.username, r.by.name, r.action, r.childRef, r.reason])).toEqual([
      ['policepractitioner', 'policePractitioner', 'break-glass', null, 'Concern raised by neighbour'],
      ['schoolpractitioner', 'schoolPractitioner', 'view', 'child1', null],
    ])
    const breakGlass = await repo.audit(as('cscManager'), { action: 'break-glass', from: '2000-01-01', to: '2999-12-31' })
    expect(breakGlass.total).toBe(1)
  })

  it('names who asked for access and who decided, by name and agency', async () => {
    const police = as('policePractitioner')
    const [match] = await repo.findPerson(police, { name: 'Ben Alder', born: '2015-05-06' })
    const asked = await repo.requestAccess(police, match?.matchId ?? '', 'Police enquiry about Ben')
    expect(asked.requester).toEqual({ username: 'policepractitioner', name: 'policePractitioner', agency: 'police' })
    await repo.decideAccessRequest(as('cscPractitioner'), asked.id, { grant: true, reason: 'Joint enquiry' })
    const decided = (await repo.accessRequests(police)).find((r) => r.id === asked.id)
    expect(decided?.requester.name).toBe('policePractitioner')
    expect(decided?.decider).toEqual({ username: 'cscpractitioner', name: 'cscPractitioner', agency: 'childrens_social_care' })
  })

  it('does not tell a refused requester which agency decided (that agency holds the family)', async () => {
    const police = as('policePractitioner')
    const [match] = await repo.findPerson(police, { name: 'Ben Alder', born: '2015-05-06' })
    const asked = await repo.requestAccess(police, match?.matchId ?? '', 'Police enquiry about Ben')
    await repo.decideAccessRequest(as('cscPractitioner'), asked.id, { grant: false, reason: 'No current concern' })
    const refused = (await repo.accessRequests(police)).find((r) => r.id === asked.id)
    expect(refused).toMatchObject({ status: 'refused', familyRef: null, decidedBy: null, decider: null, decisionReason: 'No current concern' })
    const seenByDecider = (await repo.accessRequests(as('cscPractitioner'))).find((r) => r.id === asked.id)
    expect(seenByDecider?.decider?.agency).toBe('childrens_social_care')
  })

  it('orders the caseload by the most serious open alert', async () => {
    const family = await store.db.selectFrom('families').select('id').where('ref', '=', 'F-B').executeTakeFirstOrThrow()
    await store.db.insertInto('alerts').values({
      family_id: family.id, rule: 'injury-explanation-accepted', subject: 'child1', first_fired: '2024-01-06', until: null,
      state: 'open', resolution: null, events: ['P1'], threshold: 'test', updated_at: new Date(),
    }).execute()
    await repo.breakGlass(as('cscPractitioner'), 'F-B', 'Injury reported')
    const page = await repo.caseload(as('cscPractitioner'), {})
    expect(page.entries.map((e) => [e.familyRef, e.alertRules])).toEqual([
      ['F-B', ['injury-explanation-accepted']],
      ['F-A', ['child-not-seen', 'child-not-heard']],
    ])
    expect((await repo.caseload(as('cscPractitioner'), { rule: 'child-not-heard' })).entries.map((e) => e.familyRef)).toEqual(['F-A'])
    // The school may not read the child-not-heard alert's restricted evidence.
    const school = await repo.caseload(as('schoolPractitioner'), {})
    expect(school.entries.map((e) => [e.familyRef, e.openAlerts, e.alertRules])).toEqual([['F-A', 1, ['child-not-seen']]])
    expect((await repo.caseload(as('schoolPractitioner'), { rule: 'child-not-heard' })).total).toBe(0)
    expect((await repo.caseload(as('cscPractitioner'), { agency: 'police' })).entries.map((e) => e.familyRef)).toEqual(['F-B'])
    expect((await repo.caseload(as('cscPractitioner'), { search: '2015-05-06' })).entries.map((e) => e.familyRef)).toEqual(['F-A'])
    expect((await repo.caseload(as('cscPractitioner'), { search: '943 476 5919' })).entries.map((e) => e.familyRef)).toEqual(['F-A'])
    expect(await repo.caseload(as('cscPractitioner'), { limit: 1, offset: 1 })).toMatchObject({ total: 2, entries: [{ familyRef: 'F-A' }] })
  })
})

describe('the family and child pages: one statement finds, audits and reads', () => {
  const readers: FixtureUserName[] = ['cscPractitioner', 'schoolPractitioner', 'camhsPractitioner', 'gpPractitioner', 'housingPractitioner']
  const newRows = async (afterId: number) => (await store.db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').execute())
    .map(({ id: _id, at: _at, ...row }) => row)
  const lastId = async () => Number((await store.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id ?? 0)

  it('gives every reader the record loadFamilyRecord gives them, contributor, granted or break-glass', async () => {
    for (const name of readers) {
      const user = users[name]
      const family = await findVisibleFamily(store.db, user, FIXTURE_NOW, 'F-A')
      if (family === undefined) throw new Error(`${name} sees F-A`)
      const loaded = await loadFamilyRecord(store.db, user, family)
      for (const viewed of [await repo.family(as(name), 'F-A'), await repo.child(as(name), 'F-A', 'child1')]) {
        expect(viewed).toEqual(loaded)
        expect(JSON.stringify(viewed)).toBe(JSON.stringify(loaded))
      }
    }
  })

  it('writes one view row, the one writeAudit writes, for a family the user may see, and no other', async () => {
    const actor: Actor = { kind: 'user', user: users.gpPractitioner, via: 'web' }
    const family = await store.db.selectFrom('families').select('id').where('ref', '=', 'F-A').executeTakeFirstOrThrow()
    for (const childRef of [undefined, 'child1']) {
      const before = await lastId()
      await (childRef === undefined ? repo.family(actor, 'F-A') : repo.child(actor, 'F-A', childRef))
      const [viewed, ...others] = await newRows(before)
      expect(others).toEqual([])
      await writeAudit(store.db, actor, { action: 'view', familyId: family.id, familyRef: 'F-A', ...(childRef === undefined ? {} : { childRef }) })
      expect((await newRows(before)).slice(1)).toEqual([viewed])
      expect(viewed).toMatchObject({ username: 'gppractitioner', action: 'view', family_id: family.id, child_ref: childRef ?? null, details: { via: 'web' } })
    }
  })

  it('writes only the refusal, never a view row, for a family the user may not see, one that does not exist, or no such child', async () => {
    const attempts: [FixtureUserName, string, string | undefined][] = [
      ['policePractitioner', 'F-A', undefined], ['analyst', 'F-A', undefined], ['admin', 'F-A', undefined], ['schoolPractitioner', 'F-NONE', undefined],
      ['schoolPractitioner', 'F-B', undefined], ['policePractitioner', 'F-A', 'child1'], ['schoolPractitioner', 'F-A', 'mother'], ['schoolPractitioner', 'F-A', 'nobody'],
    ]
    for (const [name, familyRef, childRef] of attempts) {
      const before = await lastId()
      const call = childRef === undefined ? repo.family(as(name), familyRef) : repo.child(as(name), familyRef, childRef)
      await expect(call).rejects.toBeInstanceOf(NotFoundError)
      expect(await newRows(before)).toEqual([expect.objectContaining({
        username: users[name].username, action: 'refused', family_id: null, family_ref: familyRef, child_ref: childRef ?? null,
      })])
    }
  })
})

describe('sourceForImport', () => {
  const user = (agency: string) => ({ kind: 'user' as const, user: { id: 1, username: 'u', displayName: 'U', agency, roles: ['practitioner' as const], disabled: false } })
  it('keeps a user inside their own agency\'s sources', () => {
    expect(sourceForImport(user('school'), 'police')).toBe('school/police')
    expect(sourceForImport(user('school'), 'school/termly')).toBe('school/termly')
    expect(sourceForImport({ kind: 'system', name: 'demo' }, 'demo')).toBe('demo')
  })
})
