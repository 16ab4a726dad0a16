// Runs the rules: as of one date (the live system, as of today), or as a
// replay of a family's history that reports when each alert first fired and
// when it stopped holding (readings §1.3). Replay never steps day by day: the
// outcome of a rule can only change on a day something becomes known, or on
// one of the rule's declared change dates, so only those days are evaluated.
import type { IsoDate } from '../exchange/dates.ts'
import type { EventType, FamilyDocument } from '../exchange/schema.ts'
import { addDays, DEFAULT_CALENDAR, type Calendar } from './calendar.ts'
import { indexFamily, viewAsOf, type FamilyIndex, type FamilyView } from './familyView.ts'
import { allRules } from './registry.ts'
import { defaultThresholds, type Thresholds } from './thresholds.ts'
import type { Alert, AlertEpisode, Finding, Rule } from './types.ts'

export interface EngineOptions {
  /** The rules to run; all registered rules by default. */
  rules?: readonly Rule[]
  thresholds?: Thresholds
  /** Working-day calendar; England and Wales by default. Ignored when a FamilyIndex is passed. */
  calendar?: Calendar
}

export interface ReplayOptions extends EngineOptions {
  /** Replay up to this day instead of the end of the record. */
  until?: IsoDate
}

export interface ReplayResult {
  family: string
  /** The first day evaluated (the earliest placed date); undefined for a family with no events. */
  from: IsoDate | undefined
  /** The last day evaluated. */
  to: IsoDate | undefined
  /** Every alert episode, by first_fired. */
  alerts: AlertEpisode[]
}

type FamilyInput = FamilyDocument | FamilyIndex

function toIndex(input: FamilyInput, calendar: Calendar | undefined): FamilyIndex {
  return 'format' in input ? indexFamily(input, calendar ?? DEFAULT_CALENDAR) : input
}

/** The alerts holding on asOf, from the events known by then. */
export function evaluateAsOf(family: FamilyInput, asOf: IsoDate, options: EngineOptions = {}): Alert[] {
  const view = viewAsOf(toIndex(family, options.calendar), asOf)
  const thresholds = options.thresholds ?? defaultThresholds
  return (options.rules ?? allRules).flatMap((rule) => runRule(rule, view, asOf, thresholds).map((f) => toAlert(rule, f)))
}

/** Every alert episode from the earliest placed date to the end of the record (or `until`). */
export function replay(family: FamilyInput, options: ReplayOptions = {}): ReplayResult {
  const index = toIndex(family, options.calendar)
  const from = index.firstPlaced
  const to = options.until ?? index.endOfRecord
  if (from === undefined || to === undefined || to < from) return { family: index.familyRef, from, to, alerts: [] }
  const rules = options.rules ?? allRules
  const thresholds = options.thresholds ?? defaultThresholds

  // A stage is a stretch of days over which what is known does not change.
  const stages = [from, ...index.knownDates.filter((d) => d > from && d <= to)]
  const states = rules.map((rule) => ({
    rule,
    tracker: createEpisodeTracker(rule),
    reads: rule.reads ? [...rule.reads, 'birth' as const] : undefined,
    readsKnown: -1,
    changeDays: [] as IsoDate[],
  }))
  for (let i = 0; i < stages.length; i++) {
    const start = stages[i] ?? from
    const next = stages[i + 1] ?? addDays(to, 1)
    const view = viewAsOf(index, start)
    for (const state of states) {
      const { rule, tracker } = state
      // Events of each type only become known as stages go on, so the total of
      // their counts is unchanged exactly when every count is.
      const readsKnown = state.reads === undefined ? undefined : knownOfTypes(index, state.reads, start)
      let first: number
      if (readsKnown !== undefined && readsKnown === state.readsKnown) {
        // Nothing the rule reads became known: its outcome can change only on a change date.
        first = firstAfter(state.changeDays, start, true)
      } else {
        state.readsKnown = readsKnown ?? -1
        const dates = rule.changeDates ? rule.changeDates(view, thresholds[rule.id]) : []
        // A rule without `reads` is asked again next stage: keep only this stage's dates (sorting them all, every stage, was quadratic).
        state.changeDays = [...new Set(readsKnown === undefined ? [...dates].filter((d) => d > start && d < next) : dates)].sort()
        tracker.observe(start, runRule(rule, view, start, thresholds))
        first = firstAfter(state.changeDays, start, false)
      }
      // The change dates are sorted: this stage's are a run from `first` (a binary search, not a filter of them all).
      for (let k = first; k < state.changeDays.length; k++) {
        const day = state.changeDays[k]
        if (day === undefined || day >= next) break
        tracker.observe(day, runRule(rule, view, day, thresholds))
      }
    }
  }
  return { family: index.familyRef, from, to, alerts: sortEpisodes(states.flatMap((s) => s.tracker.finish())) }
}

/** How many events of these types are known by date, in all. */
function knownOfTypes(index: FamilyIndex, types: readonly EventType[], date: IsoDate): number {
  let n = 0
  for (const t of types) n += index.countKnown(t, date)
  return n
}

/** The index of the first of the sorted days after `day` (or on it, when `inclusive`). */
function firstAfter(days: readonly IsoDate[], day: IsoDate, inclusive: boolean): number {
  let lo = 0
  let hi = days.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const d = days[mid] ?? ''
    if (d < day || (!inclusive && d === day)) lo = mid + 1
    else hi = mid
  }
  return lo
}

function runRule(rule: Rule, view: FamilyView, asOf: IsoDate, thresholds: Thresholds): Finding[] {
  return rule.evaluate(view, asOf, thresholds[rule.id])
}

function toAlert(rule: Rule, finding: Finding): Alert {
  return { rule: rule.id, title: rule.title, advice: rule.advice, source: rule.source, ...finding }
}

export function alertKey(f: Pick<Finding, 'subject' | 'key'>): string {
  return f.key === undefined ? f.subject : `${f.subject}\u0000${f.key}`
}

export interface EpisodeTracker {
  /** The findings holding on day; days must be observed in ascending order. */
  observe(day: IsoDate, findings: readonly Finding[]): void
  /** Every episode, those still holding with until null. */
  finish(): AlertEpisode[]
}

/**
 * Turns the findings of successive evaluation days into episodes: an episode
 * starts on the first day a (subject, key) holds and ends on the first later
 * evaluated day it does not. Its events and threshold are those of its first day.
 */
export function createEpisodeTracker(rule: Rule): EpisodeTracker {
  const open = new Map<string, AlertEpisode>()
  const closed: AlertEpisode[] = []
  return {
    observe(day, findings) {
      const holding = new Set<string>()
      for (const f of findings) {
        const key = alertKey(f)
        holding.add(key)
        if (!open.has(key)) open.set(key, { ...toAlert(rule, f), first_fired: day, until: null })
      }
      for (const [key, episode] of open) {
        if (holding.has(key)) continue
        open.delete(key)
        closed.push({ ...episode, until: day })
      }
    },
    finish: () => [...closed, ...open.values()],
  }
}

export function sortEpisodes(episodes: AlertEpisode[]): AlertEpisode[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return episodes.sort((a, b) => cmp(a.first_fired, b.first_fired) || cmp(a.rule, b.rule) || cmp(a.subject, b.subject) || cmp(a.key ?? '', b.key ?? ''))
}
