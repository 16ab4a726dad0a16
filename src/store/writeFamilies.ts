// Writes validated family documents from one source inside the caller's
// transaction, several families per statement (speed: a few statements per
// batch instead of per family). Each document is that source's complete
// current picture of its family: its events are upserted by (family, source,
// event id) and the source's events missing from it are removed. People and
// relationships are shared by all sources and only ever upserted.
import { sql } from 'kysely'
import type { Kysely, RawBuilder, Transaction } from 'kysely'
import type { FamilyDocument, Person } from '../exchange/schema.ts'
import { EVENT_CONTENT_COLUMNS, toEventContent } from './eventRows.ts'
import type { EventContent } from './eventRows.ts'
import type { Database } from './schema.ts'

/** Rows per multi-row INSERT: large enough to be fast, well under PostgreSQL's 65535 parameters. */
export const ROWS_PER_STATEMENT = 500

export interface Provenance {
  sourceId: number
  importId: number
  importedAt: Date
  importedBy: string
}

export interface FamilyWriteSummary {
  ref: string
  status: 'created' | 'updated'
  eventsAdded: number
  eventsUpdated: number
  eventsUnchanged: number
  eventsRemoved: number
}

/** A person's columns in `people` (absent fields are null). */
export function toPersonRow(p: Person) {
  return {
    ref: p.ref,
    given_name: p.given_name,
    family_name: p.family_name ?? null,
    born: p.born ?? null,
    expected: p.expected ?? null,
    sex: p.sex ?? null,
    role: p.role,
    identifiers: p.identifiers ?? null,
    address: p.address ?? null,
  }
}

