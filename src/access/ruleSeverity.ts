// The order the caseload puts families in: by the most serious open alert,
// then the most recent. Most serious first: immediate risk of harm to a child
// (unexplained injury, escalating abuse, a child not seen) before gaps in
// assessment and planning, before patterns in how the work is done. A rule
// missing from the list sorts after all of these.
import { RULE_IDS } from '../rules/ruleCatalogue.ts'
import type { RuleId } from '../rules/ruleCatalogue.ts'

export const RULE_SEVERITY: readonly RuleId[] = [
  // Immediate danger to a child.
  'injury-explanation-accepted', 'domestic-abuse-escalation', 'toxic-trio', 'child-not-seen',
  'pre-birth-assessment', 'postnatal-mental-health', 'escalation-unresolved', 'missing-education',
  // Risk left unassessed or a plan let go.
  'closure-for-non-engagement', 'plan-ended-early', 'neglect-stasis', 'neglect-across-aspects',
  'child-not-heard', 'incidents-cluster', 'unassessed-carer', 'plo-drift', 'long-protection-plan',
  'was-not-brought', 'home-not-seen', 'quiet-sibling', 'repeat-referrals', 'step-down-after-non-engagement',
  // How the work is done.
  'decision-not-shared', 'core-group-without-social-worker', 'parenting-not-observed', 'housing-unfit',
  'young-carer', 'no-neglect-tool', 'worker-churn', 'frequent-moves',
]

const rank = new Map<string, number>(RULE_SEVERITY.map((r, i) => [r, i]))

/** 0 is the most serious; unknown rules come last. */
export function ruleSeverityRank(rule: string): number {
  return rank.get(rule) ?? RULE_IDS.length
}

/** Rule ids, most serious first, then by name. */
export function sortRulesBySeverity(rules: Iterable<string>): string[] {
  return [...rules].sort((a, b) => ruleSeverityRank(a) - ruleSeverityRank(b) || a.localeCompare(b))
}
