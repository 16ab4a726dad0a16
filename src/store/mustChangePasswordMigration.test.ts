// Migration 005 on a store made before it: its accounts keep their passwords
// (no one is made to change one), and accounts added afterwards can be flagged.
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createDatabase } from './createDatabase.ts'
import type { DatabaseHandle } from './createDatabase.ts'
import { migrate, readMigrations } from './migrate.ts'
import { createTestSchema, testBackend } from './testStore.ts'
import { insertUser, userRowByUsername } from './userQueries.ts'

const VERSION = 5

async function freshDatabase(): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  if (testBackend() === 'pglite') return { handle: await createDatabase({}), drop: async () => {} }
  const schema = await createTestSchema()
  return { handle: await createDatabase({ databaseUrl: schema.databaseUrl, dbSchema: schema.dbSchema }), drop: schema.drop }
}

describe(`migration ${VERSION} (must_change_password) on a store made before it`, () => {
  it('adds the flag as false to existing accounts, and takes true for new ones', async () => {
    const { handle, drop } = await freshDatabase()
    try {
      const all = readMigrations()
      expect(all.map((m) => m.version)).toContain(VERSION)
      await migrate(handle.db, all.filter((m) => m.version < VERSION))
      // As a store before 005 wrote a user: no such column yet.
      await sql`insert into users (username, display_name, agency, roles, password_hash) values ('old.user', 'Old User', 'school', array['practitioner'], 'x')`.execute(handle.db)
      expect(await migrate(handle.db)).toEqual(all.filter((m) => m.version >= VERSION).map((m) => m.version))
      expect((await userRowByUsername(handle.db, 'old.user'))?.must_change_password).toBe(false)
      await insertUser(handle.db, { username: 'new.user', displayName: 'New User', agency: 'school', roles: ['practitioner'], passwordHash: 'y', mustChangePassword: true })
      expect((await userRowByUsername(handle.db, 'new.user'))?.must_change_password).toBe(true)
    } finally {
      await handle.close()
      await drop()
    }
  })
})
