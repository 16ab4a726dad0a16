// Evaluates many families in full inside one transaction (an import's): the
// caller hands over families a batch at a time as they are written; their
// records are read back a batch at a time, replayed in worker threads while
// the caller goes on writing, and their alert changes applied for many
// families at once. Replay output is the same as evaluateFamily's.
import type { IsoDate } from '../exchange/dates.ts'
import type { FamilyDocument } from '../exchange/schema.ts'
import type { EngineOptions } from '../rules/engine.ts'
import { alertsOfFamilies, applyAlertChangesOfFamilies } from '../store/alertQueries.ts'
import type { Store } from '../store/createStore.ts'
import { loadFamilyDocuments } from '../store/loadFamilyDocument.ts'
import type { FamilyHeader } from '../store/loadFamilyDocument.ts'
import { SYSTEM_ACTOR } from './evaluateFamily.ts'
import { createReplayPool } from './createReplayPool.ts'
import type { FamilyOutcome } from './familyOutcome.ts'
import { reconcileAlerts } from './reconcileAlerts.ts'

/** Replays waiting at once, at most: bounds the memory held whatever the size of the file. */
const MAX_WAITING = 400

export interface BatchEvaluationOptions {
  asOf: IsoDate
  engine?: EngineOptions | undefined
  /** Worker threads for the replays (default: one fewer than the cores). */
  threads?: number
}

/** A family to evaluate; `created` (with its whole record) when the import just made it. */
export interface FamilyToEvaluate extends FamilyHeader {
  /**
   * The family was created in this transaction from this record alone (it
   * is what would be read back: see storedFormOf), and has no alerts yet.
   */
  created?: FamilyDocument | undefined
}

export interface BatchEvaluation {
  /** Reads these families (just written in `store`'s transaction) unless given, and starts their replays. */
  add(store: Store, families: readonly FamilyToEvaluate[]): Promise<void>
  /** Waits for every replay and applies the alert changes; returns how many alerts were raised and updated. */
  finish(store: Store): Promise<{ raised: number; updated: number }>
  /** Stops the worker threads (also after a failure). */
  close(): Promise<void>
}

interface Waiting {
  id: number
  created: boolean
  outcome: Promise<FamilyOutcome>
  settled: boolean
}

export function createBatchEvaluation(options: BatchEvaluationOptions): BatchEvaluation {
  const pool = createReplayPool(options.engine, options.threads)
  let waiting: Waiting[] = []
  const totals = { raised: 0, updated: 0 }

  /** Applies the replays done so far, oldest first, waiting for the oldest `atLeast` whether done or not. */
  async function apply(store: Store, atLeast: number): Promise<void> {
    let n = Math.max(0, Math.min(atLeast, waiting.length))
    while (n < waiting.length && waiting[n]?.settled === true) n++
    if (n === 0) return
    const ready = waiting.slice(0, n)
    waiting = waiting.slice(n)
    const outcomes = await Promise.all(ready.map((w) => w.outcome))
    const stored = await alertsOfFamilies(store.db, ready.filter((w) => !w.created).map((w) => w.id))
    const families = ready.map((w, i) => {
      const { current, episodes } = outcomes[i]!
      const changes = reconcileAlerts({ stored: stored.get(w.id) ?? [], episodes, current, asOf: options.asOf })
      totals.raised += changes.inserts.length
      totals.updated += changes.updates.length
      return { familyId: w.id, changes }
    })
    await applyAlertChangesOfFamilies(store.db, families, SYSTEM_ACTOR, options.asOf)
  }

  return {
    async add(store, families) {
      const docs = await loadFamilyDocuments(store, families.filter((f) => f.created === undefined))
      for (const f of families) {
        const doc = f.created ?? docs.get(f.id)
        if (doc === undefined) continue
        const entry: Waiting = { id: f.id, created: f.created !== undefined, outcome: pool.outcome({ doc, asOf: options.asOf }), settled: false }
        entry.outcome.then(() => { entry.settled = true }, () => { entry.settled = true })
        waiting.push(entry)
      }
      await apply(store, waiting.length - MAX_WAITING)
    },
    async finish(store) {
      await apply(store, waiting.length)
      return { ...totals }
    },
    close: () => pool.close(),
  }
}
