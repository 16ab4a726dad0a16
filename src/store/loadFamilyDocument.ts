// A family as one merged chronology in the exchange format: its people and
// relationships, and the events of every source, ordered by date. Used by
// export and by the rules engine.
import { sql } from 'kysely'
import { FORMAT } from '../exchange/schema.ts'
import type { ChronologyEvent, FamilyDocument, Person, Relationship } from '../exchange/schema.ts'
import type { Store } from './createStore.ts'
import { fromEventContent, toEventContent } from './eventRows.ts'
import { toPersonRow } from './writeFamilies.ts'
import type { EventContent } from './eventRows.ts'

const EVENT_COLUMNS = ['events.id as row_id', 'family_id', 'source_id', 'event_id', 'type', 'agency', 'date', 'approximate', 'time',
  'recorded', 'subjects', 'restricted', 'summary', 'significance', 'action', 'outcome', 'facets'] as const

export async function loadFamilyDocument(store: Store, familyRef: string): Promise<FamilyDocument | null> {
  const family = await store.db.selectFrom('families').select(['id', 'ref', 'name'])
    .where('ref', '=', familyRef).executeTakeFirst()
  if (family === undefined) return null
  const docs = await loadFamilyDocuments(store, [family])
  return docs.get(family.id) ?? null
}

export interface FamilyHeader {
  id: number
  ref: string
  name: string | null
}

/** Families in id order, a page at a time. */
export function familyHeaders(store: Store, afterId: number, limit: number): Promise<FamilyHeader[]> {
  return store.db.selectFrom('families').select(['id', 'ref', 'name']).where('id', '>', afterId).orderBy('id').limit(limit).execute()
}

/**
 * Several families at once, by id: three queries for all of them instead of
 * three per family (the nightly evaluation reads the caseload a page at a
 * time this way).
 */
export async function loadFamilyDocuments(store: Store, families: readonly FamilyHeader[]): Promise<Map<number, FamilyDocument>> {
  const out = new Map<number, FamilyDocument>()
  if (families.length === 0) return out
  const ids = families.map((f) => f.id)
  const [people, relationships, events] = await Promise.all([
    store.db.selectFrom('people').selectAll().where('family_id', 'in', ids).orderBy('family_id').orderBy('id').execute(),
    store.db.selectFrom('relationships').select(['family_id', 'from_ref', 'to_ref', 'type'])
      .where('family_id', 'in', ids).orderBy('family_id').orderBy('id').execute(),
    store.db.selectFrom('events').select(EVENT_COLUMNS)
      .where('family_id', 'in', ids)
      .orderBy('family_id').orderBy('placed_date').orderBy('events.id')
      .execute(),
  ])
  const byFamily = <T extends { family_id: number }>(rows: readonly T[]): Map<number, T[]> => {
    const map = new Map<number, T[]>()
    for (const r of rows) {
      const list = map.get(r.family_id)
      if (list === undefined) map.set(r.family_id, [r])
      else list.push(r)
    }
    return map
  }
  const peopleOf = byFamily(people)
  const relationshipsOf = byFamily(relationships)
  const eventsOf = byFamily(events)
  for (const family of families) {
    out.set(family.id, await assembleDocument(store, family, peopleOf.get(family.id) ?? [], relationshipsOf.get(family.id) ?? [], eventsOf.get(family.id) ?? []))
  }
  return out
}

type EventRow = Omit<EventContent, 'placed_date' | 'known_date'> & { source_id: number }

async function assembleDocument(
  store: Store,
  family: FamilyHeader,
  people: Parameters<typeof toPerson>[0][],
  relationships: { from_ref: string; to_ref: string; type: string }[],
  events: EventRow[],
): Promise<FamilyDocument> {
  // Two sources may use the same event id: the source that first sent the
  // family keeps the plain id, later ones are qualified as `source:id`.
  const sourceIdsByEvent = new Map<string, Set<number>>()
  for (const e of events) {
    const set = sourceIdsByEvent.get(e.event_id) ?? new Set<number>()
    set.add(e.source_id)
    sourceIdsByEvent.set(e.event_id, set)
  }
  const clashing = [...sourceIdsByEvent.values()].some((s) => s.size > 1)
  const sourceNames = new Map<number, string>()
  if (clashing) {
    const rows = await store.db.selectFrom('sources').select(['id', 'name'])
      .where('id', 'in', [...new Set(events.map((e) => e.source_id))]).execute()
    for (const r of rows) sourceNames.set(r.id, r.name)
  }
  const publicId = (eventId: string, sourceId: number): string => {
    const sources = sourceIdsByEvent.get(eventId)
    if (sources === undefined || sources.size < 2 || sourceId === Math.min(...sources)) return eventId
    return `${sourceNames.get(sourceId) ?? sourceId}:${eventId}`
  }

  const chronology: ChronologyEvent[] = events.map((row) => {
    const ev = fromEventContent(row, publicId(row.event_id, row.source_id))
    // An escalation's `refers_to` names an event of the same source.
    if (ev.type === 'escalation' && ev.refers_to !== undefined) ev.refers_to = publicId(ev.refers_to, row.source_id)
    return ev
  })

  return {
    format: FORMAT,
    family: family.name === null ? { ref: family.ref } : { ref: family.ref, name: family.name },
    people: people.map(toPerson),
    ...(relationships.length > 0
      ? { relationships: relationships.map((r): Relationship => ({ from: r.from_ref, to: r.to_ref, type: r.type as Relationship['type'] })) }
      : {}),
    events: chronology,
  }
}

