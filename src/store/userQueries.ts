// Reading and writing user accounts. Password hashing and the sign-in rules
// live in access/createUserService.ts; this file only stores.
import { sql } from 'kysely'
import type { Kysely, Selectable } from 'kysely'
import { ROLES } from '../access/types.ts'
import type { Role, SignedInUser, User } from '../access/types.ts'
import type { Database } from './schema.ts'

type Db = Kysely<Database>
export type UserRow = Selectable<Database['users']>

const roleSet: ReadonlySet<string> = new Set(ROLES)

export function toUser(row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'agency' | 'roles' | 'disabled'>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    agency: row.agency,
    // The column's CHECK admits only these.
    roles: row.roles.filter((r): r is Role => roleSet.has(r)),
    disabled: row.disabled,
  }
}

/** What a session knows of its user: the account without its password or sign-in counters. */
export type SignedInUserColumns = Pick<UserRow, 'id' | 'username' | 'display_name' | 'agency' | 'roles' | 'disabled' | 'must_change_password'>

export function toSignedInUser(row: SignedInUserColumns): SignedInUser {
  return { ...toUser(row), mustChangePassword: row.must_change_password }
}

export function userRowByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
}

export function userRowById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The row locked until the transaction ends, so a disable and a password change of one account queue up. */
export function lockUserRow(db: Db, by: { username: string } | { id: number }): Promise<UserRow | undefined> {
  const q = db.selectFrom('users').selectAll()
  return ('id' in by ? q.where('id', '=', by.id) : q.where('username', '=', by.username)).forUpdate().executeTakeFirst()
}

export type UserAccountRow = UserRow & { last_sign_in: Date | null }

/**
 * Accounts by username (one, when `username` is given), each with its last
 * successful sign-in from the audit log (found through its username index).
 */
export function userAccountRows(db: Db, username?: string): Promise<UserAccountRow[]> {
  return db.selectFrom('users as u').selectAll('u')
    .select((eb) => eb.selectFrom('audit_log as a').select((e) => e.fn.max<Date | null>('a.at').as('at'))
      .whereRef('a.username', '=', 'u.username').whereRef('a.user_id', '=', 'u.id').where('a.action', '=', 'sign-in')
      .as('last_sign_in'))
    .$if(username !== undefined, (q) => q.where('u.username', '=', username ?? ''))
    .orderBy('u.username')
    .execute()
}

export interface NewUserRow {
  username: string
  displayName: string
  agency: string
  roles: readonly Role[]
  passwordHash: string
  /** Someone other than its user chose the password: they must choose their own at the next sign-in (default not). */
  mustChangePassword?: boolean
}

/** Undefined when the username is taken. */
export async function insertUser(db: Db, user: NewUserRow): Promise<UserRow | undefined> {
  return db.insertInto('users').values({
    username: user.username,
    display_name: user.displayName,
    agency: user.agency,
    roles: [...user.roles],
    password_hash: user.passwordHash,
    must_change_password: user.mustChangePassword ?? false,
  }).onConflict((oc) => oc.column('username').doNothing()).returningAll().executeTakeFirst()
}

/**
 * Counts a failed sign-in, locking the account until `lockUntil` once
 * `maxAttempts` is reached. After a lock has run out the count starts again.
 */
export async function recordFailedSignIn(
  db: Db, userId: number, rule: { maxAttempts: number; now: Date; lockUntil: Date },
): Promise<{ failed_attempts: number; locked_until: Date | null }> {
  const attempts = sql<number>`(case when locked_until is not null and locked_until <= ${rule.now}::timestamptz then 0 else failed_attempts end + 1)`
  return db.updateTable('users')
    .set({
      failed_attempts: attempts,
      locked_until: sql`case when ${attempts} >= ${rule.maxAttempts} then ${rule.lockUntil}::timestamptz when locked_until <= ${rule.now}::timestamptz then null else locked_until end`,
      updated_at: sql`now()`,
    })
    .where('id', '=', userId)
    .returning(['failed_attempts', 'locked_until'])
    .executeTakeFirstOrThrow()
}

export async function recordSuccessfulSignIn(db: Db, userId: number): Promise<void> {
  await db.updateTable('users').set({ failed_attempts: 0, locked_until: null, updated_at: sql`now()` })
    .where('id', '=', userId).execute()
}

/** Returns whether the user exists. */
export async function setUserDisabled(db: Db, username: string, disabled: boolean): Promise<boolean> {
  const r = await db.updateTable('users').set({ disabled, updated_at: sql`now()` })
    .where('username', '=', username).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/**
 * A new password, temporary (someone else chose it) or the user's own; it
 * also clears a lockout.
 */
export async function setPasswordHash(db: Db, userId: number, password: { hash: string; mustChange: boolean }): Promise<void> {
  await db.updateTable('users')
    .set({ password_hash: password.hash, must_change_password: password.mustChange, failed_attempts: 0, locked_until: null, updated_at: sql`now()` })
    .where('id', '=', userId).execute()
}

/**
 * The usernames of the active administrators, their rows locked until the
 * transaction ends (in id order, so two callers never deadlock): a second
 * transaction disabling one of them waits, then sees the first one's change.
 */
export async function lockActiveAdministrators(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('users').select('username')
    .where('disabled', '=', false).where(sql<boolean>`${'admin'} = any(roles)`)
    .orderBy('id').forUpdate().execute()
  return rows.map((r) => r.username)
}
