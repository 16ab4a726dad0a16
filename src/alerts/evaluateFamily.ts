// Brings stored alerts up to date: for one family after an import or a new
// record, or for the whole caseload (the nightly `evaluate --all`, which is
// how time-based rules fire without new events).
import type { IsoDate } from '../exchange/dates.ts'
import type { FamilyDocument } from '../exchange/schema.ts'
import { NotFoundError } from '../errors/errors.ts'
import { evaluateAsOf, replay } from '../rules/engine.ts'
import type { EngineOptions } from '../rules/engine.ts'
import { indexFamily } from '../rules/familyView.ts'
import { DEFAULT_CALENDAR } from '../rules/calendar.ts'
import { alertsOfFamilies, applyAlertChanges, familyAlerts, familyIdByRef, markEvaluated } from '../store/alertQueries.ts'
import type { AlertRow } from '../store/alertQueries.ts'
import type { Store } from '../store/createStore.ts'
import { countFamilies, familyHeaders, loadFamilyDocument, loadFamilyDocuments } from '../store/loadFamilyDocument.ts'
import type { FamilyHeader } from '../store/loadFamilyDocument.ts'
import { addTotals, noFamiliesYet } from './caseloadTotals.ts'
import type { CaseloadEvaluation } from './caseloadTotals.ts'
import { defaultReplayThreads } from './createReplayPool.ts'
import { evaluateCaseloadInWorkers } from './evaluateCaseloadInWorkers.ts'
import { reconcileAlerts, storedMatchesCurrent } from './reconcileAlerts.ts'

export type { CaseloadEvaluation } from './caseloadTotals.ts'

export const SYSTEM_ACTOR = 'system'

export interface EvaluateOptions {
  asOf: IsoDate
  engine?: EngineOptions
  /**
   * Replay the family even when today's alerts match the stored ones. Needed
   * after new records, which can change past episodes; the nightly run can
   * skip families whose alerts are unchanged.
   */
  full?: boolean
}

export interface FamilyEvaluation {
  family: string
  raised: number
  updated: number
  replayed: boolean
}

export async function evaluateFamily(store: Store, familyRef: string, options: EvaluateOptions): Promise<FamilyEvaluation> {
  return store.db.transaction().execute((trx) => evaluateFamilyInTransaction({ ...store, db: trx }, familyRef, options))
}

/** The same inside the caller's transaction, which is `store.db` (a new record and its evaluation commit together). */
export async function evaluateFamilyInTransaction(store: Store, familyRef: string, options: EvaluateOptions): Promise<FamilyEvaluation> {
  const trx = store.db
  const familyId = await familyIdByRef(trx, familyRef)
  const doc = await loadFamilyDocument({ ...store, db: trx }, familyRef)
  if (familyId === undefined || doc === null) throw new NotFoundError(`No family ${familyRef}`)
  const index = indexFamily(doc, options.engine?.calendar ?? DEFAULT_CALENDAR)
  const current = evaluateAsOf(index, options.asOf, options.engine)
  const stored = await familyAlerts(trx, familyId)
  if (options.full !== true && storedMatchesCurrent(stored, current)) {
    await applyAlertChanges(trx, familyId, { inserts: [], updates: [] }, SYSTEM_ACTOR, options.asOf)
    return { family: familyRef, raised: 0, updated: 0, replayed: false }
  }
  const episodes = replay(index, { ...options.engine, until: options.asOf }).alerts
  const changes = reconcileAlerts({ stored, episodes, current, asOf: options.asOf })
  await applyAlertChanges(trx, familyId, changes, SYSTEM_ACTOR, options.asOf)
  return { family: familyRef, raised: changes.inserts.length, updated: changes.updates.length, replayed: true }
}

/** Families read per page by the whole-caseload evaluation. */
export const EVALUATION_PAGE = 200

/**
 * Families from which evaluateAll starts worker threads by default. A worker
 * costs a second or two of CPU to start (loading the program) and to warm up,
 * and on two cores the work scales poorly across threads (decoding rows and
 * building documents allocate heavily, and one thread's garbage collection
 * already uses the second core). Measured on 2 cores (docs/benchmarks.md):
 * no gain at 823 families (3.5 to 4.9 s with one thread or two); at 24,637
 * families the workers brought evaluate_all from 1.78 to 1.31 times the scan.
 * The threshold lies between, where start-up is small beside the work.
 */
