import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CaseRepository } from '../access/caseRepository.ts'
import type { Actor, User } from '../access/types.ts'
import { NotFoundError } from '../errors/errors.ts'
import { countAuditRows } from './auditQueries.ts'
import {
  buildFixtureFamily, buildOtherFamily, CANARY, createFixtureUsers, FIXTURE_NOW, importDocuments, insertRestrictedAlert,
} from './caseRepositoryFixture.ts'
import type { FixtureUserName } from './caseRepositoryFixture.ts'
import { createCaseRepository } from './createCaseRepository.ts'
import type { Store } from './createStore.ts'
import { createTestStore } from './testStore.ts'

let store: Store
let repo: CaseRepository
let users: Record<FixtureUserName, User>
let alertId: number
const as = (name: FixtureUserName): Actor => ({ kind: 'user', user: users[name] })

beforeEach(async () => {
  store = await createTestStore()
  const fa = buildFixtureFamily()
  // Each agency's records arrive from that agency.
  for (const agency of ['childrens_social_care', 'school', 'camhs']) {
    await importDocuments(store, [{ ...fa, events: fa.events.filter((e) => e.agency === agency) }], agency)
  }
  await importDocuments(store, [buildOtherFamily()], 'police')
  users = await createFixtureUsers(store)
  alertId = await insertRestrictedAlert(store)
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
    expect(record.alerts.map((a) => a.id)).toEqual([alertId])
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
