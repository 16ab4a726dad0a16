import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors/errors.ts'
import { countAuditRows } from '../store/auditQueries.ts'
import type { Store } from '../store/createStore.ts'
import { createSessionQueries } from '../store/sessionQueries.ts'
import { createTestStore } from '../store/testStore.ts'
import type { UserService } from './caseRepository.ts'
import { actorForUsername, createUserService, DISABLED_NO_RESET, SAME_PASSWORD, SIGN_IN_FAILED_MESSAGE, WRONG_CURRENT_PASSWORD } from './createUserService.ts'
import type { Actor, User } from './types.ts'

const system: Actor = { kind: 'system', name: 'test' }
const password = 'correct horse battery'
const ip = '127.0.0.1'

let store: Store
let service: UserService
let now: Date

beforeEach(async () => {
  store = await createTestStore()
  now = new Date('2024-06-01T12:00:00Z')
  service = createUserService(store, { clock: () => now })
  await service.createUser(system, { username: 'sam', displayName: 'Sam Social', agency: 'childrens_social_care', roles: ['practitioner'], password })
})

afterEach(async () => {
  await store.close()
})

async function signInFails(username: string, pw: string): Promise<void> {
  const attempt = service.authenticate(username, pw, { ip })
  await expect(attempt).rejects.toBeInstanceOf(UnauthenticatedError)
  await expect(attempt).rejects.toThrow(SIGN_IN_FAILED_MESSAGE)
}

