import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from './createStore.ts'
import { createSessionQueries } from './sessionQueries.ts'
import type { SessionQueries } from './sessionQueries.ts'
import { createTestStore } from './testStore.ts'
import { insertUser, setUserDisabled } from './userQueries.ts'

let store: Store
let sessions: SessionQueries
const at = new Date('2024-06-30T09:00:00Z')

beforeEach(async () => {
  store = await createTestStore()
  sessions = createSessionQueries(store.db)
})

afterEach(async () => {
  await store.close()
})

describe('session queries', () => {
  it('finds a session with its user as a signed-in user sees it, and no password', async () => {
    const kim = await insertUser(store.db, { username: 'kim', displayName: 'Kim', agency: 'school', roles: ['practitioner', 'manager'], passwordHash: 'HASH-NOT-SHOWN', mustChangePassword: true })
    if (kim === undefined) throw new Error('expected a new user')
    await sessions.insert({ idHash: 'kim-1', userId: kim.id, csrfSecret: 'secret', createdAt: at, lastSeenAt: at })
    const found = await sessions.find('kim-1')
    expect(found).toEqual({
      row: { idHash: 'kim-1', userId: kim.id, csrfSecret: 'secret', createdAt: at, lastSeenAt: at },
      user: { id: kim.id, username: 'kim', displayName: 'Kim', agency: 'school', roles: ['practitioner', 'manager'], disabled: false, mustChangePassword: true },
    })
    expect(JSON.stringify(found)).not.toContain('HASH-NOT-SHOWN')
  })

  it('gives a disabled account marked so (the web layer refuses it), and none for a session without one', async () => {
    const kim = await insertUser(store.db, { username: 'kim', displayName: 'Kim', agency: 'school', roles: ['practitioner'], passwordHash: 'x' })
    if (kim === undefined) throw new Error('expected a new user')
    await sessions.insert({ idHash: 'kim-1', userId: kim.id, csrfSecret: 'x', createdAt: at, lastSeenAt: at })
    await sessions.insert({ idHash: 'anonymous', userId: null, csrfSecret: 'x', createdAt: at, lastSeenAt: at })
    await setUserDisabled(store.db, 'kim', true)
    expect((await sessions.find('kim-1'))?.user).toMatchObject({ id: kim.id, disabled: true })
    expect(await sessions.find('anonymous')).toMatchObject({ row: { idHash: 'anonymous', userId: null }, user: null })
    expect(await sessions.find('unknown')).toBeNull()
  })
})
