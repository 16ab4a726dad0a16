// escalation-unresolved (review ids: WT 5, ALHC rec 6): professional
// disagreement raised 20 working days ago or more and not resolved.
// Readings §3, §1.4 and §7: an `escalation` with status raised, unresolved or
// none and no refers_to (an entry with refers_to belongs to the escalation it
// names) holds from the 20th working day after its date (the date itself not
// counted) unless a resolving entry is known: status resolved, dated on or
// after it, whose refers_to is its id; or, when the resolving entry has no
// refers_to, with the same `about` (when both give one), else the same
// raised_by. A resolution known later resolves the alert on its known date.
// Alerts the escalation's children (§9), the family when it is about no
// child (§16); each escalation is its own alert (keyed by its id).
import type { EventOf } from '../exchange/schema.ts'
import type { PlacedEvent } from './familyView.ts'
import { defineRule, FAMILY, type Finding } from './types.ts'

type Escalation = PlacedEvent<EventOf<'escalation'>>

/** An escalation in its own right, not yet resolved by its own status. */
function isOpenEscalation(e: Escalation): boolean {
  return e.event.refers_to === undefined && e.event.status !== 'resolved'
}

/** Readings §3: does `resolution` resolve `escalation`? */
function resolves(resolution: Escalation, escalation: Escalation): boolean {
  const r = resolution.event, x = escalation.event
  if (r.status !== 'resolved' || resolution.placed < escalation.placed) return false
  if (r.refers_to !== undefined) return r.refers_to === escalation.id
  if (r.about !== undefined && x.about !== undefined) return r.about === x.about
  return r.raised_by === x.raised_by
}

export const escalationUnresolvedRule = defineRule('escalation-unresolved', {
  evaluate(view, asOf, { workingDays }) {
    const escalations = view.ofType('escalation')
    const findings: Finding[] = []
    for (const escalation of escalations) {
      if (!isOpenEscalation(escalation)) continue
      const due = view.calendar.addWorkingDays(escalation.placed, workingDays)
      if (asOf < due || escalations.some((r) => resolves(r, escalation))) continue
      const { raised_by: raisedBy, about } = escalation.event
      const threshold = `escalation raised by ${raisedBy}${about !== undefined ? ` about ${about}` : ''} on ${escalation.placed}, still unresolved ${workingDays} working days after it, on ${due}; the threshold is ${workingDays} working days`
      const children = view.childrenOfEvent(escalation)
      for (const subject of children.length > 0 ? children : [FAMILY]) {
        findings.push({ subject, events: [escalation.id], threshold, key: escalation.id })
      }
    }
    return findings
  },
  changeDates(view, { workingDays }) {
    return view.ofType('escalation').filter(isOpenEscalation).map((e) => view.calendar.addWorkingDays(e.placed, workingDays))
  },
  reads: ['escalation'],
})