describe('createUserService', () => {
  it('stores an argon2id hash, never the password', async () => {
    const row = await store.db.selectFrom('users').select('password_hash').where('username', '=', 'sam').executeTakeFirstOrThrow()
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true)
    expect(row.password_hash).not.toContain(password)
  })

  it('signs in with the right password, auditing it', async () => {
    const before = await countAuditRows(store.db, { action: 'sign-in' })
    const user = await service.authenticate(' Sam ', password, { ip })
    expect(user).toMatchObject({ username: 'sam', agency: 'childrens_social_care', roles: ['practitioner'], disabled: false })
    expect(await countAuditRows(store.db, { action: 'sign-in' })).toBe(before + 1)
  })

  it('gives one message for a wrong password and an unknown user, auditing both', async () => {
    const before = await countAuditRows(store.db, { action: 'sign-in-failed' })
    await signInFails('sam', 'wrong password here')
    await signInFails('nobody', password)
    expect(await countAuditRows(store.db, { action: 'sign-in-failed' })).toBe(before + 2)
  })

  it('locks after 5 failures for 15 minutes, even with the right password, then lets in again', async () => {
    for (let i = 0; i < 5; i++) await signInFails('sam', 'wrong password here')
    await signInFails('sam', password)
    now = new Date(now.getTime() + 14 * 60_000)
    await signInFails('sam', password)
    now = new Date(now.getTime() + 2 * 60_000)
    await expect(service.authenticate('sam', password, { ip })).resolves.toMatchObject({ username: 'sam' })
  })

  it('counts afresh after a lock has run out, and a success resets the count', async () => {
    for (let i = 0; i < 5; i++) await signInFails('sam', 'wrong password here')
    now = new Date(now.getTime() + 16 * 60_000)
    await signInFails('sam', 'wrong password here')
    await expect(service.authenticate('sam', password, { ip })).resolves.toMatchObject({ username: 'sam' })
    for (let i = 0; i < 4; i++) await signInFails('sam', 'wrong password here')
    await expect(service.authenticate('sam', password, { ip })).resolves.toMatchObject({ username: 'sam' })
  })

  it('takes a configurable lockout', async () => {
    const strict = createUserService(store, { clock: () => now, maxFailedAttempts: 2, lockoutMinutes: 1 })
    await expect(strict.authenticate('sam', 'wrong password here', { ip })).rejects.toBeInstanceOf(UnauthenticatedError)
    await expect(strict.authenticate('sam', 'wrong password here', { ip })).rejects.toBeInstanceOf(UnauthenticatedError)
    await expect(strict.authenticate('sam', password, { ip })).rejects.toBeInstanceOf(UnauthenticatedError)
    now = new Date(now.getTime() + 61_000)
    await expect(strict.authenticate('sam', password, { ip })).resolves.toMatchObject({ username: 'sam' })
  })

  it('refuses a disabled user', async () => {
    await service.disableUser(system, 'sam')
    await signInFails('sam', password)
    expect((await service.userById((await service.listUsers(system))[0]?.id ?? 0))?.disabled).toBe(true)
  })

  it('resets a password, which also clears a lock', async () => {
    for (let i = 0; i < 5; i++) await signInFails('sam', 'wrong password here')
    await service.resetPassword(system, 'sam', 'a brand new passphrase')
    await signInFails('sam', password)
    await expect(service.authenticate('sam', 'a brand new passphrase', { ip })).resolves.toMatchObject({ username: 'sam' })
  })

  it('ends the user\'s web sessions on a password reset or when disabled, and no one else\'s', async () => {
    const kim = await service.createUser(system, { username: 'kim', displayName: 'Kim', agency: 'school', roles: ['practitioner'], password })
    const sam = await service.authenticate('sam', password, { ip })
    const sessions = createSessionQueries(store.db)
    const open = async (idHash: string, userId: number | null) => sessions.insert({ idHash, userId, csrfSecret: 'x', createdAt: now, lastSeenAt: now })
    await open('sam-1', sam.id)
    await open('sam-2', sam.id)
    await open('kim-1', kim.id)
    await open('anonymous', null)
    await service.resetPassword(system, 'sam', 'a brand new passphrase')
    expect([await sessions.find('sam-1'), await sessions.find('sam-2')]).toEqual([null, null])
    expect(await sessions.find('kim-1')).not.toBeNull()
    expect(await sessions.find('anonymous')).not.toBeNull()
    await service.disableUser(system, 'kim')
    expect(await sessions.find('kim-1')).toBeNull()
    expect(await sessions.find('anonymous')).not.toBeNull()
  })

  it('requires passwords of at least 12 characters', async () => {
    await expect(service.createUser(system, { username: 'kim', displayName: 'Kim', agency: 'school', roles: ['practitioner'], password: 'short pass' }))
      .rejects.toBeInstanceOf(ValidationError)
    await expect(service.resetPassword(system, 'sam', 'elevenchars')).rejects.toBeInstanceOf(ValidationError)
  })

  it('refuses a taken username, a bad agency and an unknown role', async () => {
    await expect(service.createUser(system, { username: 'sam', displayName: 'Other', agency: 'school', roles: ['practitioner'], password }))
      .rejects.toBeInstanceOf(ConflictError)
    const bad = service.createUser(system, {
      username: 'kim', displayName: 'Kim', agency: 'School!', roles: ['superuser' as 'admin'], password,
    })
    await expect(bad).rejects.toBeInstanceOf(ValidationError)
    await expect(bad).rejects.toThrow(/agency[\s\S]*superuser/)
  })

  it('lets only administrators manage accounts, and audits each change', async () => {
    const sam = await service.authenticate('sam', password, { ip })
    await expect(service.listUsers({ kind: 'user', user: sam })).rejects.toBeInstanceOf(ForbiddenError)
    await expect(service.disableUser({ kind: 'user', user: sam }, 'sam')).rejects.toBeInstanceOf(ForbiddenError)
    const admin = await service.createUser(system, { username: 'ada', displayName: 'Ada Admin', agency: 'childrens_social_care', roles: ['admin'], password })
    const before = await countAuditRows(store.db, { action: 'user-admin' })
    await service.createUser({ kind: 'user', user: admin }, { username: 'kim', displayName: 'Kim', agency: 'school', roles: ['practitioner', 'practitioner'], password })
    await service.disableUser({ kind: 'user', user: admin }, 'kim')
    expect(await countAuditRows(store.db, { action: 'user-admin' })).toBe(before + 2)
    expect((await service.listUsers({ kind: 'user', user: admin })).map((u) => [u.username, u.roles, u.disabled]))
      .toEqual([['ada', ['admin'], false], ['kim', ['practitioner'], true], ['sam', ['practitioner'], false]])
  })

  it('refuses anyone but an administrator with a refused audit row, and lists accounts with their state and last sign-in, audited once', async () => {
    const sam = { kind: 'user', user: await service.authenticate('sam', password, { ip }) } as const
    const refusals = await countAuditRows(store.db, { action: 'refused' })
    // One at a time: started together, those not yet awaited would reject unhandled.
    const attempts = [
      () => service.requireAdministrator(sam), () => service.listUsers(sam), () => service.account(sam, 'sam'), () => service.disableUser(sam, 'sam'),
      () => service.resetPassword(sam, 'sam', 'a brand new passphrase'),
      () => service.createUser(sam, { username: 'kim', displayName: 'Kim', agency: 'school', roles: ['practitioner'], password }),
    ]
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(ForbiddenError)
    expect(await countAuditRows(store.db, { action: 'refused' })).toBe(refusals + attempts.length)

    const ada = { kind: 'user', user: await service.createUser(system, { username: 'ada', displayName: 'Ada Admin', agency: 'childrens_social_care', roles: ['admin'], password }) } as const
    await service.requireAdministrator(ada)
    await service.createUser(system, { username: 'kim', displayName: 'Kim', agency: 'school', roles: ['practitioner'], password })
    for (let i = 0; i < 5; i++) await signInFails('kim', 'wrong password here')
    const views = await countAuditRows(store.db, { action: 'view' })
    const accounts = await service.listUsers(ada)
    expect(await countAuditRows(store.db, { action: 'view' })).toBe(views + 1)
    expect(accounts.map((a) => [a.username, a.state, a.lastSignIn === null])).toEqual([['ada', 'active', true], ['kim', 'locked', true], ['sam', 'active', false]])
    expect(accounts[1]?.lockedUntil).toEqual(new Date(now.getTime() + 15 * 60_000))
    await service.disableUser(ada, 'kim')
    expect(await service.account(ada, 'kim')).toMatchObject({ username: 'kim', displayName: 'Kim', state: 'disabled' })
    await expect(service.account(ada, 'nobody')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('does not let an administrator disable their own account, nor anyone take the name the evaluation writes under', async () => {
    const ada = { kind: 'user', user: await service.createUser(system, { username: 'ada', displayName: 'Ada Admin', agency: 'childrens_social_care', roles: ['admin'], password }) } as const
    await expect(service.disableUser(ada, 'ada')).rejects.toBeInstanceOf(ConflictError)
    expect((await service.account(ada, 'ada')).state).toBe('active')
    await expect(service.createUser(ada, { username: 'system', displayName: 'Not the system', agency: 'school', roles: ['practitioner'], password }))
      .rejects.toThrow(/system is reserved/)
  })

  it('keeps the agencies the audit log writes for the system and for unknown sign-ins out of accounts (their manager would read those rows)', async () => {
    for (const agency of ['system', 'unknown']) {
      const attempt = service.createUser(system, { username: `${agency}.manager`, displayName: 'Mo Manager', agency, roles: ['manager'], password })
      await expect(attempt).rejects.toBeInstanceOf(ValidationError)
      await expect(attempt).rejects.toThrow(new RegExp(`${agency} is reserved`))
    }
    expect(await store.db.selectFrom('users').select('username').where('agency', 'in', ['system', 'unknown']).execute()).toEqual([])
  })

  it('refuses a name with line breaks or direction overrides, which could make it read as someone else beside what they did', async () => {
    for (const displayName of ['Sam\nSocial (children\'s social care)', 'Eve \u202Enimda', 'Tab\tName']) {
      const attempt = service.createUser(system, { username: 'eve', displayName, agency: 'school', roles: ['practitioner'], password })
      await expect(attempt).rejects.toBeInstanceOf(ValidationError)
      await expect(attempt).rejects.toThrow(/without line breaks/)
    }
    await service.createUser(system, { username: 'zoe', displayName: 'Zoë O\'Brien-Ngũgĩ', agency: 'school', roles: ['practitioner'], password })
  })

  it('always leaves an active administrator: the last one cannot be disabled, from the command line or by another administrator racing them', async () => {
    const ada = { kind: 'user', user: await service.createUser(system, { username: 'ada', displayName: 'Ada Admin', agency: 'childrens_social_care', roles: ['admin'], password }) } as const
    const bo = { kind: 'user', user: await service.createUser(system, { username: 'bo', displayName: 'Bo Admin', agency: 'school', roles: ['admin', 'manager'], password }) } as const
    // Two administrators disabling each other at once: one wins; the other, no longer an administrator, is refused (audited).
    const refusals = await countAuditRows(store.db, { action: 'refused' })
    const outcomes = await Promise.allSettled([service.disableUser(ada, 'bo'), service.disableUser(bo, 'ada')])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = outcomes.find((o) => o.status === 'rejected')
    expect(refused?.status === 'rejected' ? refused.reason : undefined).toBeInstanceOf(ForbiddenError)
    expect(await countAuditRows(store.db, { action: 'refused' })).toBe(refusals + 1)
    const admins = await store.db.selectFrom('users').select('username').where('disabled', '=', false).where(sql<boolean>`'admin' = any(roles)`).execute()
    expect(admins).toHaveLength(1)
    const last = admins[0]?.username ?? ''
    const before = await countAuditRows(store.db, { action: 'user-admin' })
    await expect(service.disableUser(system, last)).rejects.toThrow(/last active administrator/)
    expect(await countAuditRows(store.db, { action: 'user-admin' })).toBe(before)
    // With another administrator added, it can be.
    await service.createUser(system, { username: 'cy', displayName: 'Cy Admin', agency: 'police', roles: ['admin'], password })
    await service.disableUser(system, last)
    // A disabled administrator does not count, and non-administrators are never held back.
    await service.disableUser(system, 'sam')
  })

  it('stores a reset password as an argon2id hash and never writes a password into the audit log', async () => {
    const fresh = 'a brand new passphrase'
    await service.createUser(system, { username: 'kim', displayName: 'Kim', agency: 'school', roles: ['practitioner'], password })
    await service.resetPassword(system, 'kim', fresh)
    const row = await store.db.selectFrom('users').select('password_hash').where('username', '=', 'kim').executeTakeFirstOrThrow()
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true)
    const log = JSON.stringify(await store.db.selectFrom('audit_log').selectAll().execute())
    expect(log).not.toContain(password)
    expect(log).not.toContain(fresh)
  })

  it('makes a password someone else set temporary: an administrator\'s always, the system\'s when it says so', async () => {
    const ada = { kind: 'user', user: await service.createUser(system, { username: 'ada', displayName: 'Ada Admin', agency: 'childrens_social_care', roles: ['admin'], password }) } as const
    await service.createUser(ada, { username: 'kim', displayName: 'Kim', agency: 'school', roles: ['practitioner'], password, temporaryPassword: false })
    await service.createUser(system, { username: 'lou', displayName: 'Lou', agency: 'police', roles: ['practitioner'], password, temporaryPassword: true })
    const flags = async () => Object.fromEntries((await service.listUsers(system)).map((a) => [a.username, a.mustChangePassword]))
    expect(await flags()).toEqual({ ada: false, kim: true, lou: true, sam: false })
    await expect(service.authenticate('kim', password, { ip })).resolves.toMatchObject({ mustChangePassword: true })
    await service.resetPassword(system, 'sam', 'a brand new passphrase')
    expect((await flags()).sam).toBe(true)
  })

  it('refuses to reset a disabled account\'s password, changing nothing', async () => {
    await service.disableUser(system, 'sam')
    const before = await store.db.selectFrom('users').select(['password_hash', 'must_change_password']).where('username', '=', 'sam').executeTakeFirstOrThrow()
    const audited = await countAuditRows(store.db, { action: 'user-admin' })
    const attempt = service.resetPassword(system, 'sam', 'a brand new passphrase')
    await expect(attempt).rejects.toBeInstanceOf(ConflictError)
    await expect(attempt).rejects.toThrow(DISABLED_NO_RESET)
    expect(await store.db.selectFrom('users').select(['password_hash', 'must_change_password']).where('username', '=', 'sam').executeTakeFirstOrThrow()).toEqual(before)
    expect(await countAuditRows(store.db, { action: 'user-admin' })).toBe(audited)
    await expect(service.resetPassword(system, 'nobody', 'a brand new passphrase')).rejects.toBeInstanceOf(NotFoundError)
  })

  describe('changing one\'s own password', () => {
    const temporary = 'a temporary passphrase'
    const own = 'my very own passphrase'
    let sam: User

    beforeEach(async () => {
      await service.resetPassword(system, 'sam', temporary)
      sam = await service.authenticate('sam', temporary, { ip })
    })

    const problemsOf = async (attempt: Promise<unknown>) => {
      const e: unknown = await attempt.catch((x: unknown) => x)
      expect(e).toBeInstanceOf(ValidationError)
      return (e as ValidationError).problems
    }

    it('takes the new password, clears the flag, ends every session of theirs and audits it once', async () => {
      const sessions = createSessionQueries(store.db)
      await sessions.insert({ idHash: 'sam-1', userId: sam.id, csrfSecret: 'x', createdAt: now, lastSeenAt: now })
      await sessions.insert({ idHash: 'other', userId: null, csrfSecret: 'x', createdAt: now, lastSeenAt: now })
      const all = await countAuditRows(store.db)
      await service.changeOwnPassword(sam, { current: temporary, next: own }, { ip })
      expect(await countAuditRows(store.db)).toBe(all + 1)
      const [row] = await store.db.selectFrom('audit_log').select(['action', 'username', 'details']).orderBy('id', 'desc').limit(1).execute()
      expect(row).toEqual({ action: 'user-admin', username: 'sam', details: expect.objectContaining({ change: 'change-own-password', username: 'sam', sessionsEnded: 1 }) })
      expect(await sessions.find('sam-1')).toBeNull()
      expect(await sessions.find('other')).not.toBeNull()
      await signInFails('sam', temporary)
      await expect(service.authenticate('sam', own, { ip })).resolves.toMatchObject({ mustChangePassword: false })
      expect(JSON.stringify(await store.db.selectFrom('audit_log').selectAll().execute())).not.toContain(own)
    })

    it('refuses the temporary password again, a short one, and a wrong current one, changing nothing', async () => {
      expect(await problemsOf(service.changeOwnPassword(sam, { current: temporary, next: temporary }, { ip }))).toEqual([{ field: 'password', message: SAME_PASSWORD }])
      expect((await problemsOf(service.changeOwnPassword(sam, { current: temporary, next: 'elevenchars' }, { ip })))[0]?.field).toBe('password')
      const failed = await countAuditRows(store.db, { action: 'sign-in-failed' })
      expect(await problemsOf(service.changeOwnPassword(sam, { current: 'not my password', next: own }, { ip }))).toEqual([{ field: 'currentPassword', message: WRONG_CURRENT_PASSWORD }])
      // A wrong current password is a failed password check like a sign-in's: audited.
      expect(await countAuditRows(store.db, { action: 'sign-in-failed' })).toBe(failed + 1)
      await expect(service.authenticate('sam', temporary, { ip })).resolves.toMatchObject({ mustChangePassword: true })
    })

    it('counts wrong current passwords towards the lock, so a stolen session cannot be used to guess', async () => {
      for (let i = 0; i < 5; i++) await problemsOf(service.changeOwnPassword(sam, { current: `guess number ${i}`, next: own }, { ip }))
      const locked = await problemsOf(service.changeOwnPassword(sam, { current: temporary, next: own }, { ip }))
      expect(locked[0]?.field).toBe('currentPassword')
      await signInFails('sam', temporary)
    })

    it('refuses a disabled account', async () => {
      await service.disableUser(system, 'sam')
      await expect(service.changeOwnPassword(sam, { current: temporary, next: own }, { ip })).rejects.toBeInstanceOf(UnauthenticatedError)
    })
  })

  it('gives the actor for a named active user, and refuses unknown and disabled ones', async () => {
    await expect(actorForUsername(store, 'SAM')).resolves.toMatchObject({ kind: 'user', via: 'cli', user: { username: 'sam' } })
    await expect(actorForUsername(store, 'nobody')).rejects.toBeInstanceOf(UnauthenticatedError)
    await service.disableUser(system, 'sam')
    await expect(actorForUsername(store, 'sam')).rejects.toBeInstanceOf(UnauthenticatedError)
  })
})