export const WORKERS_FROM_FAMILIES = 10_000

export interface CaseloadOptions extends EvaluateOptions {
  /** Families done so far, as the run goes. */
  onProgress?: (done: number) => void
  /**
   * Threads that evaluate, this one included. By default one per core (at
   * most four) from WORKERS_FROM_FAMILIES families, else this one alone. On
   * PostgreSQL, with more than one and more than a page of families, the
   * others are worker threads with their own connections; PGlite (one
   * connection in this process) always evaluates in this thread, as do
   * engine options that cannot cross to a thread (rules, calendars).
   */
  threads?: number
  /** Families read at a time (EVALUATION_PAGE). */
  pageSize?: number
}

/**
 * Every family, a page at a time (evaluatePage). On PostgreSQL with a large
 * caseload, worker threads with their own connections take pages too, so
 * reading, decoding and the rules use every core while the database works in
 * its own processes; the outcome is the same as in this thread alone.
 */
export async function evaluateAll(store: Store, options: CaseloadOptions): Promise<CaseloadEvaluation> {
  const pageSize = options.pageSize ?? EVALUATION_PAGE
  const engine = options.engine ?? {}
  const transferable = engine.rules === undefined && engine.calendar === undefined
  // The count decides the default and whether workers can share the work; one thread asked for needs neither.
  const families = store.connection !== undefined && transferable && options.threads !== 1 ? await countFamilies(store) : 0
  const threads = options.threads ?? (families >= WORKERS_FROM_FAMILIES ? defaultReplayThreads() : 1)
  if (store.connection !== undefined && threads > 1 && families > pageSize) {
    return evaluateCaseloadInWorkers(store, {
      connection: store.connection,
      asOf: options.asOf,
      full: options.full,
      thresholds: engine.thresholds,
      // Starting a worker takes a second or two (loading the program): this thread evaluates pages meanwhile, and after.
      threads: threads - 1,
      evaluateHere: (page, onFamilies) => evaluatePage(store, page, options, () => onFamilies(1)),
      pageSize,
      onProgress: options.onProgress,
    })
  }
  const totals = noFamiliesYet()
  let after = 0
  for (;;) {
    const page = await familyHeaders(store, after, pageSize)
    const last = page.at(-1)
    if (last === undefined) break
    addTotals(totals, await evaluatePage(store, page, options, (doneInPage) => options.onProgress?.(totals.families + doneInPage)))
    after = last.id
  }
  return totals
}

/**
 * One page of families, read with a few queries for all of them: a family
 * whose stored alerts already match today's evaluation is only marked
 * evaluated (one UPDATE for the page), and any other is evaluated in full in
 * its own transaction, as evaluateFamily does. `onFamilyDone` is called as
 * each family is done, with the page's count so far.
 */
export async function evaluatePage(
  store: Store, page: readonly FamilyHeader[], options: EvaluateOptions, onFamilyDone?: (doneInPage: number, inFull: boolean) => void,
): Promise<CaseloadEvaluation> {
  const totals = noFamiliesYet()
  const calendar = options.engine?.calendar ?? DEFAULT_CALENDAR
  const ids = page.map((f) => f.id)
  const [docs, stored] = options.full === true
    ? [new Map<number, FamilyDocument>(), new Map<number, AlertRow[]>()]
    : await Promise.all([loadFamilyDocuments(store, page), alertsOfFamilies(store.db, ids)])
  const unchanged: number[] = []
  for (const family of page) {
    const doc = docs.get(family.id)
    const current = doc === undefined ? undefined : evaluateAsOf(indexFamily(doc, calendar), options.asOf, options.engine)
    const inFull = !(current !== undefined && storedMatchesCurrent(stored.get(family.id) ?? [], current))
    if (inFull) {
      const r = await evaluateFamily(store, family.ref, options)
      if (r.replayed) totals.replayed++
      totals.raised += r.raised
      totals.updated += r.updated
    } else {
      unchanged.push(family.id)
    }
    totals.families++
    onFamilyDone?.(totals.families, inFull)
  }
  await markEvaluated(store.db, unchanged, options.asOf)
  return totals
}
