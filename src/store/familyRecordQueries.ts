// A family as one user may see it. Every query here names the user: the
// family is found only through the need-to-know test in its WHERE clause
// (familyVisibility.ts), and a restricted event's content is blanked in the
// SELECT itself for a user who may not read it, so it never leaves the
// database.
import { sql } from 'kysely'
import type { Kysely, RawBuilder } from 'kysely'
import type { EventOutline, EventRecord, FamilyOutline, FamilyPageRecord, FamilyRecord, StoredAlertView } from '../access/caseRepository.ts'
import type { User, Visibility } from '../access/types.ts'
import { AuditFailedError, ThroughlineError } from '../errors/errors.ts'
import { CHILD_FACETS, namingFactsOf, peopleNamedBy } from '../exchange/peopleNamedBy.ts'
import type { ChronologyEvent, Relationship } from '../exchange/schema.ts'
import { RULE_IDS, RULE_TEXT } from '../rules/ruleCatalogue.ts'
import type { RuleId } from '../rules/ruleCatalogue.ts'
import type { AlertRow } from './alertQueries.ts'
import { auditRowsFrom } from './auditQueries.ts'
import type { AuditEntry, AuditWho } from './auditQueries.ts'
import { fromEventContent } from './eventRows.ts'
import { readableAlert, readableEvent, visibilityOf, visibleFamily } from './familyVisibility.ts'
import { toPerson } from './loadFamilyDocument.ts'
import type { Database } from './schema.ts'

type Db = Kysely<Database>
type Who = Pick<User, 'id' | 'agency' | 'roles' | 'disabled'>

export interface VisibleFamily {
  id: number
  ref: string
  name: string | null
  evaluatedAsOf: string | null
  visibility: Exclude<Visibility, 'none'>
}

/** The family with this ref, as one row, only if the user may see it. */
function visibleFamilyQuery(db: Db, user: Who, now: Date, familyRef: string) {
  return db.selectFrom('families as f')
    .select(['f.id', 'f.ref', 'f.name', 'f.evaluated_as_of', visibilityOf(user, now, 'f.id').as('visibility')])
    .where('f.ref', '=', familyRef)
    .where(visibleFamily(user, now, 'f.id'))
}

/** The family with this ref, if the user may see it; undefined both when it does not exist and when it is not theirs to see. */
export async function findVisibleFamily(db: Db, user: Who, now: Date, familyRef: string): Promise<VisibleFamily | undefined> {
  const row = await visibleFamilyQuery(db, user, now, familyRef).executeTakeFirst()
  return row === undefined ? undefined : toVisibleFamily(row)
}

/** The alert and its family, if the user may see the family. */
export async function findVisibleAlert(db: Db, user: Who, now: Date, alertId: number): Promise<{ family: VisibleFamily; alertId: number; state: AlertRow['state'] } | undefined> {
  const row = await db.selectFrom('alerts as a').innerJoin('families as f', 'f.id', 'a.family_id')
    .select(['a.id as alert_id', 'a.state', 'f.id', 'f.ref', 'f.name', 'f.evaluated_as_of', visibilityOf(user, now, 'f.id').as('visibility')])
    .where('a.id', '=', alertId)
    .where(visibleFamily(user, now, 'f.id'))
    .where(readableAlert(user, 'a'))
    .executeTakeFirst()
  return row === undefined ? undefined : { family: toVisibleFamily(row), alertId: row.alert_id, state: row.state }
}

function toVisibleFamily(row: { id: number; ref: string; name: string | null; evaluated_as_of: string | null; visibility: Visibility }): VisibleFamily {
  // The WHERE clause admitted it, so one of the reasons holds.
  const visibility = row.visibility === 'none' ? 'break-glass' : row.visibility
  return { id: row.id, ref: row.ref, name: row.name, evaluatedAsOf: row.evaluated_as_of, visibility }
}

const isRuleId = (rule: string): rule is RuleId => (RULE_IDS as readonly string[]).includes(rule)

