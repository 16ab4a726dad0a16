// repeat-referrals (review ids: WT 4): 3 or more referrals about a child
// within 12 months. Readings §3: referrals about the child (§9); span per §5.
import { firstCluster, groupBy, withinMonths } from './spans.ts'
import { defineRule, type Finding } from './types.ts'

export const repeatReferralsRule = defineRule('repeat-referrals', {
  reads: ['referral'],
  evaluate(view, _asOf, { count, withinMonths: months }) {
    const perChild = groupBy(view.ofType('referral'), (e) => view.childrenOfEvent(e))
    const findings: Finding[] = []
    for (const [child, referrals] of perChild) {
      const cluster = firstCluster(referrals, count, (a, b) => withinMonths(a, b, months))
      if (!cluster) continue
      const first = cluster[0]?.placed, last = cluster[cluster.length - 1]?.placed
      findings.push({
        subject: child,
        events: cluster.map((e) => e.id),
        threshold: `${count} referrals within ${months} months (${first} to ${last}); the threshold is ${count} within ${months} months`,
      })
    }
    return findings
  },
})
