// A worker thread of the whole-caseload evaluation on PostgreSQL: it opens its
// own connection and evaluates the pages of families the main thread hands it,
// one at a time, as evaluateAll does in one thread (evaluatePage), so reading,
// decoding and the rules run on every core.
import { parentPort, workerData } from 'node:worker_threads'
import { createDatabase } from '../store/createDatabase.ts'
import type { DatabaseHandle } from '../store/createDatabase.ts'
import type { CaseloadWorkerData, FromCaseloadWorker, ToCaseloadWorker } from './caseloadWorkerMessages.ts'
import { evaluatePage } from './evaluateFamily.ts'
import type { EvaluateOptions } from './evaluateFamily.ts'

const port = parentPort
if (port === null) throw new Error('caseloadWorker.ts runs only as a worker thread')
const data = workerData as CaseloadWorkerData
const options: EvaluateOptions = {
  asOf: data.asOf,
  full: data.full,
  ...(data.thresholds === undefined ? {} : { engine: { thresholds: data.thresholds } }),
}
const send = (message: FromCaseloadWorker) => port.postMessage(message)

// One connection: a page's reads wait on each other, while the other workers' keep the database busy.
const opening = createDatabase({ databaseUrl: data.connection.databaseUrl, dbSchema: data.connection.dbSchema, maxConnections: 1 })
// A failure to connect is reported with the first page.
opening.catch(() => {})

async function evaluate(store: DatabaseHandle, message: ToCaseloadWorker & { type: 'page' }): Promise<void> {
  // Progress goes back after each family evaluated in full (they take long) and at the end of the page, not once a family.
  let unsent = 0
  const totals = await evaluatePage(store, message.families, options, (_, inFull) => {
    unsent++
    if (inFull) { send({ type: 'progress', families: unsent }); unsent = 0 }
  })
  if (unsent > 0) send({ type: 'progress', families: unsent })
  send({ type: 'page done', totals })
}

const answer = async (message: ToCaseloadWorker): Promise<void> => {
  try {
    const store = await opening
    if (message.type === 'page') {
      await evaluate(store, message)
    } else {
      await store.close()
      send({ type: 'stopped' })
      port.close()
    }
  } catch (e) {
    send(e instanceof Error ? { type: 'failed', error: `${e.name}: ${e.message}`, stack: e.stack } : { type: 'failed', error: String(e), stack: undefined })
  }
}

let last: Promise<void> = Promise.resolve()
port.on('message', (message: ToCaseloadWorker) => { last = last.then(() => answer(message)) })
