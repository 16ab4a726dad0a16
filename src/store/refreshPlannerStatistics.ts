// PostgreSQL chooses its query plans from table statistics, which autovacuum
// refreshes only some time after a bulk load (or never, where autovacuum is
// off), and PGlite has no autovacuum at all. Until then it plans for the empty
// tables a new store began with: measured at 60,000 children, the nightly
// evaluation took 3.8 times the plain scan on such statistics, and 1.4 times
// once the tables were analysed. So an import that changes a good share of the
// records refreshes them itself, as PostgreSQL's own guidance on populating a
// database advises.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from './schema.ts'

type Db = Kysely<Database>

/** The tables an import writes. */
const IMPORTED_TABLES = ['families', 'people', 'relationships', 'events', 'alerts', 'alert_history'] as const

/** Fewer events than this never need new statistics (autovacuum's own threshold is 50 rows plus a share). */
export const MIN_EVENTS_FOR_ANALYZE = 1_000

/** The share of the events table an import must write before the statistics are refreshed (autovacuum's default). */
export const ANALYZE_SHARE = 0.1

export type StatisticsRefresh = 'refreshed' | 'not-needed' | 'failed'

/**
 * Refreshes the planner's statistics of the imported tables when `eventsWritten`
 * is a good share of the events table (or its statistics were never taken).
 * Runs after the import has committed, so it never fails the import: a store
 * whose user may not ANALYZE answers 'failed' and keeps its old plans.
 */
export async function refreshPlannerStatistics(db: Db, eventsWritten: number): Promise<StatisticsRefresh> {
  if (eventsWritten < MIN_EVENTS_FOR_ANALYZE) return 'not-needed'
  try {
    const { rows } = await sql<{ reltuples: number }>`SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = to_regclass('events')`.execute(db)
    const known = Number(rows[0]?.reltuples ?? -1)
    if (known > 0 && eventsWritten < known * ANALYZE_SHARE) return 'not-needed'
    await sql`ANALYZE ${sql.join(IMPORTED_TABLES.map((t) => sql.table(t)))}`.execute(db)
    return 'refreshed'
  } catch {
    return 'failed'
  }
}
