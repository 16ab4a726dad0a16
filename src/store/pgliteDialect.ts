// Kysely over PGlite without extra dependencies: Kysely's own PostgresDialect
// driving a pool-like object. PGlite is one connection, so connect() hands
// out the single instance behind an async mutex: a transaction holds the
// connection from BEGIN to COMMIT and no other query can interleave with it.
import { PostgresDialect } from 'kysely'
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import type { PgliteResult } from './pgliteThreadMessages.ts'

/**
 * What the dialect needs of PGlite: a PGlite instance in this thread, or the
 * one in a worker thread (pgliteThread.ts).
 */
export interface PgliteConnection {
  query(sql: string, parameters: unknown[]): Promise<PgliteResult>
  exec(sql: string): Promise<PgliteResult[]>
}

/** A FIFO async mutex: acquire() resolves with the function that releases it. */
export function createMutex(): { acquire(): Promise<() => void> } {
  let tail: Promise<void> = Promise.resolve()
  return {
    acquire() {
      let release!: () => void
      const held = new Promise<void>((resolve) => { release = resolve })
      const ready = tail.then(() => release)
      tail = tail.then(() => held)
      return ready
    },
  }
}

type Command = PostgresQueryResult<unknown>['command']

class PgliteClient implements PostgresPoolClient {
  #released = false
  constructor(private readonly pglite: PgliteConnection, private readonly releaseMutex: () => void) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') throw new Error('Streaming queries (cursors) are not supported on the embedded store')
    return this.#run<R>(sqlOrCursor, parameters ?? [])
  }

  async #run<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    // Without parameters use the simple protocol, which (like pg) accepts
    // several statements at once: migrations are whole SQL files.
    const result = parameters.length === 0
      ? (await this.pglite.exec(sql)).at(-1)
      : await this.pglite.query(sql, [...parameters])
    return {
      command: (result?.command ?? 'SELECT') as Command,
      rowCount: result?.rowCount ?? result?.affectedRows ?? 0,
      rows: (result?.rows ?? []) as R[],
    }
  }

  release(): void {
    if (this.#released) return
    this.#released = true
    this.releaseMutex()
  }
}

/** A pool of one: the PGlite instance, handed out one holder at a time. */
export function createPglitePool(pglite: PgliteConnection): PostgresPool {
  const mutex = createMutex()
  return {
    async connect() {
      const release = await mutex.acquire()
      return new PgliteClient(pglite, release)
    },
    async end() {
      // The store closes PGlite itself, after Kysely is done with it.
    },
  }
}

export function createPgliteDialect(pglite: PgliteConnection): PostgresDialect {
  return new PostgresDialect({ pool: createPglitePool(pglite) })
}
