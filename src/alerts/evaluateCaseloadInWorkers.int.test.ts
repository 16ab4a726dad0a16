// The whole-caseload evaluation in worker threads (PostgreSQL) against the
// one-thread path over the same generated caseload, and a worker's failure.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { IsoDate } from '../exchange/dates.ts'
import { writeGeneratedFamilies } from '../generator/writeGeneratedFamilies.ts'
import type { Store } from '../store/createStore.ts'
import { importFile } from '../store/importFile.ts'
import { createTestStore, testBackend } from '../store/testStore.ts'
import type { CaseloadEvaluation } from './caseloadTotals.ts'
import { evaluateCaseloadInWorkers } from './evaluateCaseloadInWorkers.ts'
import { evaluateAll } from './evaluateFamily.ts'

/** Everything the evaluation writes, keyed by family ref and alert identity (ids and timestamps differ by write order). */
async function storedOutcome(store: Store) {
  const alerts = await store.db.selectFrom('alerts').innerJoin('families', 'families.id', 'alerts.family_id')
    .select(['families.ref', 'rule', 'subject', 'key', 'first_fired', 'until', 'state', 'resolution', 'events', 'threshold'])
    .orderBy('families.ref').orderBy('rule').orderBy('subject').orderBy('key').orderBy('first_fired').execute()
  const history = await store.db.selectFrom('alert_history').innerJoin('alerts', 'alerts.id', 'alert_history.alert_id')
    .innerJoin('families', 'families.id', 'alerts.family_id')
    .select(['families.ref', 'rule', 'subject', 'key', 'first_fired', 'action', 'actor', 'reason', 'alert_history.events', 'as_of'])
    .orderBy('families.ref').orderBy('rule').orderBy('subject').orderBy('key').orderBy('first_fired').orderBy('alert_history.id').execute()
  const families = await store.db.selectFrom('families').select(['ref', 'evaluated_as_of']).orderBy('ref').execute()
  const audit = await store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return { alerts, history, families, audit: Number(audit.n) }
}

describe.skipIf(testBackend() !== 'postgres')('evaluateCaseloadInWorkers (PostgreSQL)', () => {
  let dir: string
  let file: string
  let stores: Store[] = []
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'throughline-caseload-'))
    file = join(dir, 'caseload.jsonl')
    const out = createWriteStream(file)
    await writeGeneratedFamilies({ children: 150, seed: 'caseload-workers', patternShare: 0.6 }, out)
    out.end()
    await finished(out)
  })
  afterAll(() => { rmSync(dir, { recursive: true, force: true }) })
  beforeEach(() => { stores = [] })
  afterEach(async () => { await Promise.all(stores.map((s) => s.close())) })

  /** A store holding the generated caseload, its alerts evaluated at import as of a day well before the evaluations below. */
  async function caseload(): Promise<Store> {
    const store = await createTestStore()
    stores.push(store)
    await importFile(store, file, { actor: 'test', source: 'generator', evaluate: { asOf: '2025-03-01' } })
    return store
  }

  /** Two worker threads only, and small pages, so that each worker gets several and they finish out of order. */
  const inWorkers = (store: Store, asOf: IsoDate, progress: number[] = []): Promise<CaseloadEvaluation> => {
    if (store.connection === undefined) throw new Error('a PostgreSQL store keeps its connection')
    return evaluateCaseloadInWorkers(store, { connection: store.connection, asOf, threads: 2, pageSize: 7, onProgress: (n) => progress.push(n) })
  }
  /** As evaluate --all runs it: this thread and two workers. */
  const asEvaluateAll = (store: Store, asOf: IsoDate, progress: number[] = []): Promise<CaseloadEvaluation> =>
    evaluateAll(store, { asOf, threads: 3, pageSize: 7, onProgress: (n) => progress.push(n) })

  it('stores the same alerts, history and totals as the one-thread path, with progress up to every family', async () => {
    const [one, two, three] = [await caseload(), await caseload(), await caseload()]
    const runs: CaseloadEvaluation[] = []
    for (const asOf of ['2026-11-01', '2026-11-02'] as const) {
      const expected = await evaluateAll(one, { asOf, threads: 1 })
      runs.push(expected)
      for (const [store, evaluate] of [[two, inWorkers], [three, asEvaluateAll]] as const) {
        const progress: number[] = []
        expect(await evaluate(store, asOf, progress)).toEqual(expected)
        expect(progress.at(-1)).toBe(expected.families)
        expect(progress).toEqual([...progress].sort((a, b) => a - b))
        expect(await storedOutcome(store)).toEqual(await storedOutcome(one))
      }
    }
    // Both kinds of family were there: some evaluated in full, most only marked evaluated.
    const [first] = runs
    expect(first?.families).toBeGreaterThan(5 * 7)
    expect(first?.replayed).toBeGreaterThan(0)
    expect(first?.replayed).toBeLessThan(first?.families ?? 0)
    expect(first?.raised).toBeGreaterThan(0)
  }, 300_000)

  /** One family's row refuses to be updated: whoever is given its page fails part-way through the run. */
  async function refuseUpdatesOfOneFamily(store: Store): Promise<string> {
    const victim = await store.db.selectFrom('families').select('ref').orderBy('id').offset(30).limit(1).executeTakeFirstOrThrow()
    await sql`CREATE FUNCTION refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`.execute(store.db)
    await sql`CREATE TRIGGER refuse_update BEFORE UPDATE ON families FOR EACH ROW WHEN (OLD.ref = ${sql.lit(victim.ref)}) EXECUTE FUNCTION refuse_update()`.execute(store.db)
    return victim.ref
  }

  it('fails the whole run with the worker\'s error when a worker fails mid-run', async () => {
    const store = await caseload()
    const victim = await refuseUpdatesOfOneFamily(store)
    await expect(inWorkers(store, '2026-11-01')).rejects.toThrow(/Evaluating the caseload failed in a worker thread: error: refused for the test/)
    // The run was under way: pages before the failing one were written.
    const evaluated = await store.db.selectFrom('families').select('ref').where('evaluated_as_of', '=', '2026-11-01').execute()
    expect(evaluated.length).toBeGreaterThan(0)
    expect(evaluated.map((f) => f.ref)).not.toContain(victim)
  }, 300_000)

  it('fails the whole run, wherever a page fails, as evaluate --all runs it', async () => {
    const store = await caseload()
    await refuseUpdatesOfOneFamily(store)
    await expect(asEvaluateAll(store, '2026-11-01')).rejects.toThrow(/refused for the test/)
  }, 300_000)

  it('fails the whole run with a clear error when the workers cannot connect', async () => {
    const store = await caseload()
    if (store.connection === undefined) throw new Error('a PostgreSQL store keeps its connection')
    const connection = { ...store.connection, dbSchema: 'no_such_schema' }
    await expect(evaluateCaseloadInWorkers(store, { connection, asOf: '2026-11-01', threads: 2, pageSize: 7 }))
      .rejects.toThrow(/Evaluating the caseload failed in a worker thread: ConfigError: PostgreSQL schema "no_such_schema" does not exist/)
  }, 300_000)
})
