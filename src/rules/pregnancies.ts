// When a recorded pregnancy runs, whose it is and which child it is, as the
// readings (§3, domestic-abuse-escalation and pre-birth-assessment) read it.
// Shared by those two rules only.
import { periodEnd, periodStart, type IsoDate } from '../exchange/dates.ts'
import type { EventOf } from '../exchange/schema.ts'
import { addDays } from './calendar.ts'
import type { FamilyView, PlacedEvent } from './familyView.ts'

/** Full term, in days: an expected date is 40 weeks after the pregnancy's start. */
const TERM_DAYS = 280

export interface Pregnancy {
  readonly event: PlacedEvent<EventOf<'pregnancy'>>
  /** The pregnancy's adult subject. */
  readonly woman: string | undefined
  /** The unborn child's person record: the pregnancy's `child`, else a matching unborn person. */
  readonly unborn: string | undefined
  /** The expected date: the event's, else the unborn person's. */
  readonly expected: IsoDate | undefined
  /** The first day it runs: the event's date minus `weeks`, else the expected date minus 280 days, else the event's date. */
  readonly start: IsoDate
  /** The last day it runs (inclusive). */
  readonly last: IsoDate
  /** The known birth that ended it, if any. */
  readonly birth: PlacedEvent<EventOf<'birth'>> | undefined
}

/** Days pregnant on the event's date, when `weeks` is recorded. */
function daysPregnant(p: EventOf<'pregnancy'>): number | undefined {
  return p.weeks === undefined ? undefined : Math.round(p.weeks * 7)
}

/** Every known pregnancy of the family, with the known births ending them. */
export function pregnanciesOf(view: FamilyView): Pregnancy[] {
  return view.ofType('pregnancy').map((e) => {
    const ev = e.event
    const woman = ev.subjects.find((ref) => view.person(ref)?.role === 'adult')
    const unborn = unbornPersonOf(view, ev, woman)
    const personExpected = unborn === undefined ? undefined : view.person(unborn)?.expected
    const expected = ev.expected ?? (personExpected === undefined ? undefined : periodStart(personExpected))
    const days = daysPregnant(ev)
    const start = days !== undefined ? addDays(e.placed, -days) : expected !== undefined ? addDays(expected, -TERM_DAYS) : e.placed
    const birth = view.ofType('birth').find((b) => b.placed >= e.placed && (
      (woman !== undefined && (b.event.subjects.includes(woman) || view.index.relativesOf(b.event.child, ['mother']).includes(woman)))
      || (ev.child !== undefined && b.event.child === ev.child)))
    const last = birth ? addDays(birth.placed, -1)
      : expected ?? addDays(e.placed, days !== undefined ? TERM_DAYS - days : TERM_DAYS)
    return { event: e, woman, unborn, expected, start, last, birth }
  })
}

/**
 * The pregnancy's `child` when it is a person of the family; else an unborn
 * person whose mother is the pregnant woman (or the only unborn person, when
 * it has no mother recorded) and whose expected date, when both give one, is
 * the pregnancy's.
 */
function unbornPersonOf(view: FamilyView, p: EventOf<'pregnancy'>, woman: string | undefined): string | undefined {
  if (p.child !== undefined && view.person(p.child) !== undefined) return p.child
  const unborn = view.children.filter((c) => c.role === 'unborn')
  const match = unborn.find((c) => {
    const mothers = view.index.relativesOf(c.ref, ['mother'])
    const hers = mothers.length === 0 ? unborn.length === 1 : woman !== undefined && mothers.includes(woman)
    const sameDate = c.expected === undefined || p.expected === undefined
      || (periodStart(c.expected) <= p.expected && p.expected <= periodEnd(c.expected))
    return hers && sameDate
  })
  return match?.ref
}

/** The pregnancy is running on date. */
export function runsOn(p: Pregnancy, date: IsoDate): boolean {
  return p.start <= date && date <= p.last
}