/** The stored columns an alert's view is made from. */
type AlertColumns = Pick<AlertRow, 'id' | 'rule' | 'subject' | 'first_fired' | 'until' | 'state' | 'resolution' | 'events' | 'threshold'>

export function toAlertView(row: AlertColumns): StoredAlertView {
  const text = isRuleId(row.rule) ? RULE_TEXT[row.rule] : { title: row.rule, advice: '', source: '' }
  return {
    id: row.id,
    rule: row.rule,
    title: text.title,
    advice: text.advice,
    source: text.source,
    subject: row.subject,
    firstFired: row.first_fired,
    until: row.until,
    state: row.state,
    resolution: row.resolution,
    events: [...row.events],
    threshold: row.threshold,
  }
}

/**
 * An event as the family queries send it: a JSON array rather than an
 * object, as building and reading the keys of thousands of objects took
 * about half the query's time. Keys first; then, only for a user who may read
 * the event, what the outline needs (type, subjects, facets); then, when the
 * event comes whole, the rest of its content and its provenance. An outline
 * tuple carries of the facets only the one naming children (CHILD_FACETS),
 * the rest being read with the content.
 */
type EventTuple = [
  key: number, source_id: number, event_id: string, date: string, agency: string, readable: boolean,
  type?: string, subjects?: string[], facets?: Record<string, unknown> | null,
  approximate?: boolean | null, time?: string | null, recorded?: string | null, restricted?: boolean | null, summary?: string,
  significance?: string | null, action?: string | null, outcome?: string | null,
  /** ISO 8601 with offset (a JSON rendering of timestamptz). */
  imported_at?: string, imported_by?: string,
]

const OUTLINE_LENGTH = 9

/** True for a tuple with all there is to know of the event for this user: its content, or that it may not be read. */
const isWhole = (t: EventTuple): boolean => !t[5] || t.length > OUTLINE_LENGTH

/** Of an event's facets, the one naming children (CHILD_FACETS), as a facets object; null for a type without one. */
const namingFacets = sql`case e.type ${sql.join(Object.entries(CHILD_FACETS).map(([type, facet]) =>
  sql`when ${sql.lit(type)} then jsonb_build_object(${sql.lit(facet)}, e.facets->${sql.lit(facet)})`), sql` `)} end`

/**
 * The event tuple (alias `e`, its source `s` unneeded): whole where `whole`
 * holds, else the outline. Whether the user may read the event is decided
 * here, in the SELECT, so content they may not read never leaves the
 * database.
 */
function eventTuple(user: Who, whole: RawBuilder<boolean>): RawBuilder<EventTuple> {
  const readable = readableEvent(user, 'e')
  const keys = sql`e.id, e.source_id, e.event_id, e.date, e.agency`
  return sql<EventTuple>`case when not ${readable} then json_build_array(${keys}, false)
    when ${whole} then json_build_array(${keys}, true, e.type, e.subjects, e.facets,
      e.approximate, e.time, e.recorded, e.restricted, e.summary, e.significance, e.action, e.outcome, e.imported_at, e.imported_by)
    else json_build_array(${keys}, true, e.type, e.subjects, ${namingFacets}) end`
}

/** Names of the sources of a family's events, by id. */
type SourceNames = Record<string, string>

/**
 * The id an event is known by in the merged chronology (as in
 * loadFamilyDocument): the first source to send an id keeps it, a later
 * source using the same id is qualified as `source:id`.
 */
function publicIds(tuples: readonly EventTuple[], names: SourceNames): (sourceId: number, eventId: string) => string {
  // Nearly always every id is sent by one source alone: then each keeps its own.
  const seen = new Set<string>()
  for (const t of tuples) seen.add(t[2])
  if (seen.size === tuples.length) return (_sourceId, eventId) => eventId
  const sources = new Map<string, number[]>()
  for (const t of tuples) {
    const ids = sources.get(t[2])
    if (ids === undefined) sources.set(t[2], [t[1]])
    else ids.push(t[1])
  }
  return (sourceId, eventId) => {
    const ids = sources.get(eventId) ?? []
    if (new Set(ids).size < 2 || sourceId === Math.min(...ids)) return eventId
    return `${names[String(sourceId)] ?? sourceId}:${eventId}`
  }
}

