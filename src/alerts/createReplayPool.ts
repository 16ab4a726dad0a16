// Runs families' replays in worker threads (node:worker_threads), so that on a
// machine with more than one core the pure rules work while the main thread
// talks to the database. With no spare core, or with engine options that
// cannot cross to a thread (rules and calendars are functions), a replay
// runs in the calling thread instead; the outcome is the same either way.
import { availableParallelism } from 'node:os'
import type { EngineOptions } from '../rules/engine.ts'
import { startTypeScriptWorker } from '../store/startTypeScriptWorker.ts'
import { familyOutcome } from './familyOutcome.ts'
import type { FamilyOutcome, OutcomeRequest } from './familyOutcome.ts'

export interface ReplayPool {
  outcome(request: Omit<OutcomeRequest, 'thresholds'>): Promise<FamilyOutcome>
  close(): Promise<void>
}

/**
 * Worker threads for a machine: one per core, at most four. The main thread
 * mostly waits on the database (PostgreSQL works in its own process), so the
 * replays may use every core.
 */
export function defaultReplayThreads(): number {
  return Math.min(4, availableParallelism())
}

type Reply = { id: number; outcome: FamilyOutcome } | { id: number; error: string }

export function createReplayPool(engine: EngineOptions = {}, threads: number = defaultReplayThreads()): ReplayPool {
  const transferable = engine.rules === undefined && engine.calendar === undefined
  if (threads < 1 || !transferable) {
    return {
      outcome: async (request) => familyOutcome(request, engine),
      close: async () => {},
    }
  }
  const waiting = new Map<number, { resolve: (o: FamilyOutcome) => void; reject: (e: Error) => void }>()
  // Once a thread has failed or stopped, nothing more is asked of the pool: a
  // request posted to a dead thread would never be answered, and the import
  // waiting on it would hold its transaction open for ever.
  let failure: Error | undefined
  const fail = (e: Error) => {
    failure ??= e
    for (const w of waiting.values()) w.reject(failure)
    waiting.clear()
  }
  const workers = Array.from({ length: threads }, () => {
    const worker = startTypeScriptWorker(new URL('./replayWorker.ts', import.meta.url))
    worker.on('message', (reply: Reply) => {
      const w = waiting.get(reply.id)
      waiting.delete(reply.id)
      if ('error' in reply) w?.reject(new Error(`A replay failed in its worker thread: ${reply.error}`))
      else w?.resolve(reply.outcome)
    })
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`A replay worker thread stopped (exit code ${code})`)))
    // Idle workers must not keep the process alive.
    worker.unref()
    return worker
  })
  let next = 0
  return {
    outcome(request) {
      if (failure !== undefined) return Promise.reject(failure)
      const id = next++
      const worker = workers[id % workers.length]!
      return new Promise<FamilyOutcome>((resolve, reject) => {
        waiting.set(id, { resolve, reject })
        worker.ref()
        worker.postMessage({ ...request, id, ...(engine.thresholds === undefined ? {} : { thresholds: engine.thresholds }) })
      }).finally(() => {
        if (waiting.size === 0) for (const w of workers) w.unref()
      })
    },
    async close() {
      fail(new Error('The replay pool was closed'))
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
