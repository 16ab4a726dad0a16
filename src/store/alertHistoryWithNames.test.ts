import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { User } from '../access/types.ts'
import { SYSTEM_ACTOR } from '../alerts/evaluateFamily.ts'
import { FIXTURE_NOW, seedCaseRepositoryFixture } from './caseRepositoryFixture.ts'
import type { FixtureUserName } from './caseRepositoryFixture.ts'
import { createCaseRepository } from './createCaseRepository.ts'
import type { Store } from './createStore.ts'
import { createTestStore } from './testStore.ts'

let store: Store
let users: Record<FixtureUserName, User>
let alertId: number

beforeEach(async () => {
  store = await createTestStore()
  ;({ users, readableAlertId: alertId } = await seedCaseRepositoryFixture(store))
})

afterEach(async () => {
  await store.close()
})

describe('alertHistoryWithNames', () => {
  it('names each user who acted by name and agency, the evaluation as Throughline, and an unknown name as recorded', async () => {
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
      ['acknowledged', { username: 'someone.gone', name: 'someone.gone', agency: null }],
      ['resolved', { username: 'cscpractitioner', name: 'cscPractitioner', agency: 'childrens_social_care' }],
    ])
    expect(history[2]?.reason).toBe('Child seen alone at home.')
  })
})
