// incidents-cluster (review ids: CD 7c): 2 or more separate incidents about
// children of the family within 30 days, with no strategy meeting within 5
// working days of the second.
// Readings §3: incidents are injury events naming a child and police
// incidents with a non-empty children_present (no observation counts); 2
// different incidents dated within 30 days (§5). Holds from the 5th working
// day after the later incident when no strategy meeting dated from the later
// incident's date to that day is known (§7). Family alert (§16), one per
// later incident (key), as each later incident has its own deadline.
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { withinDays } from './spans.ts'
import { defineRule, FAMILY, type Finding } from './types.ts'

/** Injuries naming a child and police incidents with children present, in placed order. */
function incidentsOf(view: FamilyView): PlacedEvent[] {
  return [
    ...view.ofType('injury').filter((e) => e.event.subjects.some(view.isChild)),
    ...view.ofType('police_incident').filter((e) => (e.event.children_present?.length ?? 0) > 0),
  ].sort((a, b) => a.seq - b.seq)
}

export const incidentsClusterRule = defineRule('incidents-cluster', {
  reads: ['injury', 'police_incident', 'meeting'],
  evaluate(view, asOf, { count, withinDays: days, strategyWithinWorkingDays }) {
    const incidents = incidentsOf(view)
    const strategies = view.ofType('meeting').filter((e) => e.event.kind === 'strategy')
    const findings: Finding[] = []
    for (let last = count - 1; last < incidents.length; last++) {
      // The tightest cluster ending at this incident: the count - 1 incidents just before it.
      const cluster = incidents.slice(last - count + 1, last + 1)
      const first = cluster[0], later = cluster[cluster.length - 1]
      if (!first || !later || !withinDays(first.placed, later.placed, days)) continue
      const deadline = view.calendar.addWorkingDays(later.placed, strategyWithinWorkingDays)
      if (asOf < deadline || strategies.some((m) => later.placed <= m.placed && m.placed <= deadline)) continue
      findings.push({
        subject: FAMILY,
        key: later.id,
        events: cluster.map((e) => e.id),
        threshold: `${count} incidents within ${days} days (${first.placed} to ${later.placed}) and no strategy meeting by ${deadline}; ` +
          `the threshold is ${count} within ${days} days with no strategy meeting within ${strategyWithinWorkingDays} working days`,
      })
    }
    return findings
  },
  changeDates(view, { strategyWithinWorkingDays }) {
    return incidentsOf(view).map((e) => view.calendar.addWorkingDays(e.placed, strategyWithinWorkingDays))
  },
})
