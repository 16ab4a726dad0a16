// parenting-not-observed (review ids: CD 7a): 3 home visits in a row, while a
// child is on a plan, recorded with parenting_observed: false.
// Readings §3: the family's home visits (kind home or none) that record
// parenting_observed, in placed order; a visit that does not record it is
// skipped (it neither breaks nor extends a row). Three consecutive ones with
// false, with the child on a plan of any kind on each of the three visit
// dates. Alerts each such child (§16). Once known, the row holds for the rest
// of the replay: a later visit does not undo it.
import { isHomeVisit } from './homeNotSeenRule.ts'
import { defineRule, type Finding } from './types.ts'

export const parentingNotObservedRule = defineRule('parenting-not-observed', {
  reads: ['visit', 'plan'],
  evaluate(view, _asOf, { consecutive }) {
    const recorded = view.ofType('visit').filter((e) => isHomeVisit(e.event) && e.event.parenting_observed !== undefined)
    const findings: Finding[] = []
    for (const child of view.children) {
      for (let last = consecutive - 1; last < recorded.length; last++) {
        const row = recorded.slice(last - consecutive + 1, last + 1)
        if (!row.every((e) => e.event.parenting_observed === false && view.isOnPlan(child.ref, undefined, e.placed))) continue
        findings.push({
          subject: child.ref,
          events: row.map((e) => e.id),
          threshold: `${consecutive} home visits in a row without parenting observed (${row[0]?.placed} to ${row[row.length - 1]?.placed}), on a plan at each; the threshold is ${consecutive} in a row`,
        })
        break
      }
    }
    return findings
  },
})