export function chunks<T>(items: readonly T[], size: number = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

type Db = Transaction<Database> | Kysely<Database>

export interface WriteFamiliesOptions {
  /**
   * `replace`: a sender's values replace stored ones (a field it leaves out
   * keeps the stored value). `fill-empty`: stored values are kept and only
   * empty fields are filled, new people and identifiers added (a user's
   * import must not rewrite what other agencies recorded about a person).
   */
  people: 'replace' | 'fill-empty'
}

/** Writes the documents (their family refs must be distinct); returns one summary per document, in order. */
export async function writeFamilies(trx: Db, docs: readonly FamilyDocument[], provenance: Provenance, options: WriteFamiliesOptions = { people: 'replace' }): Promise<FamilyWriteSummary[]> {
  if (docs.length === 0) return []
  const fillOnly = options.people === 'fill-empty'
  const preferred = (column: string): RawBuilder<string | null> => fillOnly
    ? sql<string | null>`coalesce(${sql.ref(`people.${column}`)}, ${sql.ref(`excluded.${column}`)})`
    : sql<string | null>`coalesce(${sql.ref(`excluded.${column}`)}, ${sql.ref(`people.${column}`)})`
  const familyIds = new Map<string, number>()
  const created = new Set<string>()
  for (const batch of chunks(docs)) {
    const rows = await trx.insertInto('families')
      .values(batch.map((d) => ({ ref: d.family.ref, name: d.family.name ?? null })))
      .onConflict((oc) => oc.column('ref').doUpdateSet({
        name: fillOnly ? sql`coalesce(families.name, excluded.name)` : sql`coalesce(excluded.name, families.name)`,
        updated_at: sql`now()`,
      }))
      .returning(['id', 'ref', sql<boolean>`xmax = 0`.as('created')])
      .execute()
    for (const r of rows) {
      familyIds.set(r.ref, r.id)
      if (r.created) created.add(r.ref)
    }
  }
  const idOf = (d: FamilyDocument): number => familyIds.get(d.family.ref)!

  const people = docs.flatMap((d) => d.people.map((p) => ({ family_id: idOf(d), ...toPersonRow(p) })))
  for (const batch of chunks(people)) {
    await trx.insertInto('people').values(batch)
      // A sender that does not record a field leaves another sender's value;
      // in fill-empty mode the stored value wins and only a gap is filled.
      .onConflict((oc) => oc.columns(['family_id', 'ref']).doUpdateSet({
        given_name: fillOnly ? sql`people.given_name` : sql`excluded.given_name`,
        role: fillOnly ? sql`people.role` : sql`excluded.role`,
        family_name: preferred('family_name'),
        born: preferred('born'),
        expected: preferred('expected'),
        sex: preferred('sex'),
        // Merged key by key; on a clash the preferred side's identifier wins.
        identifiers: fillOnly
          ? sql`coalesce(excluded.identifiers, '{}'::jsonb) || coalesce(people.identifiers, '{}'::jsonb)`
          : sql`coalesce(people.identifiers, '{}'::jsonb) || coalesce(excluded.identifiers, '{}'::jsonb)`,
        address: preferred('address'),
        updated_at: sql`now()`,
      }))
      .execute()
  }

  const relationships = docs.flatMap((d) => (d.relationships ?? []).map((r) => ({ family_id: idOf(d), from_ref: r.from, to_ref: r.to, type: r.type })))
  for (const batch of chunks(relationships)) {
    await trx.insertInto('relationships').values(batch)
      .onConflict((oc) => oc.columns(['family_id', 'from_ref', 'to_ref', 'type']).doNothing())
      .execute()
  }

  const removed = new Map<number, number>()
  const keptFamilies = docs.flatMap((d) => d.events.map(() => idOf(d)))
  const keptIds = docs.flatMap((d) => d.events.map((e) => e.id))
  const deleted = await trx.deleteFrom('events')
    .where('source_id', '=', provenance.sourceId)
    .where(sql<boolean>`family_id = any(${[...familyIds.values()]}::int[])`)
    .where(sql<boolean>`not exists (select 1 from unnest(${keptFamilies}::int[], ${keptIds}::text[]) as kept(family_id, event_id)
      where kept.family_id = events.family_id and kept.event_id = events.event_id)`)
    .returning('family_id')
    .execute()
  for (const r of deleted) removed.set(r.family_id, (removed.get(r.family_id) ?? 0) + 1)

  const added = new Map<number, number>()
  const updated = new Map<number, number>()
  const events: ({ family_id: number } & EventContent)[] = docs.flatMap((d) => d.events.map((ev) => ({ family_id: idOf(d), ...toEventContent(ev) })))
  for (const batch of jsonArrays(events, EVENTS_PER_STATEMENT, JSON_CHARACTERS_PER_STATEMENT)) {
    const rows = await upsertEvents(trx, batch, provenance)
    for (const r of rows) {
      const counter = r.inserted ? added : updated
      counter.set(r.family_id, (counter.get(r.family_id) ?? 0) + 1)
    }
  }

  return docs.map((d) => {
    const id = idOf(d)
    const a = added.get(id) ?? 0
    const u = updated.get(id) ?? 0
    return {
      ref: d.family.ref,
      status: created.has(d.family.ref) ? 'created' : 'updated',
      eventsAdded: a,
      eventsUpdated: u,
      eventsUnchanged: d.events.length - a - u,
      eventsRemoved: removed.get(id) ?? 0,
    }
  })
}

/** Events per statement: they travel as one JSON parameter, so many more fit than as bind parameters. */
const EVENTS_PER_STATEMENT = 5000

/**
 * Characters of that parameter, at most: 5,000 events of long free text
 * would make one string longer than V8 allows (about 512 million
 * characters) or a parameter larger than PostgreSQL takes (1 GB), and
 * refuse a file whose every family is within the limits.
 */
const JSON_CHARACTERS_PER_STATEMENT = 32 * 1024 * 1024

/** An escaped lone surrogate (`\udc00`), not an escaped backslash followed by `udc00`. */
const LONE_SURROGATE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g

/**
 * JSON text PostgreSQL accepts: JSON.stringify writes half of a UTF-16 pair
 * (text cut in the middle of an emoji, say) as an escape that PostgreSQL
 * refuses, failing the whole file. It becomes U+FFFD, as it does when sent
 * as an ordinary parameter (UTF-8 has no encoding for it).
 */
export function wellFormed(json: string): string {
  return json.includes('\\ud') ? json.replace(LONE_SURROGATE, '$1\\ufffd') : json
}

/**
 * The rows as JSON arrays of at most `maxRows` rows and, unless one row is
 * longer on its own, `maxCharacters` characters, one at a time. A group of
 * rows is written in one go (faster than row by row) and halved only when
 * it comes out too long.
 */
export function* jsonArrays(rows: readonly unknown[], maxRows: number, maxCharacters: number): Generator<string> {
  for (let i = 0; i < rows.length; i += maxRows) yield* jsonArraysOf(rows.slice(i, i + maxRows), maxCharacters)
}

function* jsonArraysOf(rows: readonly unknown[], maxCharacters: number): Generator<string> {
  let json: string | undefined
  try {
    json = JSON.stringify(rows)
  } catch (e) {
    // Longer than V8 makes a string: halved below.
    if (!(e instanceof RangeError) || rows.length === 1) throw e
  }
  if (json !== undefined && (json.length <= maxCharacters || rows.length === 1)) {
    yield wellFormed(json)
    return
  }
  const half = Math.ceil(rows.length / 2)
  yield* jsonArraysOf(rows.slice(0, half), maxCharacters)
  yield* jsonArraysOf(rows.slice(half), maxCharacters)
}

/** The events' columns as a record type for json_to_recordset (the order of EVENT_CONTENT_COLUMNS, after the keys). */
const EVENT_RECORD = sql.raw(`family_id integer, event_id text, type text, agency text, date text, placed_date date, known_date date,
  approximate boolean, time text, recorded text, subjects text[], restricted boolean, summary text, significance text,
  action text, outcome text, facets jsonb`)

/**
 * Upserts events by (family, source, event id) (rows of `{ family_id } &
 * EventContent` as a JSON array), as one statement whose rows are a single
 * JSON parameter (INSERT ... SELECT FROM json_to_recordset): far
 * fewer bind parameters to send and parse than a multi-row VALUES. Only a
 * changed event is rewritten (and takes this import as its provenance); an
 * unchanged one keeps the import that last changed it.
 */
async function upsertEvents(trx: Db, rowsJson: string, provenance: Provenance) {
  const columns = ['event_id', ...EVENT_CONTENT_COLUMNS] as const
  const changed = sql.join(EVENT_CONTENT_COLUMNS.map((c) => sql.ref(`events.${c}`)))
  const incoming = sql.join(EVENT_CONTENT_COLUMNS.map((c) => sql.ref(`excluded.${c}`)))
  const updates = sql.join([...EVENT_CONTENT_COLUMNS, 'import_id', 'imported_at', 'imported_by'].map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`))
  const result = await sql<{ family_id: number; inserted: boolean }>`
    insert into events (family_id, source_id, import_id, imported_at, imported_by, ${sql.join(columns.map((c) => sql.ref(c)))})
    select r.family_id, ${provenance.sourceId}::integer, ${provenance.importId}::integer, ${provenance.importedAt}::timestamptz, ${provenance.importedBy}::text,
      ${sql.join(columns.map((c) => sql.ref(`r.${c}`)))}
    from json_to_recordset(${rowsJson}::json) as r(${EVENT_RECORD})
    on conflict (family_id, source_id, event_id) do update set ${updates}
      where (${changed}) is distinct from (${incoming})
    returning family_id, xmax = 0 as inserted`.execute(trx)
  return result.rows
}

/** Writes one family document; see writeFamilies. */
export async function writeFamily(trx: Db, doc: FamilyDocument, provenance: Provenance, options?: WriteFamiliesOptions): Promise<FamilyWriteSummary> {
  const [summary] = await writeFamilies(trx, [doc], provenance, options)
  return summary!
}
