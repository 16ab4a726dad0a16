// plan-ended-early (review ids: ALHC 4.5): a child protection plan ended
// within 3 months of starting while a parental substance, alcohol or domestic
// abuse factor was recorded in the 3 months before the end.
// Readings §3: a child_protection plan of the child (§13) whose end is no
// later than start + 3 months, and a factor dated T with T <= end <= T + 3
// months: an adult_factor substance_misuse, alcohol_misuse,
// domestic_abuse_victim or domestic_abuse_perpetrator recorded (§11) for a
// parent or carer of the child, or an observation (as in toxic-trio: about
// the child, a parent or carer, or a child sharing a parent or carer) with
// parental_substance_misuse, parental_alcohol_misuse or domestic_abuse. Holds
// once the end and the factor are known (§5). Alerts the child; each plan is
// its own alert (keyed by its end event's id).
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { addMonths } from './calendar.ts'
import { parentalCircle } from './parentalCircle.ts'
import { defineRule, type Finding } from './types.ts'

const ADULT_FACTORS: ReadonlySet<string> = new Set(['substance_misuse', 'alcohol_misuse', 'domestic_abuse_victim', 'domestic_abuse_perpetrator'])
const RISK_FACTORS: ReadonlySet<string> = new Set(['parental_substance_misuse', 'parental_alcohol_misuse', 'domestic_abuse'])

/** The known parental factors that count for the child, in placed order. */
function parentalFactors(view: FamilyView, child: string): PlacedEvent[] {
  const circle = parentalCircle(view, child)
  const adultFactors = view.ofType('adult_factor').filter((e) => ADULT_FACTORS.has(e.event.factor) && circle.involvesCarer(e))
  const observations = view.ofType('observation').filter((e) =>
    (e.event.risk_factors ?? []).some((f) => RISK_FACTORS.has(f)) && circle.observationCounts(e))
  return [...adultFactors, ...observations].sort((a, b) => a.seq - b.seq)
}

/** What a factor event records, in words. */
function factorWords(e: PlacedEvent): string {
  const ev = e.event
  if (ev.type === 'adult_factor') return ev.factor
  const risks = ev.type === 'observation' ? (ev.risk_factors ?? []).filter((f) => RISK_FACTORS.has(f)) : []
  return risks.join(', ')
}

export const planEndedEarlyRule = defineRule('plan-ended-early', {
  evaluate(view, _asOf, { endedWithinMonths, factorWithinMonths }) {
    const findings: Finding[] = []
    for (const child of view.children) {
      const ended = view.plans(child.ref).filter((p) =>
        p.kind === 'child_protection' && p.end !== undefined && p.endEvent && p.end <= addMonths(p.start, endedWithinMonths))
      if (ended.length === 0) continue
      const factors = parentalFactors(view, child.ref)
      for (const plan of ended) {
        const end = plan.end, endEvent = plan.endEvent
        if (end === undefined || !endEvent) continue
        const during = factors.filter((f) => f.placed <= end && end <= addMonths(f.placed, factorWithinMonths))
        if (during.length === 0) continue
        const recorded = during.map((f) => `${factorWords(f)} on ${f.placed}`).join('; ')
        findings.push({
          subject: child.ref,
          events: [plan.startEvent.id, endEvent.id, ...during.map((f) => f.id)],
          threshold: `child protection plan from ${plan.start} ended on ${end}, within ${endedWithinMonths} months of its start, with ${recorded} within ${factorWithinMonths} months before the end; ` +
            `the threshold is an end within ${endedWithinMonths} months of the start and a parental factor within ${factorWithinMonths} months before it`,
          key: endEvent.id,
        })
      }
    }
    return findings
  },
  reads: ['plan', 'adult_factor', 'observation'],
})
