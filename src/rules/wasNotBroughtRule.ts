// was-not-brought (review ids: WT 1, SCR6): 2 or more of a child's health
// appointments were_not_brought (or did_not_attend) within 6 months.
// Readings §3: appointments of any service that name the child; span per §5.
import { withinMonths, firstCluster, groupBy } from './spans.ts'
import { defineRule, type Finding } from './types.ts'

const MISSED: ReadonlySet<string> = new Set(['was_not_brought', 'did_not_attend'])

export const wasNotBroughtRule = defineRule('was-not-brought', {
  reads: ['appointment'],
  evaluate(view, _asOf, { count, withinMonths: months }) {
    const missed = view.ofType('appointment').filter((e) => MISSED.has(e.event.status))
    const perChild = groupBy(missed, (e) => e.event.subjects.filter(view.isChild))
    const findings: Finding[] = []
    for (const [child, appointments] of perChild) {
      const cluster = firstCluster(appointments, count, (a, b) => withinMonths(a, b, months))
      if (!cluster) continue
      findings.push({
        subject: child,
        events: cluster.map((e) => e.id),
        threshold: `${count} health appointments missed within ${months} months; the threshold is ${count} within ${months} months`,
      })
    }
    return findings
  },
})
