// Opens the database: embedded PGlite in a data folder (or in memory, for
// tests), or PostgreSQL through a `pg` pool. Everything above this file is one
// code path: Kysely with the PostgreSQL dialect.
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { ConfigError, StoreUnavailableError } from '../errors/errors.ts'
import { lockDataFolder } from './dataFolderLock.ts'
import { createPgliteDialect } from './pgliteDialect.ts'
import { pgliteParsers } from './pgliteParsers.ts'
import { openPgliteThread } from './pgliteThread.ts'
import type { PgliteThread } from './pgliteThread.ts'
import type { Database } from './schema.ts'

export type StoreKind = 'pglite' | 'postgres'

export interface DatabaseOptions {
  /** PostgreSQL URL; when given, dataDir is ignored. */
  databaseUrl?: string | undefined
  /** PGlite data folder; absent means an in-memory database (tests only). */
  dataDir?: string | undefined
  /** For an in-memory PGlite: start from this dump (see PGlite dumpDataDir) instead of an empty database. */
  pgliteDump?: Blob | undefined
  /** PostgreSQL schema to put first on every connection's search_path. */
  dbSchema?: string | undefined
  /**
   * A data folder's PGlite runs in a worker thread of its own (the default),
   * so the database and the rest of the program use two cores; false keeps
   * it in this thread.
   */
  pgliteThread?: boolean | undefined
  /** Connections in PostgreSQL's pool (10 by default); a worker thread's own store needs one. */
  maxConnections?: number | undefined
}

/** What opens another connection to the same PostgreSQL database and schema (a worker thread's own store). */
export interface PostgresConnection {
  databaseUrl: string
  dbSchema: string | undefined
}

export interface DatabaseHandle {
  db: Kysely<Database>
  kind: StoreKind
  /** Where the data lives, safe to show (no password). */
  location: string
  /** PostgreSQL only: how to open another connection to it. */
  connection?: PostgresConnection
  close(): Promise<void>
}

/** The PGlite files live in this subfolder of the data folder, beside the lock. */
export const PGLITE_SUBFOLDER = 'pglite'

const OID = { int8: 20, date: 1082 } as const

// As pgliteParsers: `date` stays a YYYY-MM-DD string, bigint ids become numbers.
function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === OID.int8) return (v: string) => Number(v)
      if (oid === OID.date) return (v: string) => v
      return pg.types.getTypeParser(oid, format as 'text')
    }) as pg.CustomTypesConfig['getTypeParser'],
  }
}

export function safeUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password !== '') u.password = '***'
    return u.toString()
  } catch {
    return 'PostgreSQL'
  }
}

export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl !== undefined) return openPostgres(options.databaseUrl, options.dbSchema, options.maxConnections ?? 10)
  return openPglite(options.dataDir, options.pgliteDump, options.pgliteThread ?? true)
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

async function openPostgres(url: string, schema: string | undefined, max: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    types: pgTypes(),
    max,
    ...(schema !== undefined ? { options: `-c search_path=${quoteIdent(schema)}` } : {}),
  })
  // An idle client losing its server must not crash the process.
  pool.on('error', () => {})
  let schemaExists = true
  try {
    const client = await pool.connect()
    try {
      if (schema !== undefined) schemaExists = (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1
    } finally {
      client.release()
    }
  } catch (e) {
    await pool.end().catch(() => {})
    throw new StoreUnavailableError(`Could not connect to PostgreSQL at ${safeUrl(url)}: ${(e as Error).message}`, e)
  }
  if (!schemaExists) {
    // Otherwise the first migration fails with PostgreSQL's "no schema has been selected to create in".
    await pool.end().catch(() => {})
    throw new ConfigError(`PostgreSQL schema ${quoteIdent(schema ?? '')} does not exist at ${safeUrl(url)}: create it first (CREATE SCHEMA ${quoteIdent(schema ?? '')}) or leave the schema option out`)
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    kind: 'postgres',
    location: safeUrl(url),
    connection: { databaseUrl: url, dbSchema: schema },
    close: () => db.destroy(),
  }
}

async function openPglite(dataDir: string | undefined, dump: Blob | undefined, inThread: boolean): Promise<DatabaseHandle> {
  if (dataDir === undefined) {
    const pglite = await PGlite.create({ parsers: pgliteParsers, ...(dump !== undefined ? { loadDataDir: dump } : {}) })
    const db = new Kysely<Database>({ dialect: createPgliteDialect(pglite) })
    return {
      db,
      kind: 'pglite',
      location: 'memory',
      close: async () => { await db.destroy(); await pglite.close() },
    }
  }
  const folder = resolve(dataDir)
  mkdirSync(folder, { recursive: true })
  const lock = lockDataFolder(folder, dataDir)
  let pglite: PGlite | PgliteThread
  try {
    const pgdata = join(folder, PGLITE_SUBFOLDER)
    // PGlite initialises any folder without PG_VERSION. A non-empty one
    // without it is a damaged database: stop rather than write over it.
    if (existsSync(pgdata) && readdirSync(pgdata).length > 0 && !existsSync(join(pgdata, 'PG_VERSION'))) {
      throw new StoreUnavailableError(
        `The data folder ${dataDir} holds files that are not a readable database (${PGLITE_SUBFOLDER}/PG_VERSION is missing). Nothing was changed. Restore the folder from a backup, or use --data to choose another folder.`,
      )
    }
    try {
      pglite = inThread ? await openPgliteThread(pgdata) : await PGlite.create(pgdata, { parsers: pgliteParsers })
    } catch (e) {
      throw new StoreUnavailableError(
        `The data folder ${dataDir} could not be opened: ${(e as Error).message}. Nothing was changed. Restore the folder from a backup, or use --data to choose another folder.`,
        e,
      )
    }
  } catch (e) {
    lock.release()
    throw e
  }
  const db = new Kysely<Database>({ dialect: createPgliteDialect(pglite) })
  let closed = false
  return {
    db,
    kind: 'pglite',
    location: dataDir,
    async close() {
      if (closed) return
      closed = true
      try {
        await db.destroy()
        await pglite.close()
      } finally {
        lock.release()
      }
    },
  }
}
