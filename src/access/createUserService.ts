// Accounts and sign-in. Passwords are hashed with argon2id (the library's
// defaults: 19 MiB, 2 passes, 1 lane, the OWASP recommendation); after
// repeated failures an account is locked for a while; an unknown username
// costs the same hash as a known one, and every failure gives one message, so
// sign-in does not tell which usernames exist.
import { hash, verify } from '@node-rs/argon2'
import { SYSTEM_ACTOR } from '../alerts/evaluateFamily.ts'
import { BadUsageError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors/errors.ts'
import type { Problem } from '../errors/errors.ts'
import { AUDIT_AGENCIES, writeAudit, writeAuditAlone } from '../store/auditQueries.ts'
import { deleteSessionsOfUser } from '../store/sessionQueries.ts'
import type { Store } from '../store/createStore.ts'
import {
  insertUser, lockActiveAdministrators, lockUserRow, recordFailedSignIn, recordSuccessfulSignIn, setPasswordHash, setUserDisabled,
  toSignedInUser, toUser, userAccountRows, userRowById, userRowByUsername,
} from '../store/userQueries.ts'
import type { UserAccountRow } from '../store/userQueries.ts'
import { canAdministerUsers } from './accessPredicates.ts'
import type { UserAccount, UserService } from './caseRepository.ts'
import { ROLES } from './types.ts'
import type { Actor, Role, User } from './types.ts'

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 1024
export const SIGN_IN_FAILED_MESSAGE = 'That username and password did not work. If you have tried several times, wait 15 minutes or ask your administrator.'

export interface UserServiceOptions {
  clock?: () => Date
  /** Failed sign-ins in a row that lock the account (default 5). */
  maxFailedAttempts?: number
  /** How long a locked account stays locked (default 15 minutes). */
  lockoutMinutes?: number
}

export function passwordProblems(password: string): Problem[] {
  if (password.length < MIN_PASSWORD_LENGTH) return [{ field: 'password', message: `expected a password of at least ${MIN_PASSWORD_LENGTH} characters` }]
  if (password.length > MAX_PASSWORD_LENGTH) return [{ field: 'password', message: `expected a password of at most ${MAX_PASSWORD_LENGTH} characters` }]
  return []
}

export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/
export const AGENCY = /^[a-z][a-z_]*$/
const roleSet: ReadonlySet<string> = new Set(ROLES)
/** Control characters, and the marks and overrides that change the direction text is shown in. */
const HIDDEN_CHARACTERS = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u
const reservedAgencies: ReadonlySet<string> = new Set(Object.values(AUDIT_AGENCIES))

export function newUserProblems(user: { username: string; displayName: string; agency: string; roles: readonly string[]; password: string }): Problem[] {
  const problems: Problem[] = []
  if (!USERNAME.test(user.username)) problems.push({ field: 'username', message: 'expected 2 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit' })
  // The alert history records the automatic evaluation as `system`; an account of that name would take its entries.
  else if (user.username === SYSTEM_ACTOR) problems.push({ field: 'username', message: `${SYSTEM_ACTOR} is reserved for Throughline itself; choose another username` })
  if (user.displayName.trim() === '' || user.displayName.length > 200) problems.push({ field: 'displayName', message: 'expected a name of 1 to 200 characters' })
  // Shown to every agency beside what the person did: no line breaks or direction overrides that could make it read as someone else.
  else if (HIDDEN_CHARACTERS.test(user.displayName)) problems.push({ field: 'displayName', message: 'expected a name without line breaks, tabs or hidden formatting characters' })
  if (!AGENCY.test(user.agency) || user.agency.length > 200) problems.push({ field: 'agency', message: 'expected an agency as a lower-case word (for example childrens_social_care)' })
  else if (reservedAgencies.has(user.agency)) problems.push({ field: 'agency', message: `${user.agency} is reserved for what the audit log records of Throughline itself; choose the person's agency` })
  if (user.roles.length === 0) problems.push({ field: 'roles', message: `expected at least one role: ${ROLES.join(', ')}` })
  for (const r of user.roles) if (!roleSet.has(r)) problems.push({ field: 'roles', message: `${r} is not a role; expected one of ${ROLES.join(', ')}` })
  problems.push(...passwordProblems(user.password))
  return problems
}

const ADMINISTRATORS_ONLY = 'Only an administrator can manage accounts'
export const OWN_ACCOUNT = 'You cannot disable your own account: ask another administrator'
const LAST_ADMINISTRATOR = 'This is the last active administrator: add another administrator before disabling this account'
export const DISABLED_NO_RESET = 'This account is disabled, so its password cannot be reset. A disabled account cannot be enabled again: add a new account if they need to sign in.'
export const WRONG_CURRENT_PASSWORD = 'Your current password is not right'
export const CURRENT_PASSWORD_LOCKED = 'Your account is locked after too many wrong passwords: wait 15 minutes, then try again'
export const SAME_PASSWORD = 'Your new password must be different from your current one'
const CHANGED_MEANWHILE = 'Your password was reset or your account disabled while you were changing it: sign in again'

/** Thrown inside a transaction that finds its acting administrator disabled meanwhile; refused (audited) once it has rolled back. */
class NoLongerAdministrator extends Error {}

function toUserAccount(row: UserAccountRow, now: Date): UserAccount {
  const locked = row.locked_until !== null && row.locked_until > now
  return {
    ...toSignedInUser(row),
    state: row.disabled ? 'disabled' : locked ? 'locked' : 'active',
    lockedUntil: locked ? row.locked_until : null,
    lastSignIn: row.last_sign_in === null ? null : new Date(row.last_sign_in),
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

export function createUserService(store: Store, options: UserServiceOptions = {}): UserService {
  const clock = options.clock ?? (() => new Date())
  const maxAttempts = options.maxFailedAttempts ?? 5
  const lockoutMs = (options.lockoutMinutes ?? 15) * 60_000
  const { db } = store
  // Verified against when the username is unknown, so that costs a hash too.
  let dummyHash: Promise<string> | undefined

  const verifyQuietly = async (stored: string, password: string): Promise<boolean> => {
    try {
      return await verify(stored, password)
    } catch {
      return false
    }
  }

  /** A refused row, written on its own, saying what was tried on which username (as given, cut short), then ForbiddenError. */
  const refuseAdministration = async (actor: Actor, change: string, username?: string): Promise<never> => {
    const target = username === undefined ? {} : { username: username.slice(0, 200) }
    await writeAuditAlone(db, actor, { action: 'refused', details: { kind: 'user-admin', change, ...target, forbidden: ADMINISTRATORS_ONLY } })
    throw new ForbiddenError(ADMINISTRATORS_ONLY)
  }

  /** The system (the command line) and administrators pass; anyone else is refused. */
  const requireAdministrator = async (actor: Actor, change: string, username?: string): Promise<void> => {
    if (actor.kind === 'system' || canAdministerUsers(actor.user)) return
    await refuseAdministration(actor, change, username)
  }

  const fail = async (who: Parameters<typeof writeAudit>[1], ip: string, reason: string): Promise<never> => {
    await writeAuditAlone(db, who, { action: 'sign-in-failed', details: { ip, reason } })
    throw new UnauthenticatedError(SIGN_IN_FAILED_MESSAGE)
  }

  return {
    async authenticate(username, password, context) {
      const name = username.trim().toLowerCase()
      const row = name === '' ? undefined : await userRowByUsername(db, name)
      if (row === undefined) {
        dummyHash ??= hash('throughline: no such user')
        await verifyQuietly(await dummyHash, password)
        return fail({ kind: 'unknown', username: name }, context.ip, 'unknown-user')
      }
      const who = { kind: 'user', user: toUser(row) } as const
      const matches = await verifyQuietly(row.password_hash, password)
      if (row.disabled) return fail(who, context.ip, 'disabled')
      const now = clock()
      if (row.locked_until !== null && row.locked_until > now) return fail(who, context.ip, 'locked')
      if (!matches) {
        await db.transaction().execute(async (trx) => {
          const counted = await recordFailedSignIn(trx, row.id, { maxAttempts, now, lockUntil: new Date(now.getTime() + lockoutMs) })
          const locked = counted.locked_until !== null && counted.locked_until > now
          await writeAudit(trx, who, { action: 'sign-in-failed', details: { ip: context.ip, reason: locked ? 'wrong-password-now-locked' : 'wrong-password', attempts: counted.failed_attempts } })
        })
        throw new UnauthenticatedError(SIGN_IN_FAILED_MESSAGE)
      }
      await db.transaction().execute(async (trx) => {
        await recordSuccessfulSignIn(trx, row.id)
        await writeAudit(trx, who, { action: 'sign-in', details: { ip: context.ip } })
      })
      return toSignedInUser(row)
    },

    async signOut(user, context) {
      await writeAuditAlone(db, { kind: 'user', user }, { action: 'sign-out', details: { ip: context.ip } })
    },

    async userById(id) {
      const row = await userRowById(db, id)
      return row === undefined ? null : toSignedInUser(row)
    },

    async changeOwnPassword(user, passwords, context) {
      const row = await userRowById(db, user.id)
      // A session outliving its account is ended by the web layer; nothing to change here.
      if (row === undefined || row.disabled) throw new UnauthenticatedError()
      const now = clock()
      if (row.locked_until !== null && row.locked_until > now) throw new ValidationError([{ field: 'currentPassword', message: CURRENT_PASSWORD_LOCKED }])
      const who = { kind: 'user', user: toUser(row) } as const
      if (!(await verifyQuietly(row.password_hash, passwords.current))) {
        // A stolen session must not become a way to guess the password: counted and audited as a failed sign-in.
        await db.transaction().execute(async (trx) => {
          const counted = await recordFailedSignIn(trx, row.id, { maxAttempts, now, lockUntil: new Date(now.getTime() + lockoutMs) })
          const locked = counted.locked_until !== null && counted.locked_until > now
          await writeAudit(trx, who, { action: 'sign-in-failed', details: { ip: context.ip, reason: locked ? 'wrong-password-now-locked' : 'wrong-password', attempts: counted.failed_attempts, during: 'change-own-password' } })
        })
        throw new ValidationError([{ field: 'currentPassword', message: WRONG_CURRENT_PASSWORD }])
      }
      const problems = passwordProblems(passwords.next)
      if (problems.length > 0) throw new ValidationError(problems)
      // Above all the temporary one: whoever chose it would still know it.
      if (await verifyQuietly(row.password_hash, passwords.next)) throw new ValidationError([{ field: 'password', message: SAME_PASSWORD }])
      const passwordHash = await hashPassword(passwords.next)
      await db.transaction().execute(async (trx) => {
        // An administrator's reset or disable since the check above wins: it is not overwritten.
        const latest = await lockUserRow(trx, { id: row.id })
        if (latest === undefined || latest.disabled || latest.password_hash !== row.password_hash) throw new ConflictError(CHANGED_MEANWHILE)
        await setPasswordHash(trx, row.id, { hash: passwordHash, mustChange: false })
        // Every session signed in with the old password; the web starts a new one for the request that asked.
        const sessions = await deleteSessionsOfUser(trx, row.username)
        await writeAudit(trx, who, { action: 'user-admin', details: { change: 'change-own-password', username: row.username, ip: context.ip, sessionsEnded: sessions } })
      })
    },

    requireAdministrator: (actor, attempt) => requireAdministrator(actor, attempt?.change ?? 'open', attempt?.username),

    async createUser(actor, user) {
      await requireAdministrator(actor, 'create', user.username)
      const input = { ...user, username: user.username.trim().toLowerCase(), displayName: user.displayName.trim(), agency: user.agency.trim() }
      const problems = newUserProblems(input)
      if (problems.length > 0) throw new ValidationError(problems)
      const passwordHash = await hashPassword(user.password)
      // An administrator who chose it could go on signing in as them.
      const mustChangePassword = actor.kind === 'user' || user.temporaryPassword === true
      return db.transaction().execute(async (trx) => {
        const row = await insertUser(trx, { ...input, roles: [...new Set(input.roles)] as Role[], passwordHash, mustChangePassword })
        if (row === undefined) throw new ConflictError(`There is already a user ${input.username}`)
        await writeAudit(trx, actor, { action: 'user-admin', details: { change: 'create', username: row.username, agency: row.agency, roles: row.roles, temporaryPassword: mustChangePassword } })
        return toUser(row)
      })
    },

    async disableUser(actor, username) {
      await requireAdministrator(actor, 'disable', username)
      const name = username.trim().toLowerCase()
      // No one can re-enable an account, so an administrator does not lock themselves out.
      if (actor.kind === 'user' && actor.user.username === name) throw new ConflictError(OWN_ACCOUNT)
      try {
        await db.transaction().execute(async (trx) => {
          // Locked, so two administrators disabling each other cannot leave none.
          const administrators = await lockActiveAdministrators(trx)
          if (actor.kind === 'user' && !administrators.includes(actor.user.username)) throw new NoLongerAdministrator()
          if (administrators.length === 1 && administrators[0] === name) throw new ConflictError(LAST_ADMINISTRATOR)
          if (!(await setUserDisabled(trx, name, true))) throw new NotFoundError(`There is no user ${name}`)
          // Signed-in sessions end with the account.
          const sessions = await deleteSessionsOfUser(trx, name)
          await writeAudit(trx, actor, { action: 'user-admin', details: { change: 'disable', username: name, sessionsEnded: sessions } })
        })
      } catch (e) {
        if (e instanceof NoLongerAdministrator) await refuseAdministration(actor, 'disable', name)
        throw e
      }
    },

    async resetPassword(actor, username, password) {
      await requireAdministrator(actor, 'reset-password', username)
      const name = username.trim().toLowerCase()
      const problems = passwordProblems(password)
      if (problems.length > 0) throw new ValidationError(problems)
      const passwordHash = await hashPassword(password)
      await db.transaction().execute(async (trx) => {
        // Locked: a disable running at the same time either comes first (and this refuses) or waits.
        const row = await lockUserRow(trx, { username: name })
        if (row === undefined) throw new NotFoundError(`There is no user ${name}`)
        if (row.disabled) throw new ConflictError(DISABLED_NO_RESET)
        // Temporary: whoever set it knows it, so its user must choose their own at the next sign-in.
        await setPasswordHash(trx, row.id, { hash: passwordHash, mustChange: true })
        // Whoever signed in with the old password is signed out.
        const sessions = await deleteSessionsOfUser(trx, name)
        await writeAudit(trx, actor, { action: 'user-admin', details: { change: 'reset-password', username: name, sessionsEnded: sessions } })
      })
    },

    async listUsers(actor) {
      await requireAdministrator(actor, 'list')
      return db.transaction().execute(async (trx) => {
        const rows = await userAccountRows(trx)
        await writeAudit(trx, actor, { action: 'view', details: { kind: 'users', users: rows.length } })
        return rows.map((r) => toUserAccount(r, clock()))
      })
    },

    async account(actor, username) {
      await requireAdministrator(actor, 'view', username)
      const name = username.trim().toLowerCase()
      return db.transaction().execute(async (trx) => {
        const [row] = await userAccountRows(trx, name)
        if (row === undefined) throw new NotFoundError(`There is no user ${name}`)
        await writeAudit(trx, actor, { action: 'view', details: { kind: 'user', username: name } })
        return toUserAccount(row, clock())
      })
    },
  }
}

/** The user an actor is, or a refusal for the system (which has no agency to see by). */
export function actingUser(actor: Actor): User {
  if (actor.kind === 'system') throw new BadUsageError(`${actor.name} is not a user; case records are read as a named user`)
  return actor.user
}

/**
 * The named user a command acts as (`--as USERNAME`): commands read case
 * records as a person, through the same checks as the web. Unknown and
 * disabled users are refused alike.
 */
export async function actorForUsername(store: Store, username: string, via: 'cli' | 'web' = 'cli'): Promise<Actor> {
  const row = await userRowByUsername(store.db, username.trim().toLowerCase())
  if (row === undefined || row.disabled) throw new UnauthenticatedError(`There is no active user ${username}; give --as with the username of an active account`)
  return { kind: 'user', user: toUser(row), via }
}
