// decision-not-shared (review ids: WT 5): a multi-agency decision changed
// without telling partners. Readings §3 and §14: a `decision` with
// partners_informed absent or false; alerts the decision's children (§9), the
// family when it is about no child (§16). Each decision is its own alert
// (keyed by its id).
import { defineRule, FAMILY, type Finding } from './types.ts'

export const decisionNotSharedRule = defineRule('decision-not-shared', {
  evaluate(view) {
    const findings: Finding[] = []
    for (const decision of view.ofType('decision')) {
      const { partners_informed: informed, from, to } = decision.event
      if (informed === true) continue
      const change = from !== undefined || to !== undefined ? ` (${from ?? '?'} to ${to ?? '?'})` : ''
      const recorded = informed === false ? 'partners recorded as not informed' : 'no record that partners were informed'
      const threshold = `decision on ${decision.placed}${change}, ${recorded}; the threshold is any decision without a record that partners were informed`
      const children = view.childrenOfEvent(decision)
      for (const subject of children.length > 0 ? children : [FAMILY]) {
        findings.push({ subject, events: [decision.id], threshold, key: decision.id })
      }
    }
    return findings
  },
  reads: ['decision'],
})
