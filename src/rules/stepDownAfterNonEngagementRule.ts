// step-down-after-non-engagement (review ids: WT 4): a referral stepped down
// to early help or no further action while the family has a history of
// non-engagement in the prior 12 months.
// Readings §3: referral_outcome early_help or no_further_action
// (passed_to_allocated_worker does not count); dated from 12 months before
// the referral up to its own date (§5, both ends count), an observation with
// risk factor non_engagement about anyone in the family, or a case_closure
// for non_engagement recorded by early help or while an early_help plan of
// one of its children was open (start <= closure date <= end). Alerts the
// referral's children (§9). Each stepped-down referral is its own decision,
// so each is its own alert (keyed by the referral's id).
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { withinMonths } from './spans.ts'
import { defineRule, FAMILY, type Finding } from './types.ts'

const STEPPED_DOWN: ReadonlySet<string> = new Set(['early_help', 'no_further_action'])

/** A case_closure for non-engagement by early help, or during an early help plan of one of its children. */
function isEarlyHelpNonEngagementClosure(view: FamilyView, closure: PlacedEvent): boolean {
  const e = closure.event
  if (e.type !== 'case_closure' || e.reason !== 'non_engagement') return false
  if (e.agency === 'early_help') return true
  return view.childrenOfEvent(closure).some((child) => view.plans(child).some((p) =>
    p.kind === 'early_help' && p.start <= closure.placed && (p.end === undefined || closure.placed <= p.end)))
}

/** Events showing non-engagement: observations with the risk factor, early help closures for it. */
function nonEngagementHistory(view: FamilyView): PlacedEvent[] {
  const observations = view.ofType('observation').filter((o) => o.event.risk_factors?.includes('non_engagement'))
  const closures = view.ofType('case_closure').filter((c) => isEarlyHelpNonEngagementClosure(view, c))
  return [...observations, ...closures].sort((a, b) => a.seq - b.seq)
}

export const stepDownAfterNonEngagementRule = defineRule('step-down-after-non-engagement', {
  evaluate(view, _asOf, { lookbackMonths }) {
    const history = nonEngagementHistory(view)
    if (history.length === 0) return []
    const findings: Finding[] = []
    for (const referral of view.ofType('referral')) {
      const outcome = referral.event.referral_outcome
      if (outcome === undefined || !STEPPED_DOWN.has(outcome)) continue
      const prior = history.filter((h) => h.placed <= referral.placed && withinMonths(h.placed, referral.placed, lookbackMonths))
      if (prior.length === 0) continue
      const threshold = `referral on ${referral.placed} stepped down to ${outcome.replaceAll('_', ' ')} with ${prior.length} record${prior.length === 1 ? '' : 's'} of non-engagement in the ${lookbackMonths} months before it; the threshold is 1 within ${lookbackMonths} months`
      const children = view.childrenOfEvent(referral)
      for (const subject of children.length > 0 ? children : [FAMILY]) {
        findings.push({ subject, events: [referral.id, ...prior.map((h) => h.id)], threshold, key: referral.id })
      }
    }
    return findings
  },
  reads: ['referral', 'observation', 'case_closure', 'plan'],
})
