// The whole-caseload evaluation on PostgreSQL in worker threads, each with its
// own connection: the main thread reads the family ids a page at a time and
// hands each page to whoever is free, so reading and decoding rows,
// assembling documents and running the rules use every core while the
// database works in its own processes. Each worker does for its page what
// evaluateAll does in one thread (evaluatePage), so the stored outcome is the
// same; only the order in which pages are written differs.
import type { IsoDate } from '../exchange/dates.ts'
import type { Thresholds } from '../rules/thresholds.ts'
import type { PostgresConnection } from '../store/createDatabase.ts'
import type { Store } from '../store/createStore.ts'
import { familyHeaders } from '../store/loadFamilyDocument.ts'
import type { FamilyHeader } from '../store/loadFamilyDocument.ts'
import { startTypeScriptWorker } from '../store/startTypeScriptWorker.ts'
import { addTotals, noFamiliesYet } from './caseloadTotals.ts'
import type { CaseloadEvaluation } from './caseloadTotals.ts'
import type { CaseloadWorkerData, FromCaseloadWorker, ToCaseloadWorker } from './caseloadWorkerMessages.ts'

/** Evaluates one page in the calling thread, reporting each family done. */
export type PageEvaluator = (page: readonly FamilyHeader[], onFamilies: (n: number) => void) => Promise<CaseloadEvaluation>

export interface CaseloadInWorkersOptions {
  /** Where the workers connect: the same database and schema as the store. */
  connection: PostgresConnection
  asOf: IsoDate
  full?: boolean | undefined
  thresholds?: Thresholds | undefined
  /** Worker threads to start. */
  threads: number
  /**
   * The main thread takes pages too, with this, beside the workers: it starts
   * at once, while a worker takes a second or two to load the program.
   */
  evaluateHere?: PageEvaluator | undefined
  /** Families given out at a time. */
  pageSize: number
  onProgress?: ((done: number) => void) | undefined
}

/** Who evaluates pages: a worker thread, or the main thread. */
interface Evaluator {
  evaluate(page: FamilyHeader[]): Promise<CaseloadEvaluation>
  /** Pages asked of it at once: a worker is sent its next page before it finishes one, so it never waits on the main thread. */
  depth: number
  /** Done: a worker closes its connection and ends. */
  stop(): Promise<void>
  /** Failed: a worker is ended at once. */
  terminate(): Promise<void>
}

const failedInWorker = (what: string, cause?: unknown) => new Error(`Evaluating the caseload failed in a worker thread: ${what}`, { cause })

function startWorker(data: CaseloadWorkerData, onFamilies: (n: number) => void): Evaluator {
  const worker = startTypeScriptWorker(new URL('./caseloadWorker.ts', import.meta.url), data, new URL('./caseloadWorkerPreload.js', import.meta.url))
  // The worker answers in the order it was asked.
  const waiting: { resolve: (m: FromCaseloadWorker) => void; reject: (e: Error) => void }[] = []
  // Once the thread has failed or stopped nothing more is asked of it: a page
  // posted to a dead thread would never be answered and the run would hang.
  let failure: Error | undefined
  const fail = (e: Error) => {
    failure ??= e
    for (const w of waiting.splice(0)) w.reject(failure)
  }
  worker.on('message', (m: FromCaseloadWorker) => {
    if (m.type === 'progress') onFamilies(m.families)
    else if (m.type === 'failed') fail(failedInWorker(m.error, m.stack))
    else waiting.shift()?.resolve(m)
  })
  worker.on('error', (e) => fail(failedInWorker(e.message, e)))
  worker.on('messageerror', (e) => fail(failedInWorker(`a message could not be read: ${e.message}`, e)))
  worker.on('exit', (code) => fail(new Error(`A caseload worker thread stopped (exit code ${code})`)))
  function ask(message: ToCaseloadWorker): Promise<FromCaseloadWorker> {
    if (failure !== undefined) return Promise.reject(failure)
    return new Promise<FromCaseloadWorker>((resolve, reject) => {
      waiting.push({ resolve, reject })
      worker.postMessage(message)
    })
  }
  return {
    depth: 2,
    async evaluate(families) {
      const reply = await ask({ type: 'page', families })
      if (reply.type !== 'page done') throw new Error(`A caseload worker thread answered a page with ${reply.type}`)
      return reply.totals
    },
    async stop() {
      await ask({ type: 'stop' })
      await worker.terminate()
    },
    async terminate() {
      fail(new Error('The caseload evaluation was stopped'))
      await worker.terminate()
    },
  }
}

function mainThread(evaluateHere: PageEvaluator, onFamilies: (n: number) => void): Evaluator {
  return {
    depth: 1,
    evaluate: (page) => evaluateHere(page, onFamilies),
    stop: async () => {},
    terminate: async () => {},
  }
}

/**
 * Pages of families in id order, each given once to whoever asks; the next
 * page is read while the last one is evaluated.
 */
function pagesOf(store: Store, pageSize: number): () => Promise<FamilyHeader[]> {
  const read = (after: number) => familyHeaders(store, after, pageSize)
  let ahead = read(0)
  return () => {
    const page = ahead
    ahead = page.then((p) => {
      const last = p.at(-1)
      return last === undefined ? [] : read(last.id)
    })
    // A read-ahead nobody asks for (the run failed) must not be an unhandled rejection.
    ahead.catch(() => {})
    return page
  }
}

export async function evaluateCaseloadInWorkers(store: Store, options: CaseloadInWorkersOptions): Promise<CaseloadEvaluation> {
  const totals = noFamiliesYet()
  let done = 0
  const onFamilies = (n: number) => {
    done += n
    options.onProgress?.(done)
  }
  const data: CaseloadWorkerData = { connection: options.connection, asOf: options.asOf, full: options.full === true, thresholds: options.thresholds }
  const workers = Array.from({ length: options.threads }, () => startWorker(data, onFamilies))
  const evaluators = options.evaluateHere === undefined ? workers : [...workers, mainThread(options.evaluateHere, onFamilies)]
  const nextPage = pagesOf(store, options.pageSize)
  let failure: { error: unknown } | undefined
  const take = async (evaluator: Evaluator) => {
    for (;;) {
      const page = failure === undefined ? await nextPage() : []
      if (page.length === 0) return
      addTotals(totals, await evaluator.evaluate(page))
    }
  }
  const run = async (evaluator: Evaluator) => {
    try {
      await Promise.all(Array.from({ length: evaluator.depth }, () => take(evaluator)))
      // An evaluator with nothing left to do ends now, rather than wait idle for the others.
      await evaluator.stop()
    } catch (error) {
      // The first failure ends the run: no more pages are given out, and the
      // workers are ended at once (a page of the main thread's own finishes).
      if (failure === undefined) {
        failure = { error }
        await Promise.all(workers.map((w) => w.terminate()))
      }
    }
  }
  try {
    await Promise.all(evaluators.map(run))
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  if (failure !== undefined) throw failure.error
  return totals
}
