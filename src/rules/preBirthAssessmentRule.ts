// pre-birth-assessment (review ids: SCR6, ALHC 4.5): a pregnancy at 20 weeks
// or more, in a family with a child protection plan in the last 24 months or
// a parental substance misuse or domestic abuse factor, and no pre_birth
// assessment.
// Readings §3: from the later of the pregnancy event's date and the day it
// reaches 20 weeks (event date + (20 - weeks) weeks, or the expected date - 20
// weeks, whichever comes first) until the pregnancy ends (pregnancies.ts),
// when no pre_birth assessment is dated from the pregnancy's start to D, and
// either a child_protection plan of any child of the family was open in the 24
// months up to D (start <= D, and no end or D <= end + 24 months), or at any
// time up to D an adult_factor substance_misuse, domestic_abuse_victim or
// domestic_abuse_perpetrator was recorded (§11) for a parent or carer or the
// pregnant woman, or an observation listed parental_substance_misuse or
// domestic_abuse. Alcohol does not count. The alert is on the pregnancy's
// child, else its unborn person, else the child of a later birth to her, else
// the family.
import type { IsoDate } from '../exchange/dates.ts'
import { addDays, addMonths } from './calendar.ts'
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { pregnanciesOf, type Pregnancy } from './pregnancies.ts'
import { defineRule, FAMILY, type Finding } from './types.ts'

const FULL_TERM_WEEKS = 40
const FACTORS: ReadonlySet<string> = new Set(['substance_misuse', 'domestic_abuse_victim', 'domestic_abuse_perpetrator'])
const RISK_FACTORS: ReadonlySet<string> = new Set(['parental_substance_misuse', 'domestic_abuse'])

/** The first day the alert can hold: the later of the event's date and the day the pregnancy reaches `weeks`. */
function firstDay(p: Pregnancy, weeks: number): IsoDate {
  const ev = p.event.event
  const reached: IsoDate[] = []
  if (ev.weeks !== undefined) reached.push(addDays(p.event.placed, Math.round((weeks - ev.weeks) * 7)))
  if (p.expected !== undefined) reached.push(addDays(p.expected, -(FULL_TERM_WEEKS - weeks) * 7))
  // With neither, the pregnancy runs from the event's date (pregnancies.ts).
  if (reached.length === 0) reached.push(addDays(p.start, weeks * 7))
  const day = reached.sort()[0] ?? p.event.placed
  return day > p.event.placed ? day : p.event.placed
}

/** A parental factor known in the family (it needs no date check: known events are dated on or before D). */
function parentalFactor(view: FamilyView, woman: string | undefined): PlacedEvent | undefined {
  const adults = new Set(view.children.flatMap((c) => view.parentsAndCarers(c.ref)))
  if (woman !== undefined) adults.add(woman)
  return view.ofType('adult_factor').find((e) => FACTORS.has(e.event.factor) && view.involvedIn(e).some((ref) => adults.has(ref)))
    ?? view.ofType('observation').find((e) => (e.event.risk_factors ?? []).some((f) => RISK_FACTORS.has(f)))
}

/** A child_protection plan of any child open at some time in the `months` up to D. */
function recentProtectionPlan(view: FamilyView, asOf: IsoDate, months: number): PlacedEvent | undefined {
  for (const child of view.children) {
    const plan = view.plans(child.ref).find((p) => p.kind === 'child_protection' && p.start <= asOf && (p.end === undefined || asOf <= addMonths(p.end, months)))
    if (plan) return plan.startEvent
  }
  return undefined
}

export const preBirthAssessmentRule = defineRule('pre-birth-assessment', {
  reads: ['pregnancy', 'assessment', 'plan', 'adult_factor', 'observation'],
  evaluate(view, asOf, { weeks, protectionLookbackMonths }) {
    const found = new Map<string, Finding>()
    for (const p of pregnanciesOf(view)) {
      const from = firstDay(p, weeks)
      if (asOf < from || asOf > p.last) continue
      if (view.ofType('assessment').some((a) => a.event.kind === 'pre_birth' && a.placed >= p.start)) continue
      const plan = recentProtectionPlan(view, asOf, protectionLookbackMonths)
      const factor = plan ? undefined : parentalFactor(view, p.woman)
      const reason = plan ?? factor
      if (!reason) continue
      // On the unborn child; else the child of a later birth to her (pregnancies.ts); else the family.
      const subject = p.unborn ?? p.birth?.event.child ?? FAMILY
      if (found.has(subject)) continue
      const why = plan ? `a child protection plan in the last ${protectionLookbackMonths} months (${plan.id})` : `a parental substance misuse or domestic abuse factor (${reason.id})`
      found.set(subject, {
        subject,
        events: [p.event.id, reason.id],
        threshold: `pregnancy at ${weeks} weeks or more from ${from} with ${why} and no pre-birth assessment; ` +
          `the threshold is a pre-birth assessment by ${weeks} weeks`,
      })
    }
    return [...found.values()]
  },
  changeDates(view, { weeks, protectionLookbackMonths }) {
    const days = pregnanciesOf(view).flatMap((p) => [firstDay(p, weeks), addDays(p.last, 1)])
    for (const child of view.children) {
      for (const plan of view.plans(child.ref)) {
        if (plan.kind === 'child_protection' && plan.end !== undefined) days.push(addDays(addMonths(plan.end, protectionLookbackMonths), 1))
      }
    }
    return days
  },
})
