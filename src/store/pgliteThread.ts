// The embedded database (PGlite) run in a worker thread of its own. In the
// main thread PGlite's work (the WebAssembly PostgreSQL, and decoding its
// results) shares one core with everything else; behind a thread the web
// server builds pages on one core while the database answers on the other
// (issue 6: the family page under load). The main thread keeps the dialect's
// one-holder-at-a-time mutex, so transactions work as before.
import type { Worker } from 'node:worker_threads'
import { StoreUnavailableError } from '../errors/errors.ts'
import type { PgliteConnection } from './pgliteDialect.ts'
import type { PgliteResult, PgliteThreadReply, PgliteThreadRequest } from './pgliteThreadMessages.ts'
import { rebuildError } from './pgliteThreadMessages.ts'
import { startTypeScriptWorker } from './startTypeScriptWorker.ts'

export interface PgliteThread extends PgliteConnection {
  /** Closes the database (a checkpoint) and ends the thread. */
  close(): Promise<void>
}

/** The rows with their json and jsonb columns parsed, as PGlite's own parsers would have. */
function parseJsonColumns(result: PgliteResult): PgliteResult {
  const { json } = result
  if (json === undefined) return result
  for (const row of result.rows as Record<string, unknown>[]) {
    for (const column of json) {
      const text = row[column]
      if (typeof text === 'string') row[column] = JSON.parse(text)
    }
  }
  return result
}

type Distributive<T> = T extends unknown ? Omit<T, 'id'> : never

/** Opens the PGlite database in `pgdata` in a new worker thread; rejects with PGlite's own error if it cannot be opened. */
export function openPgliteThread(pgdata: string): Promise<PgliteThread> {
  const worker: Worker = startTypeScriptWorker(new URL('./pgliteWorker.ts', import.meta.url), { dataDir: pgdata })
  const waiting = new Map<number, { resolve: (r: PgliteThreadReply) => void; reject: (e: Error) => void }>()
  // Once the thread has failed or stopped nothing more is sent to it: a
  // statement posted to a dead thread would never be answered.
  let failure: Error | undefined
  let closing = false
  const fail = (e: Error) => {
    failure ??= e
    for (const w of waiting.values()) w.reject(failure)
    waiting.clear()
  }
  let next = 0
  function send(request: Distributive<PgliteThreadRequest>): Promise<PgliteThreadReply> {
    if (failure !== undefined) return Promise.reject(failure)
    const id = next++
    return new Promise<PgliteThreadReply>((resolve, reject) => {
      try {
        // Throws (DataCloneError) for a parameter that cannot be copied to
        // another thread, a function say: nothing was sent, so nothing is
        // awaited, and the thread must not stay ref'd for it.
        worker.postMessage({ ...request, id })
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)))
        return
      }
      waiting.set(id, { resolve, reject })
      worker.ref()
    })
  }
  worker.on('message', (reply: PgliteThreadReply) => {
    const w = waiting.get(reply.id)
    waiting.delete(reply.id)
    // An idle database thread must not keep the process alive.
    if (waiting.size === 0) worker.unref()
    w?.resolve(reply)
  })
  worker.on('error', (e) => fail(new StoreUnavailableError(`The embedded database stopped: ${e.message}`, e)))
  worker.on('exit', (code) => fail(new StoreUnavailableError(closing ? 'The embedded database is closed' : `The embedded database stopped (its thread exited with code ${code})`)))

  function resultOf(reply: PgliteThreadReply): PgliteResult {
    if ('error' in reply) throw rebuildError(reply.error)
    if ('results' in reply) return parseJsonColumns(reply.results.at(-1) ?? { rows: [] })
    return parseJsonColumns(reply.result ?? { rows: [] })
  }

  const thread: PgliteThread = {
    async query(sql, parameters) {
      return resultOf(await send({ op: 'query', sql, parameters }))
    },
    async exec(sql) {
      const reply = await send({ op: 'exec', sql })
      if ('error' in reply) throw rebuildError(reply.error)
      return 'results' in reply ? reply.results.map(parseJsonColumns) : []
    },
    async close() {
      if (failure !== undefined) return
      closing = true
      const reply = await send({ op: 'close' })
      await worker.terminate()
      if ('error' in reply) throw rebuildError(reply.error)
    },
  }

  // The worker opens the database as it starts and answers id -1 when it has.
  return new Promise<PgliteThread>((resolve, reject) => {
    waiting.set(-1, {
      resolve: (reply) => {
        if ('error' in reply) {
          closing = true
          void worker.terminate()
          reject(rebuildError(reply.error))
        } else {
          resolve(thread)
        }
      },
      reject,
    })
  })
}
