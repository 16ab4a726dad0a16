// A worker thread that runs the pure rules for the replay pool: a family's
// alerts as of a day and its replay up to that day, so the replays of an
// import overlap the database work on another core.
import { parentPort } from 'node:worker_threads'
import { familyOutcome } from './familyOutcome.ts'
import type { OutcomeRequest } from './familyOutcome.ts'

const port = parentPort
if (port === null) throw new Error('replayWorker.ts runs only as a worker thread')
port.on('message', (request: OutcomeRequest & { id: number }) => {
  try {
    port.postMessage({ id: request.id, outcome: familyOutcome(request) })
  } catch (e) {
    port.postMessage({ id: request.id, error: e instanceof Error ? e.stack ?? e.message : String(e) })
  }
})
