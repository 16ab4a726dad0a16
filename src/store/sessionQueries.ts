// Server-side web sessions (migrations/004_sessions.sql). Rows are keyed by
// the SHA-256 of the cookie value; the web layer owns the policy (expiry,
// rotation) and this file only reads and writes rows.
import type { ColumnType, Kysely } from 'kysely'
import type { Database } from './schema.ts'

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

export interface SessionQueries {
  insert(row: SessionRow): Promise<void>
  find(idHash: string): Promise<SessionRow | null>
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
      const row = await db.selectFrom('web_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst()
      if (row === undefined) return null
      return {
        idHash: row.id_hash,
        userId: row.user_id,
        csrfSecret: row.csrf_secret,
        createdAt: new Date(row.created_at),
        lastSeenAt: new Date(row.last_seen_at),
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
