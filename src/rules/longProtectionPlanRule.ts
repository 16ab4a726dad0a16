// long-protection-plan (review ids: ALHC 5.117): a child_protection plan open
// 12 months or more. Readings §3 and §8: on the plan, from start + 12 months;
// the start is that of the current continuous plan (§13).
import { addMonths } from './calendar.ts'
import { defineRule, type Finding } from './types.ts'

const KIND = ['child_protection'] as const

export const longProtectionPlanRule = defineRule('long-protection-plan', {
  reads: ['plan'],
  evaluate(view, asOf, { months }) {
    const findings: Finding[] = []
    for (const child of view.children) {
      const plan = view.planOn(child.ref, asOf, KIND)
      if (!plan || asOf < addMonths(plan.start, months)) continue
      findings.push({
        subject: child.ref,
        events: [plan.startEvent.id],
        threshold: `child protection plan open since ${plan.start}; the threshold is ${months} months`,
      })
    }
    return findings
  },
  changeDates(view, { months }) {
    return view.children.flatMap((child) => view.plans(child.ref)
      .filter((p) => p.kind === 'child_protection')
      .map((p) => addMonths(p.start, months)))
  },
})
