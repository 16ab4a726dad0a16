// What the database costs on its own, measured in the same run as the real
// work so the ratios compare like with like: a plain batched INSERT of the
// file's already-validated rows, and a scan that streams every event of every
// family into the process and does nothing with it.
import type { Kysely } from 'kysely'
import { readExchangeFile } from '../exchange/readExchangeFile.ts'
import type { FamilyDocument } from '../exchange/schema.ts'
import { familyPage } from '../store/alertQueries.ts'
import type { Store } from '../store/createStore.ts'
import { toEventContent } from '../store/eventRows.ts'
import type { Database } from '../store/schema.ts'
import { chunks } from '../store/writeFamilies.ts'

/** Families per baseline batch, as the import batches them. */
const BATCH_FAMILIES = 200

export interface BaselineInsert {
  events: number
  /** Time spent in the INSERT statements only (reading and validating the file are not counted). */
  seconds: number
}

/**
 * Inserts every family, person, relationship and event of the file into an
 * empty store, with multi-row INSERTs of up to 500 rows, in one transaction.
 */
export async function baselineInsert(store: Store, file: string): Promise<BaselineInsert> {
  let events = 0
  let spent = 0
  await store.db.transaction().execute(async (trx) => {
    const source = await trx.insertInto('sources').values({ name: 'baseline' }).returning('id').executeTakeFirstOrThrow()
    const imported = await trx.insertInto('imports').values({ source_id: source.id, file_name: file, imported_by: 'bench' })
      .returning(['id', 'imported_at']).executeTakeFirstOrThrow()
    let batch: FamilyDocument[] = []
    const flush = async () => {
      const started = performance.now()
      await insertPlainly(trx, batch, { sourceId: source.id, importId: imported.id, importedAt: imported.imported_at })
      spent += performance.now() - started
      batch = []
    }
    for await (const item of readExchangeFile(file)) {
      if (!item.result.ok) throw new Error(`The benchmark file has a problem: ${item.result.problems[0]?.message ?? 'unknown'}`)
      batch.push(item.result.doc)
      events += item.result.doc.events.length
      if (batch.length >= BATCH_FAMILIES) await flush()
    }
    if (batch.length > 0) await flush()
  })
  return { events, seconds: spent / 1000 }
}

async function insertPlainly(
  db: Kysely<Database>, docs: readonly FamilyDocument[], provenance: { sourceId: number; importId: number; importedAt: Date },
): Promise<void> {
  const ids = new Map<string, number>()
  for (const part of chunks(docs)) {
    const rows = await db.insertInto('families').values(part.map((d) => ({ ref: d.family.ref, name: d.family.name ?? null })))
      .returning(['id', 'ref']).execute()
    for (const r of rows) ids.set(r.ref, r.id)
  }
  const idOf = (d: FamilyDocument) => ids.get(d.family.ref) ?? 0
  const people = docs.flatMap((d) => d.people.map((p) => ({
    family_id: idOf(d), ref: p.ref, given_name: p.given_name, family_name: p.family_name ?? null, born: p.born ?? null,
    expected: p.expected ?? null, sex: p.sex ?? null, role: p.role, identifiers: p.identifiers ?? null, address: p.address ?? null,
  })))
  for (const part of chunks(people)) await db.insertInto('people').values(part).execute()
  const relationships = docs.flatMap((d) => (d.relationships ?? []).map((r) => ({ family_id: idOf(d), from_ref: r.from, to_ref: r.to, type: r.type })))
  for (const part of chunks(relationships)) await db.insertInto('relationships').values(part).execute()
  const events = docs.flatMap((d) => d.events.map((e) => ({
    ...toEventContent(e), family_id: idOf(d), source_id: provenance.sourceId, import_id: provenance.importId,
    imported_at: provenance.importedAt, imported_by: 'bench',
  })))
  for (const part of chunks(events)) await db.insertInto('events').values(part).execute()
}

/** Families per page of the scan: the page size of `evaluate --all`. */
export const SCAN_PAGE_FAMILIES = 500

/** Reads every event of every family, a page of families at a time, in each family's date order; returns the events read. */
export async function baselineScan(store: Store): Promise<number> {
  let after = 0
  let events = 0
  for (;;) {
    const page = await familyPage(store.db, after, SCAN_PAGE_FAMILIES)
    const last = page.at(-1)
    if (last === undefined) break
    const rows = await store.db.selectFrom('events')
      .select(['family_id', 'id as row_id', 'source_id', 'event_id', 'type', 'agency', 'date', 'approximate', 'time',
        'recorded', 'subjects', 'restricted', 'summary', 'significance', 'action', 'outcome', 'facets'])
      .where('family_id', '>', after).where('family_id', '<=', last.id)
      .orderBy('family_id').orderBy('placed_date').orderBy('id')
      .execute()
    events += rows.length
    after = last.id
  }
  return events
}
