// What the rules say about one family as of a day: the alerts holding then
// (with today's evidence) and every episode of the replay up to then. Pure;
// the replay pool runs it in worker threads.
import type { IsoDate } from '../exchange/dates.ts'
import type { FamilyDocument } from '../exchange/schema.ts'
import { evaluateAsOf, replay } from '../rules/engine.ts'
import type { EngineOptions } from '../rules/engine.ts'
import { indexFamily } from '../rules/familyView.ts'
import { DEFAULT_CALENDAR } from '../rules/calendar.ts'
import type { Thresholds } from '../rules/thresholds.ts'
import type { Alert, AlertEpisode } from '../rules/types.ts'

export interface OutcomeRequest {
  doc: FamilyDocument
  asOf: IsoDate
  /** Only thresholds cross to a worker: rules and calendars are functions. */
  thresholds?: Thresholds | undefined
}

export interface FamilyOutcome {
  current: Alert[]
  episodes: AlertEpisode[]
}

export function familyOutcome(request: OutcomeRequest, engine: EngineOptions = {}): FamilyOutcome {
  const options: EngineOptions = { ...engine, ...(request.thresholds === undefined ? {} : { thresholds: request.thresholds }) }
  const index = indexFamily(request.doc, options.calendar ?? DEFAULT_CALENDAR)
  return {
    current: evaluateAsOf(index, request.asOf, options),
    episodes: replay(index, { ...options, until: request.asOf }).alerts,
  }
}
