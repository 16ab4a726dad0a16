// plo-drift (review ids: ALHC 5.56): a plo_pre_proceedings plan started more
// than 16 weeks ago with no end. Readings §3 and §8: on a pre-proceedings plan
// (§13, the current continuous one) from day 113 after its start ("more than
// 16 weeks"); only an end of that plan stops it, a care_proceedings start does
// not. Alerts each child on the plan.
import type { IsoDate } from '../exchange/dates.ts'
import { addDays } from './calendar.ts'
import { defineRule, type Finding } from './types.ts'

const KIND = ['plo_pre_proceedings'] as const

/** The first day a plan started on `start` has run more than `weeks` weeks. */
function driftsFrom(start: IsoDate, weeks: number): IsoDate {
  return addDays(start, weeks * 7 + 1)
}

export const ploDriftRule = defineRule('plo-drift', {
  evaluate(view, asOf, { weeks }) {
    const findings: Finding[] = []
    for (const child of view.children) {
      const plan = view.planOn(child.ref, asOf, KIND)
      if (!plan) continue
      const from = driftsFrom(plan.start, weeks)
      if (asOf < from) continue
      findings.push({
        subject: child.ref,
        events: [plan.startEvent.id],
        threshold: `pre-proceedings open since ${plan.start} with no end, more than ${weeks} weeks from ${from}; the threshold is more than ${weeks} weeks`,
      })
    }
    return findings
  },
  changeDates(view, { weeks }) {
    return view.children.flatMap((child) => view.plans(child.ref)
      .filter((p) => p.kind === 'plo_pre_proceedings')
      .map((p) => driftsFrom(p.start, weeks)))
  },
  reads: ['plan'],
})
