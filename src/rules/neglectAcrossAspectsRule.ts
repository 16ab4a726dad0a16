// neglect-across-aspects (review ids: ALHC (ii), Q 1): indicators in 3 or
// more of the 6 aspects of neglect for one child within 90 days.
// Readings §3: observation.indicators on observations about the child (§9);
// the child's own was_not_brought or did_not_attend appointments (medical);
// home_conditions poor or unfit on a visit or address_change about the child
// (physical); an attendance naming the child with attendance_pct <= 90
// (educational), dated by its date, not its period_end. The indicators'
// dates lie within 90 days of each other (§5): once known, it holds.
import type { IsoDate } from '../exchange/dates.ts'
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { withinDays } from './spans.ts'
import { defineRule, type Finding } from './types.ts'

interface Indicator {
  readonly aspect: string
  readonly placed: IsoDate
  readonly event: PlacedEvent
}

const MISSED: ReadonlySet<string> = new Set(['was_not_brought', 'did_not_attend'])
const POOR_HOME: ReadonlySet<string> = new Set(['poor', 'unfit'])

/** Every indicator of a neglect aspect, per child, in placed order. */
function indicatorsByChild(view: FamilyView, attendancePctAtMost: number): Map<string, Indicator[]> {
  const byChild = new Map<string, Indicator[]>()
  const add = (children: readonly string[], aspect: string, event: PlacedEvent) => {
    for (const child of children) {
      const list = byChild.get(child)
      const indicator = { aspect, placed: event.placed, event }
      if (list) list.push(indicator)
      else byChild.set(child, [indicator])
    }
  }
  const named = (e: PlacedEvent) => e.event.subjects.filter(view.isChild)
  for (const e of view.events) {
    const ev = e.event
    if (ev.type === 'observation') {
      for (const aspect of new Set(ev.indicators ?? [])) add(view.childrenOfEvent(e), aspect, e)
    } else if (ev.type === 'appointment' && MISSED.has(ev.status)) {
      add(named(e), 'medical', e)
    } else if ((ev.type === 'visit' || ev.type === 'address_change') && ev.home_conditions !== undefined && POOR_HOME.has(ev.home_conditions)) {
      add(view.childrenOfEvent(e), 'physical', e)
    } else if (ev.type === 'attendance' && ev.attendance_pct <= attendancePctAtMost) {
      add(named(e), 'educational', e)
    }
  }
  return byChild
}

/**
 * The first (by latest date) set of `aspects` different aspects within `days`
 * of each other: for each aspect, its latest indicator in the span.
 */
function firstSpread(indicators: readonly Indicator[], aspects: number, days: number): Indicator[] | undefined {
  for (let last = 0; last < indicators.length; last++) {
    const end = indicators[last]
    if (!end) continue
    const latestPerAspect = new Map<string, Indicator>()
    for (let i = 0; i <= last; i++) {
      const indicator = indicators[i]
      if (indicator && withinDays(indicator.placed, end.placed, days)) latestPerAspect.set(indicator.aspect, indicator)
    }
    if (latestPerAspect.size >= aspects) return [...latestPerAspect.values()].sort((a, b) => a.event.seq - b.event.seq)
  }
  return undefined
}

export const neglectAcrossAspectsRule = defineRule('neglect-across-aspects', {
  evaluate(view, _asOf, { aspects, withinDays: days, attendancePctAtMost }) {
    const findings: Finding[] = []
    for (const [child, indicators] of indicatorsByChild(view, attendancePctAtMost)) {
      const spread = firstSpread(indicators, aspects, days)
      if (!spread) continue
      const names = [...new Set(spread.map((i) => i.aspect))]
      const first = spread[0]?.placed, last = spread[spread.length - 1]?.placed
      findings.push({
        subject: child,
        events: [...new Set(spread.map((i) => i.event.id))],
        threshold: `${names.length} aspects of neglect (${names.join(', ')}) within ${days} days (${first} to ${last}); the threshold is ${aspects} aspects within ${days} days`,
      })
    }
    return findings
  },
  reads: ['observation', 'appointment', 'visit', 'address_change', 'attendance'],
})
