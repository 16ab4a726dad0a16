import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StoreLockedError, StoreUnavailableError } from '../errors/errors.ts'
import { PGLITE_SUBFOLDER, createDatabase, safeUrl } from './createDatabase.ts'
import { createStore } from './createStore.ts'
import { LOCK_FILE, lockDataFolder } from './dataFolderLock.ts'
import { migrate, readMigrations } from './migrate.ts'
import { createTestSchema, testBackend } from './testStore.ts'

let dir: string
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'throughline-db-')) })
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(r.stdout.toString())
}

describe('data folder lock', () => {
  it('refuses a folder another live process holds, naming it', () => {
    const folder = join(dir, 'held')
    mkdirSync(folder)
    const lock = lockDataFolder(folder, './held')
    try {
      expect(() => lockDataFolder(folder, './held')).toThrow(new StoreLockedError(
        `The data folder ./held is in use by another Throughline process (pid ${process.pid}). Stop it first, or use --data to choose another folder.`,
      ))
    } finally {
      lock.release()
    }
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false)
    lockDataFolder(folder).release()
  })

  it('takes over a lock left by a process that is gone', () => {
    const folder = join(dir, 'stale')
    mkdirSync(folder)
    writeFileSync(join(folder, LOCK_FILE), `${deadPid()}\n`)
    const lock = lockDataFolder(folder)
    expect(readFileSync(join(folder, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid))
    lock.release()
  })
})

describe('embedded store in a folder', () => {
  it('keeps data across close and reopen, and holds the folder while open', async () => {
    const folder = join(dir, 'data')
    const store = await createStore({ dataDir: folder })
    await store.db.insertInto('sources').values({ name: 'kept' }).execute()
    await expect(createDatabase({ dataDir: folder })).rejects.toBeInstanceOf(StoreLockedError)
    await store.close()
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false)
    const again = await createStore({ dataDir: folder })
    expect(await again.db.selectFrom('sources').select('name').execute()).toEqual([{ name: 'kept' }])
    expect(again.kind).toBe('pglite')
    await again.close()
  })

  it('stops on a damaged folder without changing or deleting it', async () => {
    const folder = join(dir, 'damaged')
    mkdirSync(join(folder, PGLITE_SUBFOLDER, 'base'), { recursive: true })
    writeFileSync(join(folder, PGLITE_SUBFOLDER, 'base', 'precious'), 'do not delete')
    const before = readdirSync(join(folder, PGLITE_SUBFOLDER), { recursive: true }).sort()
    const error = await createDatabase({ dataDir: folder }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreUnavailableError)
    expect((error as Error).message).toContain('Nothing was changed')
    expect(readdirSync(join(folder, PGLITE_SUBFOLDER), { recursive: true }).sort()).toEqual(before)
    expect(readFileSync(join(folder, PGLITE_SUBFOLDER, 'base', 'precious'), 'utf8')).toBe('do not delete')
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false)
  })

  it('stops on a database PGlite cannot open, without deleting it', async () => {
    const folder = join(dir, 'corrupt')
    const store = await createStore({ dataDir: folder })
    await store.close()
    const pgdata = join(folder, PGLITE_SUBFOLDER)
    writeFileSync(join(pgdata, 'global', 'pg_control'), 'not a control file')
    const before = readdirSync(pgdata, { recursive: true, encoding: 'utf8' }).sort()
    await expect(createDatabase({ dataDir: folder })).rejects.toBeInstanceOf(StoreUnavailableError)
    // Every file is still there (PGlite may add its postmaster.pid).
    expect(readdirSync(pgdata, { recursive: true })).toEqual(expect.arrayContaining(before))
    expect(readFileSync(join(pgdata, 'global', 'pg_control'), 'utf8')).toBe('not a control file')
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false)
  })
})

describe('PostgreSQL connection', () => {
  it('hides the password when it names the database', () => {
    expect(safeUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db')
  })

  it('reports an unreachable server as unavailable', async () => {
    await expect(createDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toBeInstanceOf(StoreUnavailableError)
  })
})

describe.skipIf(testBackend() !== 'postgres')('migrations on PostgreSQL', () => {
  it('names a schema that does not exist instead of failing in the first migration', async () => {
    const schema = await createTestSchema()
    await schema.drop()
    await expect(createDatabase({ databaseUrl: schema.databaseUrl, dbSchema: schema.dbSchema }))
      .rejects.toThrow(new RegExp(`PostgreSQL schema "${schema.dbSchema}" does not exist.*CREATE SCHEMA`))
  })

  it('two servers starting at once both succeed and each migration runs once', async () => {
    const schema = await createTestSchema()
    const a = await createDatabase({ databaseUrl: schema.databaseUrl, dbSchema: schema.dbSchema })
    const b = await createDatabase({ databaseUrl: schema.databaseUrl, dbSchema: schema.dbSchema })
    try {
      const [ranA, ranB] = await Promise.all([migrate(a.db), migrate(b.db)])
      const all = readMigrations().map((m) => m.version)
      expect([...ranA, ...ranB].sort((x, y) => x - y)).toEqual(all)
      const rows = await a.db.selectFrom('schema_migrations').select('version').orderBy('version').execute()
      expect(rows.map((r) => r.version)).toEqual(all)
      const where = await sql<{ s: string }>`select current_schema() as s`.execute(a.db)
      expect(where.rows[0]?.s).toBe(schema.dbSchema)
    } finally {
      await a.close()
      await b.close()
      await schema.drop()
    }
  })
})

describe('migrations on the embedded store', () => {
  it('two migrators on one database run each migration once', async () => {
    const handle = await createDatabase({})
    try {
      const [x, y] = await Promise.all([migrate(handle.db), migrate(handle.db)])
      expect([...x, ...y].sort((p, q) => p - q)).toEqual(readMigrations().map((m) => m.version))
    } finally {
      await handle.close()
    }
  })
})
