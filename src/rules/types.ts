// The shape of a practice rule and of what it reports. A rule is data in,
// findings out: no I/O, no clock; the as-of date is an argument.
import type { IsoDate } from '../exchange/dates.ts'
import type { EventType } from '../exchange/schema.ts'
import type { FamilyView } from './familyView.ts'
import { RULE_TEXT, type RuleId, type RuleText } from './ruleCatalogue.ts'
import type { Thresholds } from './thresholds.ts'

export type { RuleId } from './ruleCatalogue.ts'

/** The subject of an alert about the household rather than one child. */
export const FAMILY = 'family'

/** One way a rule holds on a date. */
export interface Finding {
  /** A child's person ref, or FAMILY. */
  readonly subject: string
  /** Ids of the events that show the pattern. */
  readonly events: readonly string[]
  /** The threshold crossed, in words: "3 referrals in 12 months; the threshold is 3". */
  readonly threshold: string
  /**
   * Only when the rule can hold for the same subject for separate reasons at
   * once (two unresolved escalations): what tells them apart, for example the
   * first event's id. Alerts are identified by (rule, subject, key).
   */
  readonly key?: string
}

export interface Rule<K extends RuleId = RuleId> extends RuleText {
  readonly id: K
  /**
   * The findings holding on asOf, reading only the events in view (those known
   * by view.knownBy; asOf is never earlier than that). Must not depend on
   * anything but its arguments.
   */
  evaluate(view: FamilyView, asOf: IsoDate, thresholds: Thresholds[K]): Finding[]
  /**
   * Days after view.knownBy on which the outcome could change if nothing new
   * became known: deadlines, windows closing, birthdays (last sighting + 20
   * working days, start + 12 months, T + N months + 1 day). A superset is fine;
   * dates outside the replay are ignored. Rules whose outcome changes only when
   * events become known leave it out.
   */
  changeDates?(view: FamilyView, thresholds: Thresholds[K]): Iterable<IsoDate>
  /**
   * Every event type evaluate and changeDates read (`plan` when they use
   * plans; births are always counted, as dates of birth and the children of
   * an event depend on them). When given, replay re-evaluates the rule only
   * on days one of these types gains a known event, and on its change dates:
   * much faster on long records. Leave it out to be evaluated every time
   * anything becomes known. The engine's brute-force test catches a type left out.
   */
  readonly reads?: readonly EventType[]
}

/** A rule for the registry: its words come from the catalogue. */
export function defineRule<K extends RuleId>(id: K, body: Pick<Rule<K>, 'evaluate' | 'changeDates' | 'reads'>): Rule<K> {
  return { id, ...RULE_TEXT[id], ...body }
}

/** A finding of one rule, with the rule's words: what the user sees as of a date. */
export interface Alert extends Finding {
  readonly rule: RuleId
  readonly title: string
  readonly advice: string
  readonly source: string
}

/** One stretch of days over which an alert held, from replay. */
export interface AlertEpisode extends Alert {
  /** The first day the condition held. */
  readonly first_fired: IsoDate
  /** The first later day it no longer held; null when it still held at the end of the replay. */
  readonly until: IsoDate | null
}
