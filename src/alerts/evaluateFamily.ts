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
import { familyHeaders, loadFamilyDocument, loadFamilyDocuments } from '../store/loadFamilyDocument.ts'
import { reconcileAlerts, storedMatchesCurrent } from './reconcileAlerts.ts'

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

export interface CaseloadEvaluation {
  families: number
  replayed: number
  raised: number
  updated: number
}

/** Families read per page by the whole-caseload evaluation. */
export const EVALUATION_PAGE = 200

/**
 * Every family, a page at a time. A page is read with a few queries for all
 * its families; a family whose stored alerts already match today's
 * evaluation is only marked evaluated (one UPDATE for the page), and any
 * other is evaluated in full in its own transaction, as evaluateFamily does.
 */
export async function evaluateAll(
  store: Store, options: EvaluateOptions & { onProgress?: (done: number) => void },
): Promise<CaseloadEvaluation> {
  const totals: CaseloadEvaluation = { families: 0, replayed: 0, raised: 0, updated: 0 }
  const calendar = options.engine?.calendar ?? DEFAULT_CALENDAR
  let after = 0
  for (;;) {
    const page = await familyHeaders(store, after, EVALUATION_PAGE)
    const last = page.at(-1)
    if (last === undefined) break
    const ids = page.map((f) => f.id)
    const [docs, stored] = options.full === true
      ? [new Map<number, FamilyDocument>(), new Map<number, AlertRow[]>()]
      : await Promise.all([loadFamilyDocuments(store, page), alertsOfFamilies(store.db, ids)])
    const unchanged: number[] = []
    for (const family of page) {
      const doc = docs.get(family.id)
      const current = doc === undefined ? undefined : evaluateAsOf(indexFamily(doc, calendar), options.asOf, options.engine)
      if (current !== undefined && storedMatchesCurrent(stored.get(family.id) ?? [], current)) {
        unchanged.push(family.id)
      } else {
        const r = await evaluateFamily(store, family.ref, options)
        if (r.replayed) totals.replayed++
        totals.raised += r.raised
        totals.updated += r.updated
      }
      totals.families++
      options.onProgress?.(totals.families)
    }
    await markEvaluated(store.db, unchanged, options.asOf)
    after = last.id
  }
  return totals
}
