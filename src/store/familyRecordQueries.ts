// A family as one user may see it. Every query here names the user: the
// family is found only through the need-to-know test in its WHERE clause
// (familyVisibility.ts), and a restricted event's content is blanked in the
// SELECT itself for a user who may not read it, so it never leaves the
// database.
import { sql } from 'kysely'
import type { Kysely, RawBuilder } from 'kysely'
import type { EventRecord, FamilyRecord, StoredAlertView } from '../access/caseRepository.ts'
import type { User, Visibility } from '../access/types.ts'
import { AuditFailedError, ThroughlineError } from '../errors/errors.ts'
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

/** An event row as the events query sends it: keys and provenance, and the content only when the user may read it. */
interface EventRow {
  source_id: number
  source_name: string
  event_id: string
  agency: string
  date: string
  /** ISO 8601 with offset (a JSON rendering of timestamptz). */
  imported_at: string
  imported_by: string
  readable: boolean
  type?: string
  approximate?: boolean | null
  time?: string | null
  recorded?: string | null
  subjects?: string[]
  restricted?: boolean | null
  summary?: string
  significance?: string | null
  action?: string | null
  outcome?: string | null
  facets?: Record<string, unknown>
}

/**
 * The id an event is known by in the merged chronology (as in
 * loadFamilyDocument): the first source to send an id keeps it, a later
 * source using the same id is qualified as `source:id`.
 */
function publicIds(rows: readonly EventRow[]): (row: Pick<EventRow, 'event_id' | 'source_id' | 'source_name'>, eventId?: string) => string {
  const sources = new Map<string, number[]>()
  for (const r of rows) sources.set(r.event_id, [...(sources.get(r.event_id) ?? []), r.source_id])
  return (row, eventId = row.event_id) => {
    const ids = sources.get(eventId) ?? []
    if (new Set(ids).size < 2 || row.source_id === Math.min(...ids)) return eventId
    return `${row.source_name}:${eventId}`
  }
}

function toEventRecord(row: EventRow, publicId: ReturnType<typeof publicIds>): EventRecord {
  const id = publicId(row)
  if (!row.readable || row.type === undefined || row.subjects === undefined || row.summary === undefined || row.facets === undefined) {
    return { visible: false, id, date: row.date, agency: row.agency, restricted: true }
  }
  const event: ChronologyEvent = fromEventContent({
    event_id: row.event_id, type: row.type, agency: row.agency, date: row.date, approximate: row.approximate ?? null, time: row.time ?? null,
    recorded: row.recorded ?? null, subjects: row.subjects, restricted: row.restricted ?? null, summary: row.summary,
    significance: row.significance ?? null, action: row.action ?? null, outcome: row.outcome ?? null, facets: row.facets,
  }, id)
  if (event.type === 'escalation' && event.refers_to !== undefined) event.refers_to = publicId(row, event.refers_to)
  return { visible: true, event, provenance: { source: row.source_name, importedAt: new Date(row.imported_at), importedBy: row.imported_by } }
}

type PersonColumns = Parameters<typeof toPerson>[0]
type RelationshipColumns = { from_ref: string; to_ref: string; type: string }

/**
 * An event as the family query sends it: a JSON array rather than an object,
 * as building and reading the keys of thousands of objects took about half
 * the query's time. Keys and provenance first, then, only for a user who may
 * read the event, its content.
 */
type EventTuple = [
  source_id: number, source_name: string, event_id: string, agency: string, date: string, imported_at: string, imported_by: string,
  readable: boolean,
  type?: string, approximate?: boolean | null, time?: string | null, recorded?: string | null, subjects?: string[],
  restricted?: boolean | null, summary?: string, significance?: string | null, action?: string | null, outcome?: string | null,
  facets?: Record<string, unknown>,
]

/** Read by index into one object literal: destructuring and spreading thousands of tuples was most of loading a large family. */
function eventRow(t: EventTuple): EventRow {
  if (!t[7]) return { source_id: t[0], source_name: t[1], event_id: t[2], agency: t[3], date: t[4], imported_at: t[5], imported_by: t[6], readable: false }
  return {
    source_id: t[0], source_name: t[1], event_id: t[2], agency: t[3], date: t[4], imported_at: t[5], imported_by: t[6], readable: true,
    type: t[8], approximate: t[9], time: t[10], recorded: t[11], subjects: t[12], restricted: t[13], summary: t[14],
    significance: t[15], action: t[16], outcome: t[17], facets: t[18],
  }
}

/** What the family query sends: each part of the record as one JSON array. */
interface FamilyRows {
  people: PersonColumns[]
  relationships: RelationshipColumns[]
  events: EventTuple[]
  alerts: AlertColumns[]
}

