// The embedded database in a worker thread of its own (see pgliteThread.ts):
// PGlite answers the main thread's statements one at a time, in the order
// they were sent, so its work runs on another core than page building.
import { PGlite } from '@electric-sql/pglite'
import type { Results } from '@electric-sql/pglite'
import { parentPort, workerData } from 'node:worker_threads'
import { pgliteParsers } from './pgliteParsers.ts'
import type { PgliteResult, PgliteThreadReply, PgliteThreadRequest } from './pgliteThreadMessages.ts'
import { describeError } from './pgliteThreadMessages.ts'

const port = parentPort
if (port === null) throw new Error('pgliteWorker.ts runs only as a worker thread')
const { dataDir } = workerData as { dataDir: string }

// json and jsonb cross to the main thread as their text, parsed there
// (pgliteThread.ts): copying a string between threads is one copy, where
// parsing here and copying the objects walked every value twice more. On the
// family page under load (issue 6) this thread's CPU per page went from 5.1
// to 4.6 ms and the pages served a second rose 4 to 12% in three rounds.
const JSON_TYPES = new Set<number>([114, 3802])
const asText = (v: string) => v
const opening = PGlite.create(dataDir, { parsers: { ...pgliteParsers, 114: asText, 3802: asText } })
opening.then(
  () => port.postMessage({ id: -1, result: null } satisfies PgliteThreadReply),
  (e: unknown) => port.postMessage({ id: -1, error: describeError(e) } satisfies PgliteThreadReply),
)

// Only what the dialect reads crosses back (not the field list or blobs),
// with the names of the columns whose JSON text is still to be parsed.
function slim(r: Results): PgliteResult {
  const json = r.fields.filter((f) => JSON_TYPES.has(f.dataTypeID)).map((f) => f.name)
  return { command: r.command, rowCount: r.rowCount, affectedRows: r.affectedRows, rows: r.rows, ...(json.length > 0 ? { json } : {}) }
}

async function answer(request: PgliteThreadRequest): Promise<PgliteThreadReply> {
  try {
    const pglite = await opening
    switch (request.op) {
      case 'query': return { id: request.id, result: slim(await pglite.query(request.sql, request.parameters)) }
      case 'exec': return { id: request.id, results: (await pglite.exec(request.sql)).map(slim) }
      case 'close': await pglite.close(); return { id: request.id, result: null }
    }
  } catch (e) {
    return { id: request.id, error: describeError(e) }
  }
}

let last: Promise<void> = Promise.resolve()
port.on('message', (request: PgliteThreadRequest) => {
  last = last.then(async () => {
    port.postMessage(await answer(request))
    if (request.op === 'close') port.close()
  })
})
