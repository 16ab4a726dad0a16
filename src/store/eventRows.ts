// An exchange event <-> its row in `events`: the common chronology fields are
// columns, everything else is the type's facets (jsonb).
import { knownDate, placedDate } from '../exchange/dates.ts'
import type { ChronologyEvent } from '../exchange/schema.ts'
import type { Selectable } from 'kysely'
import type { EventsTable } from './schema.ts'

const COMMON_FIELDS = new Set([
  'id', 'type', 'date', 'approximate', 'time', 'recorded', 'agency', 'subjects',
  'summary', 'significance', 'action', 'outcome', 'restricted',
])

/** The columns an event's content fills (keys and provenance come from the import). */
export type EventContent = Omit<Selectable<EventsTable>, 'id' | 'family_id' | 'source_id' | 'import_id' | 'imported_at' | 'imported_by'>

/** The columns compared to decide whether a re-sent event changed. */
export const EVENT_CONTENT_COLUMNS = [
  'type', 'agency', 'date', 'placed_date', 'known_date', 'approximate', 'time', 'recorded',
  'subjects', 'restricted', 'summary', 'significance', 'action', 'outcome', 'facets',
] as const satisfies readonly (keyof EventContent)[]

export function toEventContent(ev: ChronologyEvent): EventContent {
  const facets: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(ev)) {
    if (!COMMON_FIELDS.has(k) && v !== undefined) facets[k] = v
  }
  return {
    event_id: ev.id,
    type: ev.type,
    agency: ev.agency,
    date: ev.date,
    placed_date: placedDate(ev),
    known_date: knownDate(ev),
    approximate: ev.approximate ?? null,
    time: ev.time ?? null,
    recorded: ev.recorded ?? null,
    subjects: ev.subjects,
    restricted: ev.restricted ?? null,
    summary: ev.summary,
    significance: ev.significance ?? null,
    action: ev.action ?? null,
    outcome: ev.outcome ?? null,
    facets,
  }
}

/** Rebuilds the exchange event; absent optional fields stay absent. */
export function fromEventContent(row: Omit<EventContent, 'placed_date' | 'known_date'>, id: string = row.event_id): ChronologyEvent {
  const ev: Record<string, unknown> = { id, type: row.type, date: row.date }
  if (row.approximate !== null) ev.approximate = row.approximate
  if (row.time !== null) ev.time = row.time
  if (row.recorded !== null) ev.recorded = row.recorded
  ev.agency = row.agency
  ev.subjects = row.subjects
  ev.summary = row.summary
  if (row.significance !== null) ev.significance = row.significance
  if (row.action !== null) ev.action = row.action
  if (row.outcome !== null) ev.outcome = row.outcome
  if (row.restricted !== null) ev.restricted = row.restricted
  Object.assign(ev, row.facets)
  // The row was written from a validated event, so it has that shape.
  return ev as ChronologyEvent
}
