// Stores for tests. THROUGHLINE_TEST_BACKEND=pglite (the default) gives an
// in-memory PGlite; =postgres uses TEST_DATABASE_URL with a fresh schema per
// store, dropped on close, so test files can run in parallel.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { ConfigError } from '../errors/errors.ts'
import type { StoreKind } from './createDatabase.ts'
import { createStore } from './createStore.ts'
import type { Store } from './createStore.ts'

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

export async function createTestStore(env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  if (testBackend(env) === 'pglite') return createStore({})
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
