// Server-side web sessions (migrations/004_sessions.sql). Rows are keyed by
// the SHA-256 of the cookie value; the web layer owns the policy (expiry,
// rotation) and this file only reads and writes rows.
import type { ColumnType, Kysely } from 'kysely'
import type { SignedInUser } from '../access/types.ts'
import type { Database } from './schema.ts'
import { toSignedInUser } from './userQueries.ts'

export interface WebSessionsTable {
  id_hash: string
  user_id: number | null
  csrf_secret: string
  created_at: ColumnType<Date, Date, Date>
  last_seen_at: ColumnType<Date, Date, Date>
}

export interface SessionRow {
  idHash: string
  userId: number | null
  csrfSecret: string
  createdAt: Date
  lastSeenAt: Date
}

/** A session and the account it belongs to: null when it has none, or the account is gone (disabled accounts are returned, marked so). */
export interface SessionWithUser {
  row: SessionRow
  user: SignedInUser | null
}

export interface SessionQueries {
  insert(row: SessionRow): Promise<void>
  /** The session with its user, in one statement: every request reads both. */
  find(idHash: string): Promise<SessionWithUser | null>
  touch(idHash: string, at: Date): Promise<void>
  delete(idHash: string): Promise<void>
  /** Deletes sessions idle since before `idleBefore` or created before `createdBefore`; returns how many. */
  deleteExpired(idleBefore: Date, createdBefore: Date): Promise<number>
}

export function createSessionQueries(database: Kysely<Database>): SessionQueries {
  const db = database.withTables<{ web_sessions: WebSessionsTable }>()
  return {
    async insert(row) {
      await db.insertInto('web_sessions').values({
        id_hash: row.idHash,
        user_id: row.userId,
        csrf_secret: row.csrfSecret,
        created_at: row.createdAt,
        last_seen_at: row.lastSeenAt,
      }).execute()
    },
    async find(idHash) {
      const row = await db.selectFrom('web_sessions as s').leftJoin('users as u', 'u.id', 's.user_id')
        .select(['s.id_hash', 's.user_id', 's.csrf_secret', 's.created_at', 's.last_seen_at',
          'u.id', 'u.username', 'u.display_name', 'u.agency', 'u.roles', 'u.disabled', 'u.must_change_password'])
        .where('s.id_hash', '=', idHash)
        .executeTakeFirst()
      if (row === undefined) return null
      const { id, username, display_name, agency, roles, disabled, must_change_password } = row
      return {
        row: {
          idHash: row.id_hash,
          userId: row.user_id,
          csrfSecret: row.csrf_secret,
          createdAt: new Date(row.created_at),
          lastSeenAt: new Date(row.last_seen_at),
        },
        // Left-joined: every user column is null when the session has no account.
        user: id === null || username === null || display_name === null || agency === null || roles === null || disabled === null || must_change_password === null
          ? null
          : toSignedInUser({ id, username, display_name, agency, roles, disabled, must_change_password }),
      }
    },
    async touch(idHash, at) {
      await db.updateTable('web_sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute()
    },
    async delete(idHash) {
      await db.deleteFrom('web_sessions').where('id_hash', '=', idHash).execute()
    },
    async deleteExpired(idleBefore, createdBefore) {
      const result = await db.deleteFrom('web_sessions')
        .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },
  }
}

/** Ends every web session of the user with this name (a password reset or a disabled account); returns how many. */
export async function deleteSessionsOfUser(database: Kysely<Database>, username: string): Promise<number> {
  const db = database.withTables<{ web_sessions: WebSessionsTable }>()
  const result = await db.deleteFrom('web_sessions')
    .where('user_id', 'in', db.selectFrom('users').select('id').where('username', '=', username))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
