// Applies the numbered SQL files in migrations/ that have not run yet. Each
// runs in its own transaction that first takes a transaction-scoped advisory
// lock, so two servers starting at once queue up: the second finds the
// migration recorded and skips it.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from './schema.ts'

export interface Migration {
  version: number
  name: string
  sql: string
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .map((file) => /^(\d+)_([\w-]+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2] ?? '', sql: readFileSync(join(dir, m[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version)
}

/** Runs pending migrations; returns the versions this call applied. */
export async function migrate(db: Kysely<Database>, migrations: Migration[] = readMigrations()): Promise<number[]> {
  const applied: number[] = []
  for (const migration of migrations) {
    const ran = await db.transaction().execute(async (trx) => {
      // Keyed by schema, so separate schemas (tests) migrate independently.
      await sql`select pg_advisory_xact_lock(hashtext('throughline.migrate.' || current_schema()))`.execute(trx)
      await sql`create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`.execute(trx)
      const done = await trx.selectFrom('schema_migrations').select('version')
        .where('version', '=', migration.version).executeTakeFirst()
      if (done !== undefined) return false
      await sql.raw(migration.sql).execute(trx)
      await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name }).execute()
      return true
    })
    if (ran) applied.push(migration.version)
  }
  return applied
}
