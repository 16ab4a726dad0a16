// young-carer (review ids: ALHC 5.5, 5.28): an observation, or a child_voice,
// with the risk factor young_carer. Readings §3: alerts the event's children
// (§9); an event about no child alerts the family (§16). Holds once known.
import { groupBy } from './spans.ts'
import { defineRule, FAMILY, type Finding } from './types.ts'

export const youngCarerRule = defineRule('young-carer', {
  reads: ['observation', 'child_voice'],
  evaluate(view) {
    const flagged = [...view.ofType('observation'), ...view.ofType('child_voice')]
      .filter((e) => e.event.risk_factors?.includes('young_carer'))
      .sort((a, b) => a.seq - b.seq)
    const perSubject = groupBy(flagged, (e) => {
      const children = view.childrenOfEvent(e)
      return children.length > 0 ? children : [FAMILY]
    })
    const findings: Finding[] = []
    for (const [subject, events] of perSubject) {
      findings.push({
        subject,
        events: events.map((e) => e.id),
        threshold: `young_carer risk factor recorded ${events.length === 1 ? 'once' : `${events.length} times`} (first on ${events[0]?.placed}); the threshold is 1`,
      })
    }
    return findings
  },
})