/**
 * The document loadFamilyDocuments reads back for a family stored from this
 * one document alone (a family an import created, every event added): the
 * same people, relationships (each once) and events, in the same order and
 * with the same keys in the same order, without a round trip to the database.
 * Key order matters: a rule that lists an object's keys (neglect-stasis names
 * the scored domains) must say the same of a record however it was loaded.
 */
export function storedFormOf(doc: FamilyDocument): FamilyDocument {
  const seen = new Set<string>()
  const relationships = (doc.relationships ?? []).filter((r) => {
    const key = `${r.from}\u0000${r.to}\u0000${r.type}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  // Read back by placed date, then in the order stored (the order sent).
  const events = doc.events.map((e, sent) => ({ content: toEventContent(e), sent }))
    .sort((a, b) => (a.content.placed_date < b.content.placed_date ? -1 : a.content.placed_date > b.content.placed_date ? 1 : a.sent - b.sent))
  return {
    format: FORMAT,
    family: doc.family.name === undefined ? { ref: doc.family.ref } : { ref: doc.family.ref, name: doc.family.name },
    people: doc.people.map((p) => {
      const row = toPersonRow(p)
      return toPerson({ ...row, identifiers: row.identifiers === null ? null : asJsonb(row.identifiers) })
    }),
    ...(relationships.length > 0 ? { relationships } : {}),
    events: events.map(({ content }) => fromEventContent({ ...content, facets: asJsonb(content.facets) })),
  }
}

/** Orders jsonb's object keys: shortest first (in UTF-8 bytes), then bytewise. */
function jsonbKeyOrder(a: string, b: string): number {
  const la = Buffer.byteLength(a)
  const lb = Buffer.byteLength(b)
  return la !== lb ? la - lb : Buffer.compare(Buffer.from(a), Buffer.from(b))
}

const isComposite = (v: unknown): v is object => v !== null && typeof v === 'object'

/**
 * A JSON value as a jsonb column gives it back: every object's keys in
 * jsonb's order. A value already so (most facets) is returned as it is.
 */
function asJsonb<T>(value: T): T {
  if (!isComposite(value)) return value
  if (Array.isArray(value)) return (value.some(isComposite) ? value.map(asJsonb) : value) as T
  const keys = Object.keys(value)
  let ordered = true
  for (let i = 1; i < keys.length && ordered; i++) ordered = jsonbKeyOrder(keys[i - 1]!, keys[i]!) < 0
  if (ordered && !Object.values(value).some(isComposite)) return value
  const entries = Object.entries(value).map(([k, v]): [string, unknown] => [k, asJsonb(v)])
  return Object.fromEntries(entries.sort(([a], [b]) => jsonbKeyOrder(a, b))) as T
}

export function toPerson(row: {
  ref: string; given_name: string; family_name: string | null; born: string | null; expected: string | null
  sex: string | null; role: string; identifiers: Record<string, string> | null; address: string | null
}): Person {
  const p: Record<string, unknown> = { ref: row.ref, given_name: row.given_name }
  if (row.family_name !== null) p.family_name = row.family_name
  if (row.born !== null) p.born = row.born
  if (row.expected !== null) p.expected = row.expected
  if (row.sex !== null) p.sex = row.sex
  p.role = row.role
  if (row.identifiers !== null && Object.keys(row.identifiers).length > 0) p.identifiers = row.identifiers
  if (row.address !== null) p.address = row.address
  // Written from a validated person, so it has that shape.
  return p as Person
}

export interface FamilyListing {
  ref: string
  name: string | null
  events: number
  people: number
  sources: string[]
  updatedAt: Date
}

export async function listFamilies(store: Store): Promise<FamilyListing[]> {
  const rows = await store.db.selectFrom('families as f')
    .select((eb) => [
      'f.ref', 'f.name', 'f.updated_at',
      eb.selectFrom('events').select((e) => e.fn.countAll<number>().as('n')).whereRef('events.family_id', '=', 'f.id').as('events'),
      eb.selectFrom('people').select((e) => e.fn.countAll<number>().as('n')).whereRef('people.family_id', '=', 'f.id').as('people'),
      eb.selectFrom('events').innerJoin('sources', 'sources.id', 'events.source_id')
        .select(sql<string[]>`array_agg(distinct sources.name)`.as('s'))
        .whereRef('events.family_id', '=', 'f.id').as('sources'),
    ])
    .orderBy('f.ref')
    .execute()
  return rows.map((r) => ({
    ref: r.ref,
    name: r.name,
    events: Number(r.events ?? 0),
    people: Number(r.people ?? 0),
    sources: (r.sources ?? []).sort(),
    updatedAt: r.updated_at,
  }))
}

export async function countFamilies(store: Store): Promise<number> {
  const row = await store.db.selectFrom('families').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
