// A family as one user may see it. Every query here names the user: the
// family is found only through the need-to-know test in its WHERE clause
// (familyVisibility.ts), and a restricted event's content is blanked in the
// SELECT itself for a user who may not read it, so it never leaves the
// database.
import { sql } from 'kysely'
import type { Kysely, RawBuilder } from 'kysely'
import type { AlertHistoryView, EventRecord, FamilyRecord, StoredAlertView } from '../access/caseRepository.ts'
import type { User, Visibility } from '../access/types.ts'
import type { ChronologyEvent, Relationship } from '../exchange/schema.ts'
import { RULE_IDS, RULE_TEXT } from '../rules/ruleCatalogue.ts'
import type { RuleId } from '../rules/ruleCatalogue.ts'
import { alertHistory } from './alertQueries.ts'
import type { AlertRow } from './alertQueries.ts'
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

/** The family with this ref, if the user may see it; undefined both when it does not exist and when it is not theirs to see. */
export async function findVisibleFamily(db: Db, user: Who, now: Date, familyRef: string): Promise<VisibleFamily | undefined> {
  const row = await db.selectFrom('families as f')
    .select(['f.id', 'f.ref', 'f.name', 'f.evaluated_as_of', visibilityOf(user, now, 'f.id').as('visibility')])
    .where('f.ref', '=', familyRef)
    .where(visibleFamily(user, now, 'f.id'))
    .executeTakeFirst()
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

export function toAlertView(row: AlertRow): StoredAlertView {
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

export async function alertHistoryViews(db: Db, alertId: number): Promise<AlertHistoryView[]> {
  return (await alertHistory(db, alertId)).map((h) => ({ at: h.at, action: h.action, actor: h.actor, reason: h.reason }))
}

/** The family's alerts that the user may see (readableAlert), in the order they first fired. */
export function visibleAlerts(db: Db, user: Who, familyId: number): Promise<AlertRow[]> {
  return db.selectFrom('alerts as a').selectAll('a')
    .where('a.family_id', '=', familyId).where(readableAlert(user, 'a'))
    .orderBy('a.first_fired').orderBy('a.id').execute()
}

/** Events of the family in order, each either readable in full or blanked (content columns null). */
async function eventRows(db: Db, user: Who, familyId: number) {
  const readable = readableEvent(user, 'e')
  const when = <T>(column: string): RawBuilder<T | null> => sql<T | null>`case when ${readable} then ${sql.ref(column)} end`
  return db.selectFrom('events as e').innerJoin('sources as s', 's.id', 'e.source_id')
    .select([
      'e.id', 'e.source_id', 's.name as source_name', 'e.event_id', 'e.agency', 'e.date', 'e.imported_at', 'e.imported_by',
      readable.as('readable'),
      when<string>('e.type').as('type'),
      when<boolean>('e.approximate').as('approximate'),
      when<string>('e.time').as('time'),
      when<string>('e.recorded').as('recorded'),
      when<string[]>('e.subjects').as('subjects'),
      when<boolean>('e.restricted').as('restricted'),
      when<string>('e.summary').as('summary'),
      when<string>('e.significance').as('significance'),
      when<string>('e.action').as('action'),
      when<string>('e.outcome').as('outcome'),
      when<Record<string, unknown>>('e.facets').as('facets'),
    ])
    .where('e.family_id', '=', familyId)
    .orderBy('e.placed_date').orderBy('e.id')
    .execute()
}

type EventRow = Awaited<ReturnType<typeof eventRows>>[number]

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
  if (!row.readable || row.type === null || row.subjects === null || row.summary === null || row.facets === null) {
    return { visible: false, id, date: row.date, agency: row.agency, restricted: true }
  }
  const event: ChronologyEvent = fromEventContent({
    event_id: row.event_id, type: row.type, agency: row.agency, date: row.date, approximate: row.approximate, time: row.time,
    recorded: row.recorded, subjects: row.subjects, restricted: row.restricted, summary: row.summary,
    significance: row.significance, action: row.action, outcome: row.outcome, facets: row.facets,
  }, id)
  if (event.type === 'escalation' && event.refers_to !== undefined) event.refers_to = publicId(row, event.refers_to)
  return { visible: true, event, provenance: { source: row.source_name, importedAt: row.imported_at, importedBy: row.imported_by } }
}

/** Everything the user may see of a family already found visible. */
export async function loadFamilyRecord(db: Db, user: Who, family: VisibleFamily): Promise<FamilyRecord> {
  const [people, relationships, events, alerts] = await Promise.all([
    db.selectFrom('people').selectAll().where('family_id', '=', family.id).orderBy('id').execute(),
    db.selectFrom('relationships').select(['from_ref', 'to_ref', 'type']).where('family_id', '=', family.id).orderBy('id').execute(),
    eventRows(db, user, family.id),
    visibleAlerts(db, user, family.id),
  ])
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
