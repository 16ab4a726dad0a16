import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { User } from '../access/types.ts'
import { NotFoundError } from '../errors/errors.ts'
import { countAuditRows } from './auditQueries.ts'
import { SYSTEM_ACTOR } from '../alerts/evaluateFamily.ts'
import { FIXTURE_NOW, seedCaseRepositoryFixture } from './caseRepositoryFixture.ts'
import type { FixtureUserName } from './caseRepositoryFixture.ts'
import { createCaseRepository } from './createCaseRepository.ts'
import type { Store } from './createStore.ts'
import { createTestStore } from './testStore.ts'

let store: Store
let users: Record<FixtureUserName, User>
let alertId: number
let restrictedAlertId: number

beforeEach(async () => {
  store = await createTestStore()
  ;({ users, readableAlertId: alertId, alertId: restrictedAlertId } = await seedCaseRepositoryFixture(store))
})

afterEach(async () => {
  await store.close()
})

describe('alertHistoryWithNames', () => {
  it('names each user who acted by name and agency, the evaluation as Throughline, and a name no account holds as recorded, marked so', async () => {
    await store.db.insertInto('alert_history').values([
      { alert_id: alertId, action: 'raised', actor: SYSTEM_ACTOR, reason: null, events: ['E1'], as_of: '2024-02-01' },
      { alert_id: alertId, action: 'acknowledged', actor: 'someone.gone', reason: 'Seen.' },
    ]).execute()
    const repo = createCaseRepository(store, { clock: () => FIXTURE_NOW })
    const csc = { kind: 'user', user: users.cscPractitioner } as const
    await repo.actOnAlert(csc, alertId, { action: 'resolve', reason: 'Child seen alone at home.' })
    const { history } = await repo.alert({ kind: 'user', user: users.schoolPractitioner }, alertId)
    expect(history.map((h) => [h.action, h.by])).toEqual([
      ['raised', { username: SYSTEM_ACTOR, name: 'Throughline (automatic evaluation)', agency: null }],
      ['acknowledged', { username: 'someone.gone', name: 'someone.gone (no account)', agency: null }],
      ['resolved', { username: 'cscpractitioner', name: 'cscPractitioner', agency: 'childrens_social_care' }],
    ])
    expect(history[2]?.reason).toBe('Child seen alone at home.')
  })

  it('gives no one the history of an alert resting on a restricted entry they may not read, nor another alert\'s entries', async () => {
    await store.db.insertInto('alert_history').values([
      { alert_id: restrictedAlertId, action: 'acknowledged', actor: 'cscpractitioner', reason: 'Discussed the restricted entry with the GP.' },
    ]).execute()
    const repo = createCaseRepository(store, { clock: () => FIXTURE_NOW })
    const school = { kind: 'user', user: users.schoolPractitioner } as const
    const refusals = await countAuditRows(store.db, { action: 'refused' })
    await expect(repo.alert(school, restrictedAlertId)).rejects.toBeInstanceOf(NotFoundError)
    expect(await countAuditRows(store.db, { action: 'refused' })).toBe(refusals + 1)
    const { history } = await repo.alert(school, alertId)
    expect(history.map((h) => h.reason)).not.toContain('Discussed the restricted entry with the GP.')
  })
})