type PublicId = ReturnType<typeof publicIds>

/** The outline of an event from its tuple, outline or whole. */
function toEventOutline(t: EventTuple, publicId: PublicId): EventOutline {
  const id = publicId(t[1], t[2])
  if (!t[5] || t[6] === undefined || t[7] === undefined) return { key: t[0], id, date: t[3], agency: t[4], visible: false }
  return { key: t[0], id, date: t[3], agency: t[4], visible: true, type: t[6], named: peopleNamedBy(namingFactsOf(t[6], t[7], t[8])) }
}

/** The event from a whole tuple. Read by index into one object literal: destructuring and spreading thousands of tuples was most of loading a large family. */
function toEventRecord(t: EventTuple, publicId: PublicId, names: SourceNames): EventRecord {
  const id = publicId(t[1], t[2])
  if (!t[5] || t[6] === undefined || t[7] === undefined || t[13] === undefined || t[17] === undefined || t[18] === undefined) {
    return { visible: false, id, date: t[3], agency: t[4], restricted: true }
  }
  const event: ChronologyEvent = fromEventContent({
    event_id: t[2], type: t[6], agency: t[4], date: t[3], approximate: t[9] ?? null, time: t[10] ?? null,
    recorded: t[11] ?? null, subjects: t[7], restricted: t[12] ?? null, summary: t[13],
    significance: t[14] ?? null, action: t[15] ?? null, outcome: t[16] ?? null, facets: t[8] ?? {},
  }, id)
  if (event.type === 'escalation' && event.refers_to !== undefined) event.refers_to = publicId(t[1], event.refers_to)
  return { visible: true, event, provenance: { source: names[String(t[1])] ?? String(t[1]), importedAt: new Date(t[17]), importedBy: t[18] } }
}

type PersonColumns = Parameters<typeof toPerson>[0]
type RelationshipColumns = { from_ref: string; to_ref: string; type: string }

/** What the family query sends: each part of the record as one JSON array (the sources as one object). */
interface FamilyRows {
  people: PersonColumns[]
  relationships: RelationshipColumns[]
  events: EventTuple[]
  sources: SourceNames
  alerts: AlertColumns[]
}

/**
 * The family's people, relationships, events, the names of their sources and
 * the alerts the user may see (readableAlert), in one statement, each part
 * one JSON value. Events come in the chronology's order, whole where `whole`
 * holds, else in outline (eventTuple). One statement, not four, and one JSON
 * value per part rather than a row per event and a field per column: a family
 * holds hundreds to thousands of events of twenty columns, and the drivers
 * decode fields one at a time (PGlite copies each into a buffer of its own).
 */
function familyParts(user: Who, familyId: RawBuilder<unknown>, whole: RawBuilder<boolean> = sql<boolean>`true`) {
  return [
    sql<FamilyRows['people']>`(select coalesce(json_agg(json_build_object('ref', p.ref, 'given_name', p.given_name, 'family_name', p.family_name,
        'born', p.born, 'expected', p.expected, 'sex', p.sex, 'role', p.role, 'identifiers', p.identifiers, 'address', p.address)
        order by p.id), '[]') from people p where p.family_id = ${familyId})`.as('people'),
    sql<FamilyRows['relationships']>`(select coalesce(json_agg(json_build_object('from_ref', r.from_ref, 'to_ref', r.to_ref, 'type', r.type) order by r.id), '[]')
        from relationships r where r.family_id = ${familyId})`.as('relationships'),
    sql<FamilyRows['events']>`(select coalesce(json_agg(${eventTuple(user, whole)} order by e.placed_date, e.id), '[]')
        from events e where e.family_id = ${familyId})`.as('events'),
    sql<FamilyRows['sources']>`(select coalesce(json_object_agg(s.id, s.name), '{}') from sources s
        where s.id in (select e.source_id from events e where e.family_id = ${familyId}))`.as('sources'),
    sql<FamilyRows['alerts']>`(select coalesce(json_agg(json_build_object('id', a.id, 'rule', a.rule, 'subject', a.subject, 'first_fired', a.first_fired,
        'until', a.until, 'state', a.state, 'resolution', a.resolution, 'events', a.events, 'threshold', a.threshold)
        order by a.first_fired, a.id), '[]') from alerts a where a.family_id = ${familyId} and ${readableAlert(user, 'a')})`.as('alerts'),
  ] as const
}

