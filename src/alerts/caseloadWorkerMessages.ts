// What the whole-caseload evaluation's main thread and its worker threads say
// to each other (evaluateCaseloadInWorkers.ts, caseloadWorker.ts).
import type { IsoDate } from '../exchange/dates.ts'
import type { Thresholds } from '../rules/thresholds.ts'
import type { PostgresConnection } from '../store/createDatabase.ts'
import type { FamilyHeader } from '../store/loadFamilyDocument.ts'
import type { CaseloadEvaluation } from './caseloadTotals.ts'

/** A worker's own connection and what it evaluates; only thresholds of the engine options cross (rules and calendars are functions). */
export interface CaseloadWorkerData {
  connection: PostgresConnection
  asOf: IsoDate
  full: boolean
  thresholds?: Thresholds | undefined
}

export type ToCaseloadWorker =
  | { type: 'page'; families: FamilyHeader[] }
  /** No more pages: close the connection and say so. */
  | { type: 'stop' }

export type FromCaseloadWorker =
  /** More families of the current page done (for progress only; the page's totals count them). */
  | { type: 'progress'; families: number }
  | { type: 'page done'; totals: CaseloadEvaluation }
  /** What went wrong (`Name: message`), and where in the worker. */
  | { type: 'failed'; error: string; stack: string | undefined }
  | { type: 'stopped' }
