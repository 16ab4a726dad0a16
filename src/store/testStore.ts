// Stores for tests. THROUGHLINE_TEST_BACKEND=pglite (the default) gives an
// in-memory PGlite; =postgres uses TEST_DATABASE_URL with a fresh schema per
// store, dropped on close, so test files can run in parallel.
import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import pg from 'pg'
import { ConfigError } from '../errors/errors.ts'
import type { StoreKind } from './createDatabase.ts'
import { createStore } from './createStore.ts'
import type { Store } from './createStore.ts'
import { migrate } from './migrate.ts'
import { createPgliteDialect } from './pgliteDialect.ts'
import type { Database } from './schema.ts'

export function testBackend(env: NodeJS.ProcessEnv = process.env): StoreKind {
  const backend = env.THROUGHLINE_TEST_BACKEND ?? 'pglite'
  if (backend !== 'pglite' && backend !== 'postgres') {
    throw new ConfigError(`THROUGHLINE_TEST_BACKEND must be pglite or postgres, not ${backend}`)
  }
  return backend
}

export function testDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.TEST_DATABASE_URL
  if (url === undefined || url === '') throw new ConfigError('THROUGHLINE_TEST_BACKEND=postgres needs TEST_DATABASE_URL')
  return url
}

export interface TestSchema {
  databaseUrl: string
  dbSchema: string
  drop(): Promise<void>
}

/** A fresh, empty PostgreSQL schema in the test database. */
export async function createTestSchema(databaseUrl: string = testDatabaseUrl()): Promise<TestSchema> {
  const dbSchema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  try {
    await admin.query(`create schema ${dbSchema}`)
  } finally {
    await admin.end()
  }
  return {
    databaseUrl,
    dbSchema,
    async drop() {
      const c = new pg.Client({ connectionString: databaseUrl })
      await c.connect()
      try {
        await c.query(`drop schema if exists ${dbSchema} cascade`)
      } finally {
        await c.end()
      }
    },
  }
}

// Creating a PGlite database runs initdb (seconds); loading a dump of one
// already migrated takes a fraction of that. Made once per test process.
let pgliteTemplate: Promise<Blob> | undefined

async function migratedPgliteDump(): Promise<Blob> {
  const pglite = await PGlite.create()
  const db = new Kysely<Database>({ dialect: createPgliteDialect(pglite) })
  try {
    await migrate(db)
    return await pglite.dumpDataDir('none')
  } finally {
    await db.destroy()
    await pglite.close()
  }
}

export async function createTestStore(env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  if (testBackend(env) === 'pglite') {
    pgliteTemplate ??= migratedPgliteDump()
    return createStore({ pgliteDump: await pgliteTemplate })
  }
  const schema = await createTestSchema(testDatabaseUrl(env))
  let store: Store
  try {
    store = await createStore({ databaseUrl: schema.databaseUrl, dbSchema: schema.dbSchema })
  } catch (e) {
    await schema.drop()
    throw e
  }
  return {
    ...store,
    async close() {
      try {
        await store.close()
      } finally {
        await schema.drop()
      }
    },
  }
}
