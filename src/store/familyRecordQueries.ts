// A family as one user may see it. Every query here names the user: the
// family is found only through the need-to-know test in its WHERE clause
// (familyVisibility.ts), and a restricted event's content is blanked in the
// SELECT itself for a user who may not read it, so it never leaves the
// database.
import { sql } from 'kysely'
import type { Kysely, RawBuilder } from 'kysely'
import type { EventFilter, EventRecord, FamilyOutline, FamilyPageRecord, FamilyRecord, StoredAlertView } from '../access/caseRepository.ts'
import type { User, Visibility } from '../access/types.ts'
import { AuditFailedError, ThroughlineError } from '../errors/errors.ts'
import { CHILD_FACETS } from '../exchange/peopleNamedBy.ts'
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
 * the event, its content and provenance.
 */
type EventTuple = [
  key: number, source_id: number, event_id: string, date: string, agency: string, readable: boolean,
  type?: string, subjects?: string[], facets?: Record<string, unknown> | null,
  approximate?: boolean | null, time?: string | null, recorded?: string | null, restricted?: boolean | null, summary?: string,
  significance?: string | null, action?: string | null, outcome?: string | null,
  /** ISO 8601 with offset (a JSON rendering of timestamptz). */
  imported_at?: string, imported_by?: string,
]

/**
 * The event tuple (alias `e`). Whether the user may read the event is decided
 * here, in the SELECT, so content they may not read never leaves the
 * database.
 */
function eventTuple(user: Who): RawBuilder<EventTuple> {
  const keys = sql`e.id, e.source_id, e.event_id, e.date, e.agency`
  return sql<EventTuple>`case when ${readableEvent(user, 'e')} then json_build_array(${keys}, true, e.type, e.subjects, e.facets,
      e.approximate, e.time, e.recorded, e.restricted, e.summary, e.significance, e.action, e.outcome, e.imported_at, e.imported_by)
    else json_build_array(${keys}, false) end`
}

/**
 * True for an event (alias `e`) the filter keeps, for this user: a restricted
 * entry they may not read is left out whenever the filter is by child or
 * type, as keeping it would tell what it is about. An event names a child by
 * its subjects or by the facet of its type that names children
 * (CHILD_FACETS, as peopleNamedBy reads them).
 */
