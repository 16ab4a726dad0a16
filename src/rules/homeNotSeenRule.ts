// home-not-seen (review ids: Q 4, WT 3): 2 or more home visits in 6 months
// that did not see where the children sleep or eat, or 2 home visits in 6
// months with access refused, partial or no answer. Alert on the family.
// Readings §3: home visits are visits of kind home or with no kind. The areas
// clause counts visits whose areas_seen is recorded (an empty list counts) and
// includes neither sleeping_arrangements nor child_bedroom, or omits kitchen;
// the access clause counts refused, partial and no_answer. The clauses are
// separate (one visit of each is not a pair); each is its own alert (key).
// Spans per §5: once known, they hold for the rest of the replay.
import type { EventOf } from '../exchange/schema.ts'
import { firstCluster, withinMonths } from './spans.ts'
import { defineRule, FAMILY, type Finding } from './types.ts'

type Visit = EventOf<'visit'>

const NO_ACCESS: ReadonlySet<string> = new Set(['refused', 'partial', 'no_answer'])

/** A visit of kind home, or with no kind recorded. */
export function isHomeVisit(visit: Visit): boolean {
  return visit.kind === undefined || visit.kind === 'home'
}

function missedSleepingOrEating(visit: Visit): boolean {
  const areas = visit.areas_seen
  if (areas === undefined) return false
  const sawSleeping = areas.includes('sleeping_arrangements') || areas.includes('child_bedroom')
  return !sawSleeping || !areas.includes('kitchen')
}

const CLAUSES = [
  { key: 'areas', holds: missedSleepingOrEating, words: 'home visits that did not see the kitchen or where the children sleep' },
  { key: 'access', holds: (v: Visit) => NO_ACCESS.has(v.access), words: 'home visits refused, unanswered or with partial access' },
] as const

export const homeNotSeenRule = defineRule('home-not-seen', {
  reads: ['visit'],
  evaluate(view, _asOf, { count, withinMonths: months }) {
    const homeVisits = view.ofType('visit').filter((e) => isHomeVisit(e.event))
    const findings: Finding[] = []
    for (const clause of CLAUSES) {
      const cluster = firstCluster(homeVisits.filter((e) => clause.holds(e.event)), count, (a, b) => withinMonths(a, b, months))
      if (!cluster) continue
      const first = cluster[0]?.placed, last = cluster[cluster.length - 1]?.placed
      findings.push({
        subject: FAMILY,
        key: clause.key,
        events: cluster.map((e) => e.id),
        threshold: `${count} ${clause.words} within ${months} months (${first} to ${last}); the threshold is ${count} within ${months} months`,
      })
    }
    return findings
  },
})
