import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../store/createStore.ts'
import { createTestStore } from '../store/testStore.ts'
import { createUserService } from './createUserService.ts'
import { createDemoUsers, DEMO_PASSWORD, DEMO_USERS, demoUsersMarkdown } from './demoUsers.ts'
import { ROLES } from './types.ts'

let store: Store
beforeEach(async () => {
  store = await createTestStore()
})
afterEach(async () => {
  await store.close()
})

describe('createDemoUsers', () => {
  it('creates every demo user once, each able to sign in with the demo password and go straight on (no password to change)', async () => {
    expect((await createDemoUsers(store)).map((u) => u.username)).toEqual(DEMO_USERS.map((u) => u.username))
    expect(await createDemoUsers(store)).toEqual([])
    const users = createUserService(store)
    for (const u of DEMO_USERS) {
      await expect(users.authenticate(u.username, DEMO_PASSWORD, { ip: 'test' })).resolves.toMatchObject({ agency: u.agency, roles: u.roles, mustChangePassword: false })
    }
  })

  it('covers every role and several agencies', () => {
    expect(new Set(DEMO_USERS.flatMap((u) => u.roles))).toEqual(new Set(ROLES))
    expect(new Set(DEMO_USERS.map((u) => u.agency)).size).toBeGreaterThanOrEqual(4)
  })

  it('is listed in DEMO_USERS.md exactly as defined', () => {
    const doc = readFileSync(new URL('./DEMO_USERS.md', import.meta.url), 'utf8')
    expect(doc).toContain(demoUsersMarkdown())
    expect(doc).toContain(`\`${DEMO_PASSWORD}\``)
  })
})