/**
 * The family's people, relationships, events and the alerts the user may see
 * (readableAlert), in one statement, each part one JSON array. Events come in
 * the chronology's order, each readable in full or without its content
 * (decided here, in the SELECT, so blanked content never leaves the
 * database). One statement, not four, and one JSON value per part rather
 * than a row per event and a field per column: a family holds hundreds to
 * thousands of events of twenty columns, and the drivers decode fields one
 * at a time (PGlite copies each into a buffer of its own).
 */
function familyParts(user: Who, familyId: RawBuilder<unknown>) {
  const readable = readableEvent(user, 'e')
  const keys = sql`e.source_id, s.name, e.event_id, e.agency, e.date, e.imported_at, e.imported_by`
  const event = sql`case when ${readable} then json_build_array(${keys}, true,
      e.type, e.approximate, e.time, e.recorded, e.subjects, e.restricted, e.summary, e.significance, e.action, e.outcome, e.facets)
    else json_build_array(${keys}, false) end`
  return [
    sql<FamilyRows['people']>`(select coalesce(json_agg(json_build_object('ref', p.ref, 'given_name', p.given_name, 'family_name', p.family_name,
        'born', p.born, 'expected', p.expected, 'sex', p.sex, 'role', p.role, 'identifiers', p.identifiers, 'address', p.address)
        order by p.id), '[]') from people p where p.family_id = ${familyId})`.as('people'),
    sql<FamilyRows['relationships']>`(select coalesce(json_agg(json_build_object('from_ref', r.from_ref, 'to_ref', r.to_ref, 'type', r.type) order by r.id), '[]')
        from relationships r where r.family_id = ${familyId})`.as('relationships'),
    sql<FamilyRows['events']>`(select coalesce(json_agg(${event} order by e.placed_date, e.id), '[]')
        from events e join sources s on s.id = e.source_id where e.family_id = ${familyId})`.as('events'),
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

/**
 * An ordinary view of a family in one statement: it finds the family through
 * the need-to-know test (as findVisibleFamily; with `childRef`, only if that
 * child is one of its children), writes the audit row writeAudit would for
 * `audit` (auditRowsFrom, with the family's id) only when the family was
 * found, and reads the record as loadFamilyRecord does.
 * One statement is atomic: the audit row and the read stand or fall
 * together, without a transaction's BEGIN and COMMIT. Undefined, with nothing
 * written, when there is no such family (or child) or it is not theirs to see.
 */
export async function viewFamilyRecord(
  db: Db, user: Who, now: Date, familyRef: string,
  options: { childRef?: string | undefined; audit: { actor: AuditWho; entry: Omit<AuditEntry, 'familyId'> } },
): Promise<FamilyRecord | undefined> {
  const { childRef } = options
  const query = db
    .with((cte) => cte(FOUND_FAMILY).materialized(), () => visibleFamilyQuery(db, user, now, familyRef)
      .$if(childRef !== undefined, (q) => q.where(sql<boolean>`exists (select 1 from people c where c.family_id = f.id and c.ref = ${childRef} and c.role <> 'adult')`)))
    .with('audit', () => auditRowsFrom(db, FOUND_FAMILY, options.audit.actor, options.audit.entry))
    .selectFrom(FOUND_FAMILY)
    .select([`${FOUND_FAMILY}.id`, `${FOUND_FAMILY}.ref`, `${FOUND_FAMILY}.name`, `${FOUND_FAMILY}.evaluated_as_of`, `${FOUND_FAMILY}.visibility`])
    .select(familyParts(user, sql.ref(`${FOUND_FAMILY}.id`)))
  // The statement writes the audit row: when it fails nothing was written or
  // shown, as when writeAudit fails (errors already typed, such as a store
  // gone away, stay as they are).
  const row = await query.executeTakeFirst().catch((e: unknown) => {
    throw e instanceof ThroughlineError ? e : new AuditFailedError(e)
  })
  return row === undefined ? undefined : toFamilyRecord(toVisibleFamily(row), row)
}

/** Everything the user may see of a family already found visible. */
export async function loadFamilyRecord(db: Db, user: Who, family: VisibleFamily): Promise<FamilyRecord> {
  return toFamilyRecord(family, await familyRows(db, user, family.id))
}

function toFamilyRecord(family: VisibleFamily, rows: FamilyRows | undefined): FamilyRecord {
  const { people, relationships, alerts } = rows ?? { people: [], relationships: [], alerts: [] }
  const events = (rows?.events ?? []).map(eventRow)
  const publicId = publicIds(events)
  return {
    ref: family.ref,
    name: family.name,
    visibility: family.visibility,
    people: people.map(toPerson),
    relationships: relationships.map((r): Relationship => ({ from: r.from_ref, to: r.to_ref, type: r.type as Relationship['type'] })),
    events: events.map((e) => toEventRecord(e, publicId)),
    alerts: alerts.map(toAlertView),
    agencies: [...new Set(events.map((e) => e.agency))].sort(),
    evaluatedAsOf: family.evaluatedAsOf,
  }
}
