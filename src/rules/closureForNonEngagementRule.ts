// closure-for-non-engagement (review ids: SCR6): a case_closure for
// non-engagement or withdrawn consent with no recorded risk assessment.
// Readings §3 and §14: reason non_engagement or consent_withdrawn, and
// risk_assessed absent or false; alerts the closure's children (§9), the
// family when it is about no child (§16). Each closure is its own decision,
// so each is its own alert (keyed by the closure's id).
import { defineRule, FAMILY, type Finding } from './types.ts'

const REASONS: ReadonlySet<string> = new Set(['non_engagement', 'consent_withdrawn'])

export const closureForNonEngagementRule = defineRule('closure-for-non-engagement', {
  evaluate(view) {
    const findings: Finding[] = []
    for (const closure of view.ofType('case_closure')) {
      const { reason, risk_assessed: riskAssessed } = closure.event
      if (!REASONS.has(reason) || riskAssessed === true) continue
      const assessed = riskAssessed === false ? 'recorded as not risk-assessed' : 'no risk assessment recorded'
      const threshold = `case closed on ${closure.placed} for ${reason.replaceAll('_', ' ')}, ${assessed}; the threshold is any such closure without a recorded risk assessment`
      const children = view.childrenOfEvent(closure)
      for (const subject of children.length > 0 ? children : [FAMILY]) {
        findings.push({ subject, events: [closure.id], threshold, key: closure.id })
      }
    }
    return findings
  },
  reads: ['case_closure'],
})
