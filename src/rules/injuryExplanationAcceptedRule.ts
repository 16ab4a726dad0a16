// injury-explanation-accepted (review ids: CD): an injury to a child on a
// plan, or to a child under 2, with explanation_accepted true and
// reported_to_csc not true.
// Readings §3: an injury naming the child, explanation_accepted true and
// reported_to_csc absent or false (§14), when on its date the child was under
// 2 (§12: no date of birth, not under 2) or on a plan of any kind (§13). It
// depends only on what is known, so it needs no change dates. One alert per
// injury (key): each accepted, unreported injury is its own gap.
import { defineRule, type Finding } from './types.ts'

export const injuryExplanationAcceptedRule = defineRule('injury-explanation-accepted', {
  reads: ['injury', 'plan'],
  evaluate(view, _asOf, { underAgeYears }) {
    const findings: Finding[] = []
    for (const injury of view.ofType('injury')) {
      const ev = injury.event
      if (ev.explanation_accepted !== true || ev.reported_to_csc === true) continue
      for (const child of ev.subjects.filter(view.isChild)) {
        const young = view.isUnder(child, underAgeYears, injury.placed)
        const plan = view.planOn(child, injury.placed)
        if (!young && !plan) continue
        const because = [young ? `the child was under ${underAgeYears}` : undefined, plan ? `on a ${plan.kind.replaceAll('_', ' ')} plan` : undefined]
          .filter((w) => w !== undefined).join(' and ')
        findings.push({
          subject: child,
          key: injury.id,
          events: plan ? [injury.id, plan.startEvent.id] : [injury.id],
          threshold: `injury on ${injury.placed}, ${because}, explanation accepted and not reported to children's social care; ` +
            `the threshold is any such injury to a child under ${underAgeYears} or on a plan`,
        })
      }
    }
    return findings
  },
})
