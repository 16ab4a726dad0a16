import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from './createStore.ts'
import { MIN_EVENTS_FOR_ANALYZE, refreshPlannerStatistics } from './refreshPlannerStatistics.ts'
import { createTestStore } from './testStore.ts'

let store: Store
beforeEach(async () => { store = await createTestStore() })
afterEach(async () => { await store.close() })

/** pg_class.reltuples: -1 until the table is first analysed (or vacuumed). */
async function eventsReltuples(): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass('events')`.execute(store.db)
  return Number(rows[0]?.n)
}

describe('refreshPlannerStatistics', () => {
  it('leaves a small import to the usual statistics', async () => {
    await expect(refreshPlannerStatistics(store.db, MIN_EVENTS_FOR_ANALYZE - 1)).resolves.toBe('not-needed')
    expect(await eventsReltuples()).toBe(-1)
  })

  it('analyses tables that were never analysed once an import writes enough events', async () => {
    await expect(refreshPlannerStatistics(store.db, MIN_EVENTS_FOR_ANALYZE)).resolves.toBe('refreshed')
    expect(await eventsReltuples()).toBe(0)
  })

  it('analyses again only when the import is a tenth of the events or more', async () => {
    // As if the table had last been analysed holding 100,000 events.
    await sql`UPDATE pg_class SET reltuples = 100000 WHERE oid = to_regclass('events')`.execute(store.db)
    await expect(refreshPlannerStatistics(store.db, 9_999)).resolves.toBe('not-needed')
    expect(await eventsReltuples()).toBe(100_000)
    await expect(refreshPlannerStatistics(store.db, 10_000)).resolves.toBe('refreshed')
    expect(await eventsReltuples()).toBe(0)
  })
})