function familyRows(db: Db, user: Who, familyId: number): Promise<FamilyRows | undefined> {
  return db.selectNoFrom(familyParts(user, sql`${familyId}`)).executeTakeFirst()
}

/** The name under which viewFamilyRecord's statement finds the family. */
const FOUND_FAMILY = 'found_family'

/** The audit row a view writes. */
type ViewAudit = { actor: AuditWho; entry: Omit<AuditEntry, 'familyId'> }

/**
 * An ordinary view of a family in one statement: it finds the family through
 * the need-to-know test (as findVisibleFamily; with `childRef`, only if that
 * child is one of its children), writes the audit row writeAudit would for
 * `audit` (auditRowsFrom, with the family's id) only when the family was
 * found, and reads the family's parts (familyParts, events whole where
 * `whole` holds). One statement is atomic: the audit row and the read stand
 * or fall together, without a transaction's BEGIN and COMMIT. Undefined, with
 * nothing written, when there is no such family (or child) or it is not
 * theirs to see.
 */
async function viewFamilyRows(
  db: Db, user: Who, now: Date, familyRef: string,
  options: { childRef?: string | undefined; audit: ViewAudit; whole?: (familyId: RawBuilder<unknown>) => RawBuilder<boolean> },
): Promise<{ family: VisibleFamily; rows: FamilyRows } | undefined> {
  const { childRef } = options
  const familyId = sql.ref(`${FOUND_FAMILY}.id`)
  const query = db
    .with((cte) => cte(FOUND_FAMILY).materialized(), () => visibleFamilyQuery(db, user, now, familyRef)
      .$if(childRef !== undefined, (q) => q.where(sql<boolean>`exists (select 1 from people c where c.family_id = f.id and c.ref = ${childRef} and c.role <> 'adult')`)))
    .with('audit', () => auditRowsFrom(db, FOUND_FAMILY, options.audit.actor, options.audit.entry))
    .selectFrom(FOUND_FAMILY)
    .select([`${FOUND_FAMILY}.id`, `${FOUND_FAMILY}.ref`, `${FOUND_FAMILY}.name`, `${FOUND_FAMILY}.evaluated_as_of`, `${FOUND_FAMILY}.visibility`])
    .select(familyParts(user, familyId, options.whole?.(familyId)))
  // The statement writes the audit row: when it fails nothing was written or
  // shown, as when writeAudit fails (errors already typed, such as a store
  // gone away, stay as they are).
  const row = await query.executeTakeFirst().catch((e: unknown) => {
    throw e instanceof ThroughlineError ? e : new AuditFailedError(e)
  })
  return row === undefined ? undefined : { family: toVisibleFamily(row), rows: row }
}

/**
 * An ordinary view of a family (viewFamilyRows), the record read whole as
 * loadFamilyRecord reads it.
 */
export async function viewFamilyRecord(
  db: Db, user: Who, now: Date, familyRef: string,
  options: { childRef?: string | undefined; audit: ViewAudit },
): Promise<FamilyRecord | undefined> {
  const found = await viewFamilyRows(db, user, now, familyRef, options)
  return found === undefined ? undefined : toFamilyRecord(found.family, found.rows)
}

