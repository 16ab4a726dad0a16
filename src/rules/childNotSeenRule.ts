// child-not-seen (review ids: ALHC 5.18–5.20): a child on a child_protection
// plan has no visit listing them in child_seen for 20 working days.
// Readings §3 and §8: on D the child is on the plan and born, and 20 or more
// working days fall in (later of last sighting and date of birth, D]; a child
// with neither is caught on the plan's first day.
import type { IsoDate } from '../exchange/dates.ts'
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { defineRule, type Finding } from './types.ts'

/** The latest known visit that lists the child in child_seen. */
function lastSighting(view: FamilyView, child: string): PlacedEvent | undefined {
  const visits = view.ofType('visit')
  for (let i = visits.length - 1; i >= 0; i--) {
    const visit = visits[i]
    if (visit?.event.child_seen?.includes(child)) return visit
  }
  return undefined
}

/** When the clock started: the later of the last sighting and the date of birth. */
function clockStart(view: FamilyView, child: string): { from: IsoDate, seen: PlacedEvent | undefined } | undefined {
  const seen = lastSighting(view, child)
  const born = view.dateOfBirth(child)
  if (seen && (born === undefined || seen.placed >= born)) return { from: seen.placed, seen }
  return born === undefined ? undefined : { from: born, seen: undefined }
}

export const childNotSeenRule = defineRule('child-not-seen', {
  reads: ['plan', 'visit'],
  evaluate(view, asOf, { workingDays, planKinds }) {
    const findings: Finding[] = []
    for (const child of view.children) {
      const plan = view.planOn(child.ref, asOf, planKinds)
      if (!plan || !view.isBornBy(child.ref, asOf)) continue
      const clock = clockStart(view, child.ref)
      const elapsed = clock ? view.calendar.workingDaysBetween(clock.from, asOf) : undefined
      if (elapsed !== undefined && elapsed < workingDays) continue
      const since = !clock ? 'never seen on a visit'
        : clock.seen ? `${elapsed} working days since last seen on ${clock.from}`
          : `${elapsed} working days since birth on ${clock.from}, never seen on a visit`
      findings.push({
        subject: child.ref,
        events: clock?.seen ? [plan.startEvent.id, clock.seen.id] : [plan.startEvent.id],
        threshold: `${since}, on a child protection plan since ${plan.start}; the threshold is ${workingDays} working days`,
      })
    }
    return findings
  },
  changeDates(view, { workingDays, planKinds }) {
    const days: IsoDate[] = []
    for (const child of view.children) {
      if (!view.plans(child.ref).some((p) => planKinds.includes(p.kind))) continue
      const born = view.dateOfBirth(child.ref)
      if (born !== undefined) days.push(born)
      const clock = clockStart(view, child.ref)
      if (clock) days.push(view.calendar.addWorkingDays(clock.from, workingDays))
    }
    return days
  },
})
