// An alert tells what its evidence says (its rule, threshold and dates), so a
// user who may not read one of its contributing events does not see the alert
// anywhere: family, alert page, caseload counts and rule filter, export, and
// the alerts a record or import raised.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CaseRepository } from '../access/caseRepository.ts'
import type { Actor, User } from '../access/types.ts'
import { evaluateFamily } from '../alerts/evaluateFamily.ts'
import { NotFoundError } from '../errors/errors.ts'
import { FORMAT } from '../exchange/schema.ts'
import type { FamilyDocument } from '../exchange/schema.ts'
import { CANARY, FIXTURE_NOW, importDocuments, seedCaseRepositoryFixture } from './caseRepositoryFixture.ts'
import type { FixtureUserName } from './caseRepositoryFixture.ts'
import { createCaseRepository } from './createCaseRepository.ts'
import type { Store } from './createStore.ts'
import { createTestStore } from './testStore.ts'

const RULE = 'postnatal-mental-health'
const AS_OF = '2024-06-01'

let store: Store
let repo: CaseRepository
let users: Record<FixtureUserName, User>
let dir: string
const as = (name: FixtureUserName): Actor => ({ kind: 'user', user: users[name] })

/** A birth to a mother whose mental health need is only in a restricted CAMHS entry; the school knows the family. */
function postnatalFamily(ref: string): FamilyDocument {
  return {
    format: FORMAT,
    family: { ref, name: `Family ${ref}` },
    people: [
      { ref: 'mother', given_name: 'Gina', family_name: 'Hale', born: '1995-01-01', role: 'adult' },
      { ref: 'older', given_name: 'Ivy', family_name: 'Hale', born: '2017-01-01', role: 'child' },
      { ref: 'baby', given_name: 'Jo', family_name: 'Hale', born: '2024-01-10', role: 'child' },
    ],
    relationships: [{ from: 'mother', to: 'baby', type: 'mother' }, { from: 'mother', to: 'older', type: 'mother' }],
    events: [
      { id: 'M1', type: 'adult_factor', date: '2023-06-01', agency: 'camhs', subjects: ['mother'], restricted: true, factor: 'mental_health', summary: `Perinatal referral ${CANARY}` },
      { id: 'B1', type: 'birth', date: '2024-01-10', agency: 'health_visitor', subjects: ['mother', 'baby'], child: 'baby', summary: 'Jo born' },
      { id: 'S1', type: 'note', date: '2024-02-01', agency: 'school', subjects: ['older'], summary: 'Ivy says she has a baby sister' },
      { id: 'C1', type: 'note', date: '2024-02-05', agency: 'childrens_social_care', subjects: ['baby'], summary: 'Contact from health visitor' },
    ],
  }
}

beforeEach(async () => {
  store = await createTestStore()
  ;({ users } = await seedCaseRepositoryFixture(store))
  await importDocuments(store, [postnatalFamily('F-P'), postnatalFamily('F-Q')], 'feed')
  await evaluateFamily(store, 'F-P', { asOf: AS_OF, full: true })
  repo = createCaseRepository(store, { clock: () => FIXTURE_NOW })
  dir = mkdtempSync(join(tmpdir(), 'throughline-alert-access-'))
})

afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('alerts on restricted evidence', () => {
  it('shows the alert to those who may read its evidence', async () => {
    for (const name of ['cscPractitioner', 'camhsPractitioner'] as const) {
      const record = await repo.family(as(name), 'F-P')
      expect(record.alerts.map((a) => a.rule)).toContain(RULE)
      expect((await repo.caseload(as(name), { rule: RULE })).total).toBe(1)
    }
  })

  it('hides it everywhere from a user who may not read the restricted entry', async () => {
    const school = as('schoolPractitioner')
    const received: unknown[] = []
    const alert = await store.db.selectFrom('alerts').select(['id', 'events']).where('rule', '=', RULE).executeTakeFirstOrThrow()
    expect(alert.events).toEqual(['B1', 'M1'])

    const record = await repo.family(school, 'F-P')
    received.push(record)
    expect(record.alerts.map((a) => a.rule)).not.toContain(RULE)
    expect(record.events.filter((e) => !e.visible).map((e) => e.id)).toEqual(['M1'])

    await expect(repo.alert(school, alert.id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(repo.actOnAlert(school, alert.id, { action: 'acknowledge', reason: 'seen' })).rejects.toBeInstanceOf(NotFoundError)

    const page = await repo.caseload(school, {})
    received.push(page)
    const entry = page.entries.find((e) => e.familyRef === 'F-P')
    expect(entry?.alertRules).not.toContain(RULE)
    expect((await repo.caseload(school, { rule: RULE })).total).toBe(0)

    const exported = await repo.exportFamily(school, 'F-P')
    received.push(exported)
    expect(JSON.stringify(exported.derived)).not.toContain(RULE)
    expect(JSON.stringify((await repo.exportFamily(as('cscPractitioner'), 'F-P')).derived)).toContain(RULE)

    // A record that brings the family's alerts up to date lists only what the user may see.
    const recorded = await repo.recordEvent(school, 'F-Q', { id: 'x', type: 'note', date: '2024-05-01', agency: 'school', subjects: ['older'], summary: 'Ivy tired' }, AS_OF)
    received.push(recorded)
    expect(recorded.alertsRaised.map((a) => a.rule)).not.toContain(RULE)
    expect((await repo.family(as('cscPractitioner'), 'F-Q')).alerts.map((a) => a.rule)).toContain(RULE)

    const text = JSON.stringify(received)
    expect(text).not.toContain(CANARY)
    expect(text).not.toContain('mental health')
  })

  it('replays over the entries the user may read only', async () => {
    const csc = await repo.replay(as('cscPractitioner'), 'F-P', { asOf: AS_OF })
    expect(csc.alerts.map((a) => a.rule)).toContain(RULE)
    const before = await store.db.selectFrom('audit_log').select('id').execute()
    const school = await repo.replay(as('schoolPractitioner'), 'F-P', { asOf: AS_OF })
    expect(school.alerts.map((a) => a.rule)).not.toContain(RULE)
    expect(school.storedAlerts.map((a) => a.rule)).not.toContain(RULE)
    expect(JSON.stringify(school)).not.toContain('M1')
    const rows = await store.db.selectFrom('audit_log').select(['action', 'family_ref', 'username']).where('id', 'not in', before.map((r) => r.id)).execute()
    expect(rows).toEqual([{ action: 'view', family_ref: 'F-P', username: users.schoolPractitioner.username }])
    await expect(repo.replay(as('policePractitioner'), 'F-P', { asOf: AS_OF })).rejects.toBeInstanceOf(NotFoundError)
  })

  it('leaves it out of the alerts an import raised, for a user who may not read its evidence', async () => {
    const path = join(dir, 'school.json')
    const doc = postnatalFamily('F-Q')
    writeFileSync(path, JSON.stringify({ ...doc, events: doc.events.filter((e) => e.agency === 'school') }))
    const school = await repo.importFile(as('schoolPractitioner'), path, { source: 'school', asOf: AS_OF })
    expect(school.alertsRaised.map((a) => a.alert.rule)).not.toContain(RULE)
    expect(JSON.stringify(school)).not.toContain('mental health')
    // The import did raise it.
    expect((await repo.family(as('camhsPractitioner'), 'F-Q')).alerts.map((a) => a.rule)).toContain(RULE)
  })
})
