// Writes one validated family document from one source inside the caller's
// transaction. The document is that source's complete current picture of the
// family: its events are upserted by (family, source, event id) and its events
// missing from the document are removed. People and relationships are shared
// by all sources and only ever upserted.
import { sql } from 'kysely'
import type { Kysely, Transaction } from 'kysely'
import type { FamilyDocument } from '../exchange/schema.ts'
import { EVENT_CONTENT_COLUMNS, toEventContent } from './eventRows.ts'
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

export function chunks<T>(items: readonly T[], size: number = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export async function writeFamily(
  trx: Transaction<Database> | Kysely<Database>,
  doc: FamilyDocument,
  provenance: Provenance,
): Promise<FamilyWriteSummary> {
  const family = await trx.insertInto('families')
    .values({ ref: doc.family.ref, name: doc.family.name ?? null })
    .onConflict((oc) => oc.column('ref').doUpdateSet({
      name: sql`coalesce(excluded.name, families.name)`,
      updated_at: sql`now()`,
    }))
    .returning(['id', sql<boolean>`xmax = 0`.as('created')])
    .executeTakeFirstOrThrow()
  const familyId = family.id

  for (const batch of chunks(doc.people)) {
    await trx.insertInto('people')
      .values(batch.map((p) => ({
        family_id: familyId,
        ref: p.ref,
        given_name: p.given_name,
        family_name: p.family_name ?? null,
        born: p.born ?? null,
        expected: p.expected ?? null,
        sex: p.sex ?? null,
        role: p.role,
        identifiers: p.identifiers ?? null,
        address: p.address ?? null,
      })))
      // A sender that does not record a field leaves another sender's value.
      .onConflict((oc) => oc.columns(['family_id', 'ref']).doUpdateSet({
        given_name: sql`excluded.given_name`,
        role: sql`excluded.role`,
        family_name: sql`coalesce(excluded.family_name, people.family_name)`,
        born: sql`coalesce(excluded.born, people.born)`,
        expected: sql`coalesce(excluded.expected, people.expected)`,
        sex: sql`coalesce(excluded.sex, people.sex)`,
        identifiers: sql`coalesce(people.identifiers, '{}'::jsonb) || coalesce(excluded.identifiers, '{}'::jsonb)`,
        address: sql`coalesce(excluded.address, people.address)`,
        updated_at: sql`now()`,
      }))
      .execute()
  }

  for (const batch of chunks(doc.relationships ?? [])) {
    await trx.insertInto('relationships')
      .values(batch.map((r) => ({ family_id: familyId, from_ref: r.from, to_ref: r.to, type: r.type })))
      .onConflict((oc) => oc.columns(['family_id', 'from_ref', 'to_ref', 'type']).doNothing())
      .execute()
  }

  const eventIds = doc.events.map((e) => e.id)
  const removed = await trx.deleteFrom('events')
    .where('family_id', '=', familyId)
    .where('source_id', '=', provenance.sourceId)
    .where(sql<boolean>`not (event_id = any(${eventIds}::text[]))`)
    .executeTakeFirst()

  let added = 0
  let updated = 0
  const changed = sql.join(EVENT_CONTENT_COLUMNS.map((c) => sql.ref(`events.${c}`)))
  const incoming = sql.join(EVENT_CONTENT_COLUMNS.map((c) => sql.ref(`excluded.${c}`)))
  for (const batch of chunks(doc.events)) {
    const rows = await trx.insertInto('events')
      .values(batch.map((ev) => ({
        ...toEventContent(ev),
        family_id: familyId,
        source_id: provenance.sourceId,
        import_id: provenance.importId,
        imported_at: provenance.importedAt,
        imported_by: provenance.importedBy,
      })))
      // Only a changed event is rewritten (and takes this import as its
      // provenance); an unchanged one keeps the import that last changed it.
      .onConflict((oc) => oc.columns(['family_id', 'source_id', 'event_id'])
        .doUpdateSet(Object.fromEntries([
          ...EVENT_CONTENT_COLUMNS, 'import_id', 'imported_at', 'imported_by',
        ].map((c) => [c, sql.ref(`excluded.${c}`)])))
        .where(sql<boolean>`(${changed}) is distinct from (${incoming})`))
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .execute()
    for (const r of rows) {
      if (r.inserted) added++
      else updated++
    }
  }

  return {
    ref: doc.family.ref,
    status: family.created ? 'created' : 'updated',
    eventsAdded: added,
    eventsUpdated: updated,
    eventsUnchanged: doc.events.length - added - updated,
    eventsRemoved: Number(removed.numDeletedRows),
  }
}