export function keptByFilter(user: Who, filter: EventFilter): RawBuilder<boolean> {
  const { child, agency, type, from, to } = filter
  const tests: RawBuilder<boolean>[] = []
  if (from !== undefined) tests.push(sql<boolean>`e.placed_date >= ${from}::date`)
  if (to !== undefined) tests.push(sql<boolean>`e.placed_date <= ${to}::date`)
  if (agency !== undefined) tests.push(sql<boolean>`e.agency = ${agency}`)
  if (type !== undefined || child !== undefined) tests.push(readableEvent(user, 'e'))
  if (type !== undefined) tests.push(sql<boolean>`e.type = ${type}`)
  if (child !== undefined) {
    const byFacet = Object.entries(CHILD_FACETS).map(([t, facet]) => sql`when ${sql.lit(t)} then coalesce(e.facets->${sql.lit(facet)} ? ${child}, false)`)
    tests.push(sql<boolean>`(${child} = any(e.subjects) or case e.type ${sql.join(byFacet, sql` `)} else false end)`)
  }
  return tests.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(tests, sql` and `)})`
}

/** Names of the sources of a family's events, by id. */
type SourceNames = Record<string, string>

/**
 * The id an event is known by in the merged chronology (as in
 * loadFamilyDocument): the first source to send an id keeps it, a later
 * source using the same id is qualified as `source:id`. From every event's
 * source and id, in any order.
 */
function publicIds(sourceIds: readonly number[], eventIds: readonly string[], names: SourceNames): (sourceId: number, eventId: string) => string {
  // Nearly always every id is sent by one source alone: then each keeps its own.
  if (new Set(eventIds).size === eventIds.length) return (_sourceId, eventId) => eventId
  const sources = new Map<string, number[]>()
  eventIds.forEach((eventId, i) => {
    const source = sourceIds[i] ?? 0
    const ids = sources.get(eventId)
    if (ids === undefined) sources.set(eventId, [source])
    else ids.push(source)
  })
  return (sourceId, eventId) => {
    const ids = sources.get(eventId) ?? []
    if (new Set(ids).size < 2 || sourceId === Math.min(...ids)) return eventId
    return `${names[String(sourceId)] ?? sourceId}:${eventId}`
  }
}

type PublicId = ReturnType<typeof publicIds>

const publicIdsOf = (tuples: readonly EventTuple[], names: SourceNames): PublicId => publicIds(tuples.map((t) => t[1]), tuples.map((t) => t[2]), names)

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
 * The family's people, relationships, events (whole, where `whole` holds;
 * none where it does not), the names of their sources and the alerts the user
 * may see (readableAlert), in one statement, each part one JSON value. Events
 * come in the chronology's order. One statement, not four, and one JSON
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
    sql<FamilyRows['events']>`(select coalesce(json_agg(${eventTuple(user)} order by e.placed_date, e.id), '[]')
        from events e where e.family_id = ${familyId} and ${whole})`.as('events'),
    sql<FamilyRows['sources']>`(select coalesce(json_object_agg(s.id, s.name), '{}') from sources s
        where s.id in (select e.source_id from events e where e.family_id = ${familyId}))`.as('sources'),
    sql<FamilyRows['alerts']>`(select coalesce(json_agg(json_build_object('id', a.id, 'rule', a.rule, 'subject', a.subject, 'first_fired', a.first_fired,
        'until', a.until, 'state', a.state, 'resolution', a.resolution, 'events', a.events, 'threshold', a.threshold)
        order by a.first_fired, a.id), '[]') from alerts a where a.family_id = ${familyId} and ${readableAlert(user, 'a')})`.as('alerts'),
  ] as const
}

/** Every event's key, source, id, date and whether the filter keeps it, in chronology order, a JSON array each; null without events, and all but the last for a family read whole. */
type OutlineColumns = [keys: number[] | null, sources: number[] | null, ids: string[] | null, dates: string[] | null, kept: boolean[] | null]

/**
 * The family page's own parts: the outline of every event, in columns (an
 * array per field costs the database and the driver less than a tuple per
 * event: 2.6 against 6.5 ms for 1,658 events), and what the filter offers
 * (every agency; every type the user may read). Folding the choices into the
 * outline's one pass (DISTINCT aggregates beside the arrays) cost more than
 * the two index scans: 4.4 to 4.8 against 3.0 to 3.7 ms for 1,658 events.
 */
function pageParts(user: Who, familyId: RawBuilder<unknown>, kept: RawBuilder<boolean>, whole: RawBuilder<boolean>) {
  // A family read whole has its events' keys, ids, dates, agencies and types
  // in their tuples already: then only whether the filter keeps each.
  const ordered = (columns: RawBuilder<unknown>) => sql`(select ${columns} from events e where e.family_id = ${familyId} order by e.placed_date, e.id)`
  return [
    sql<OutlineColumns>`case when ${whole}
      then (select json_build_array(null, null, null, null, array_agg(x.kept)) from ${ordered(sql`${kept} as kept`)} x)
      else (select json_build_array(array_agg(x.id), array_agg(x.source_id), array_agg(x.event_id), array_agg(x.date), array_agg(x.kept))
        from ${ordered(sql`e.id, e.source_id, e.event_id, e.date, ${kept} as kept`)} x) end`.as('outline'),
    sql<[string[], string[]] | null>`case when ${whole} then null else json_build_array(
        (select coalesce(json_agg(distinct e.agency), '[]') from events e where e.family_id = ${familyId}),
        (select coalesce(json_agg(distinct e.type), '[]') from events e where e.family_id = ${familyId} and ${readableEvent(user, 'e')})) end`.as('choices'),
  ] as const
}

function familyRows(db: Db, user: Who, familyId: number): Promise<FamilyRows | undefined> {
  return db.selectNoFrom(familyParts(user, sql`${familyId}`)).executeTakeFirst()
}

/** The name under which the view's statement finds the family. */
const FOUND_FAMILY = 'found_family'

/** The audit row a view writes. */
type ViewAudit = { actor: AuditWho; entry: Omit<AuditEntry, 'familyId'> }

/**
 * An ordinary view of a family in one statement: it finds the family through
 * the need-to-know test (as findVisibleFamily; with `childRef`, only if that
 * child is one of its children) and writes the audit row writeAudit would
 * for `audit` (auditRowsFrom, with the family's id) only when the family was
 * found; the caller selects what it reads of it (`found_family.id`). One
 * statement is atomic: the audit row and the read stand or fall together,
 * without a transaction's BEGIN and COMMIT.
 */
function viewStatement(db: Db, user: Who, now: Date, familyRef: string, options: { childRef?: string | undefined; audit: ViewAudit; wholeUpTo?: number | undefined }) {
  const { childRef, wholeUpTo } = options
  return db
    .with((cte) => cte(FOUND_FAMILY).materialized(), () => visibleFamilyQuery(db, user, now, familyRef)
      .$if(childRef !== undefined, (q) => q.where(sql<boolean>`exists (select 1 from people c where c.family_id = f.id and c.ref = ${childRef} and c.role <> 'adult')`))
      // Counted once, in the family's row, for the parts that differ by it.
      .$if(wholeUpTo !== undefined, (q) => q.select(sql<boolean>`(select count(*) from events c where c.family_id = f.id) <= ${wholeUpTo}`.as('whole'))))
    .with('audit', () => auditRowsFrom(db, FOUND_FAMILY, options.audit.actor, options.audit.entry))
    .selectFrom(FOUND_FAMILY)
    .select([`${FOUND_FAMILY}.id`, `${FOUND_FAMILY}.ref`, `${FOUND_FAMILY}.name`, `${FOUND_FAMILY}.evaluated_as_of`, `${FOUND_FAMILY}.visibility`])
}

/**
 * Runs a view statement. It writes the audit row: when it fails nothing was
 * written or shown, as when writeAudit fails (errors already typed, such as a
 * store gone away, stay as they are).
 */
function runView<T>(query: { executeTakeFirst(): Promise<T | undefined> }): Promise<T | undefined> {
  return query.executeTakeFirst().catch((e: unknown) => {
    throw e instanceof ThroughlineError ? e : new AuditFailedError(e)
  })
}

const FOUND_ID = sql.ref(`${FOUND_FAMILY}.id`)

/**
 * An ordinary view of a family (viewStatement), the record read whole as
 * loadFamilyRecord reads it. Undefined, with nothing written, when there is
 * no such family (or child) or it is not theirs to see.
 */
export async function viewFamilyRecord(
  db: Db, user: Who, now: Date, familyRef: string,
  options: { childRef?: string | undefined; audit: ViewAudit },
): Promise<FamilyRecord | undefined> {
  const row = await runView(viewStatement(db, user, now, familyRef, options).select(familyParts(user, FOUND_ID)))
  return row === undefined ? undefined : toFamilyRecord(toVisibleFamily(row), row)
}

/**
 * Families of at most this many events come whole in the view's one
 * statement. Beyond it, the page shows a small part of the history (a page
 * of the chronology, the timeline's span), and reading the content of every
 * event cost the database, the driver and the page's garbage collector more
 * than a second statement for the part shown: on a family of 1,658 events,
 * the events whole cost the database 13.5 ms. Above the timeline's opening
 * span (web/charts.ts MAX_OPENING_RECORDS, 200): a family this small reads
 * much of its content for the page anyway, and one statement costs less than
 * two.
 */
export const WHOLE_FAMILY_EVENTS = 400

/**
 * The family page's read: an ordinary view (viewStatement) with every event
 * in outline, kept or not by `filter` (keptByFilter), and whole too when the
 * family has at most WHOLE_FAMILY_EVENTS; then, for a large family, the
 * content of the events `detail` picks from the outline and of every plan and
 * birth (which shape the whole timeline), in a second statement that tests
 * the need-to-know again. Undefined, with nothing written or asked, as
 * viewFamilyRecord.
 */
export async function viewFamilyPage(
  db: Db, user: Who, now: Date, familyRef: string,
  options: { audit: ViewAudit; filter: EventFilter; detail: (outline: FamilyOutline) => Iterable<number> | Promise<Iterable<number>>; wholeUpTo?: number | undefined },
): Promise<FamilyPageRecord | undefined> {
  const whole = sql.ref<boolean>(`${FOUND_FAMILY}.whole`)
  const row = await runView(viewStatement(db, user, now, familyRef, { audit: options.audit, wholeUpTo: options.wholeUpTo ?? WHOLE_FAMILY_EVENTS })
    .select(familyParts(user, FOUND_ID, whole))
    .select(pageParts(user, FOUND_ID, keptByFilter(user, options.filter), whole)))
  if (row === undefined) return undefined
  const family = toVisibleFamily(row)
  const kept = row.outline[4] ?? []
  // Read whole (or without events): the outline's columns are the tuples'.
  const fromTuples = row.outline[0] === null
  const keys = fromTuples ? row.events.map((t) => t[0]) : row.outline[0] ?? []
  const sources = fromTuples ? row.events.map((t) => t[1]) : row.outline[1] ?? []
  const ids = fromTuples ? row.events.map((t) => t[2]) : row.outline[2] ?? []
  const dates = fromTuples ? row.events.map((t) => t[3]) : row.outline[3] ?? []
  const [agencies, types] = row.choices ?? [row.events.map((t) => t[4]), row.events.flatMap((t) => (t[5] && t[6] !== undefined ? [t[6]] : []))]
  const publicId = publicIds(sources, ids, row.sources)
  const outline: FamilyOutline = {
    ...recordParts(family, row, agencies),
    events: keys.map((key, i) => ({ key, id: publicId(sources[i] ?? 0, ids[i] ?? ''), date: dates[i] ?? '', kept: kept[i] ?? false })),
    eventTypes: [...new Set(types)].sort(),
  }
  const byKey = new Map<number, EventRecord>()
  for (const t of row.events) byKey.set(t[0], toEventRecord(t, publicId, row.sources))
  if (byKey.size < keys.length) {
    const wanted = [...new Set(await options.detail(outline))]
    const details = await db
      .with('allowed', (qc) => qc.selectNoFrom(sql<boolean>`exists (select 1 from families f where f.id = ${family.id} and ${visibleFamily(user, now, 'f.id')})`.as('visible')))
      .selectFrom('allowed')
      .select(['allowed.visible', sql<EventTuple[]>`(select coalesce(json_agg(${eventTuple(user)} order by e.placed_date, e.id), '[]')
        from events e where allowed.visible and e.family_id = ${family.id}
          and (e.id = any(${wanted}::bigint[]) or (e.type in ('plan', 'birth') and ${readableEvent(user, 'e')})))`.as('events')])
      .executeTakeFirstOrThrow()
    // No longer theirs to see (access ended between the two statements): not
    // found, rather than a page whose entries are silently missing.
    if (!details.visible) return undefined
    for (const t of details.events) byKey.set(t[0], toEventRecord(t, publicId, row.sources))
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
function recordParts(family: VisibleFamily, rows: Omit<FamilyRows, 'events' | 'sources'>, agencies: readonly string[]): Omit<FamilyRecord, 'events'> {
  return {
    ref: family.ref,
    name: family.name,
    visibility: family.visibility,
    people: rows.people.map(toPerson),
    relationships: rows.relationships.map((r): Relationship => ({ from: r.from_ref, to: r.to_ref, type: r.type as Relationship['type'] })),
    alerts: rows.alerts.map(toAlertView),
    agencies: [...new Set(agencies)].sort(),
    evaluatedAsOf: family.evaluatedAsOf,
  }
}

function toFamilyRecord(family: VisibleFamily, rows: FamilyRows | undefined): FamilyRecord {
  const parts = rows ?? { people: [], relationships: [], alerts: [], events: [], sources: {} }
  const publicId = publicIdsOf(parts.events, parts.sources)
  return { ...recordParts(family, parts, parts.events.map((t) => t[4])), events: parts.events.map((t) => toEventRecord(t, publicId, parts.sources)) }
}