/**
 * Families of at most this many events come whole in the view's one
 * statement. Beyond it, the page shows a small part of the history (a page
 * of the chronology, the timeline's span), and reading the content of every
 * event cost the database, the driver and the page's garbage collector more
 * than a second statement for the part shown: on a family of 1,658 events,
 * outlines cost the database 5.7 ms against 13.5 ms for the events whole.
 * Twice the timeline's opening span (web/charts.ts MAX_OPENING_RECORDS): a
 * family this small reads much of its content for the page anyway, and one
 * statement costs less than two.
 */
export const WHOLE_FAMILY_EVENTS = 400

/**
 * The family page's read: an ordinary view (viewFamilyRows) with every event
 * whole when the family has at most WHOLE_FAMILY_EVENTS, else in outline;
 * then, for a large family, the content of the events `detail` picks from
 * the outline and of every plan and birth (which shape the whole timeline),
 * in a second statement that tests the need-to-know again.
 */
export async function viewFamilyPage(
  db: Db, user: Who, now: Date, familyRef: string,
  options: { audit: ViewAudit; detail: (outline: FamilyOutline) => Iterable<number> },
): Promise<FamilyPageRecord | undefined> {
  const found = await viewFamilyRows(db, user, now, familyRef, {
    audit: options.audit,
    whole: (familyId) => sql<boolean>`(select count(*) from events c where c.family_id = ${familyId}) <= ${WHOLE_FAMILY_EVENTS}`,
  })
  if (found === undefined) return undefined
  const { family, rows } = found
  const publicId = publicIds(rows.events, rows.sources)
  const outline: FamilyOutline = { ...recordParts(family, rows), events: rows.events.map((t) => toEventOutline(t, publicId)) }
  const byKey = new Map<number, EventRecord>()
  const wanted: number[] = []
  for (const t of rows.events) if (isWhole(t)) byKey.set(t[0], toEventRecord(t, publicId, rows.sources))
  if (byKey.size < rows.events.length) {
    for (const key of options.detail(outline)) if (!byKey.has(key)) wanted.push(key)
    const details = await db.selectNoFrom(sql<EventTuple[]>`(select coalesce(json_agg(${eventTuple(user, sql<boolean>`true`)} order by e.placed_date, e.id), '[]')
        from events e where e.family_id = (select f.id from families f where f.id = ${family.id} and ${visibleFamily(user, now, 'f.id')})
          and (e.id = any(${wanted}::bigint[]) or e.type in ('plan', 'birth')))`.as('events')).executeTakeFirstOrThrow()
    for (const t of details.events) byKey.set(t[0], toEventRecord(t, publicId, rows.sources))
  }
  const detailed: EventRecord[] = []
  for (const e of outline.events) {
    const record = byKey.get(e.key)
    if (record !== undefined) detailed.push(record)
  }
  return { outline, detailed, byKey }
}

/** Everything the user may see of a family already found visible. */
export async function loadFamilyRecord(db: Db, user: Who, family: VisibleFamily): Promise<FamilyRecord> {
  return toFamilyRecord(family, await familyRows(db, user, family.id))
}

/** The record's parts but its events. */
function recordParts(family: VisibleFamily, rows: FamilyRows): Omit<FamilyRecord, 'events'> {
  return {
    ref: family.ref,
    name: family.name,
    visibility: family.visibility,
    people: rows.people.map(toPerson),
    relationships: rows.relationships.map((r): Relationship => ({ from: r.from_ref, to: r.to_ref, type: r.type as Relationship['type'] })),
    alerts: rows.alerts.map(toAlertView),
    agencies: [...new Set(rows.events.map((t) => t[4]))].sort(),
    evaluatedAsOf: family.evaluatedAsOf,
  }
}

function toFamilyRecord(family: VisibleFamily, rows: FamilyRows | undefined): FamilyRecord {
  const parts = rows ?? { people: [], relationships: [], alerts: [], events: [], sources: {} }
  const publicId = publicIds(parts.events, parts.sources)
  return { ...recordParts(family, parts), events: parts.events.map((t) => toEventRecord(t, publicId, parts.sources)) }
}
