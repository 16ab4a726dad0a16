// child-not-heard (review ids: ALHC 5.3–5.10): a child aged 4 or more on a
// child_in_need or child_protection plan has no child_voice event for 90 days.
// Readings §3 and §8: on D the child is aged 4 or more and on such a plan, and
// has no child_voice naming them, or the latest one (any method, any
// words_form) is 90 or more days before D. A child never heard is caught on
// the first day both conditions hold.
import type { IsoDate } from '../exchange/dates.ts'
import { addDays, diffDays } from './calendar.ts'
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { defineRule, type Finding } from './types.ts'

/** The latest known child_voice naming the child (placed order). */
function lastHeard(view: FamilyView, child: string): PlacedEvent | undefined {
  const voices = view.ofType('child_voice')
  for (let i = voices.length - 1; i >= 0; i--) {
    const voice = voices[i]
    if (voice?.event.subjects.includes(child)) return voice
  }
  return undefined
}

export const childNotHeardRule = defineRule('child-not-heard', {
  reads: ['plan', 'child_voice'],
  evaluate(view, asOf, { minAgeYears, days, planKinds }) {
    const findings: Finding[] = []
    for (const child of view.children) {
      if (!view.isAgedAtLeast(child.ref, minAgeYears, asOf)) continue
      const plan = view.planOn(child.ref, asOf, planKinds)
      if (!plan) continue
      const heard = lastHeard(view, child.ref)
      const elapsed = heard ? diffDays(heard.placed, asOf) : undefined
      if (elapsed !== undefined && elapsed < days) continue
      const since = heard ? `${elapsed} days since last heard on ${heard.placed}` : 'never heard'
      findings.push({
        subject: child.ref,
        events: heard ? [plan.startEvent.id, heard.id] : [plan.startEvent.id],
        threshold: `${since}, aged ${minAgeYears} or more, on a ${plan.kind.replaceAll('_', ' ')} plan since ${plan.start}; the threshold is ${days} days`,
      })
    }
    return findings
  },
  changeDates(view, { minAgeYears, days, planKinds }) {
    const dates: IsoDate[] = []
    for (const child of view.children) {
      if (!view.plans(child.ref).some((p) => planKinds.includes(p.kind))) continue
      const aged = view.dateAged(child.ref, minAgeYears)
      if (aged !== undefined) dates.push(aged)
      const heard = lastHeard(view, child.ref)
      if (heard) dates.push(addDays(heard.placed, days))
    }
    return dates
  },
})
