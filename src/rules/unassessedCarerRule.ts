// unassessed-carer (review ids: ALHC 5.64–5.72): a child placed with a carer
// who is not assessed. Readings §3 and §14: a `placement` with change start or
// none (an end is not a placement) and carer_assessed absent or false, about
// the child (§9). It holds from the placement's known date while no
// `assessment` of kind viability or connected_carer is known whose `carer` is
// the placement's carer and whose date is from the 10th working day before
// the placement's date to the 10th working day after it. A placement with no
// carer is never cleared. Alerts the placement's children, the family when it
// is about no child (§16); each placement is its own alert (keyed by its id).
import type { EventOf } from '../exchange/schema.ts'
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { defineRule, FAMILY, type Finding } from './types.ts'

const CARER_ASSESSMENTS: ReadonlySet<string> = new Set(['viability', 'connected_carer'])

/** The known assessment of the placement's carer dated within the working days either side of it, if any. */
function carerAssessment(view: FamilyView, placement: PlacedEvent<EventOf<'placement'>>, workingDays: number): PlacedEvent | undefined {
  const carer = placement.event.carer
  if (carer === undefined) return undefined
  const from = view.calendar.addWorkingDays(placement.placed, -workingDays)
  const to = view.calendar.addWorkingDays(placement.placed, workingDays)
  return view.ofType('assessment').find((a) =>
    CARER_ASSESSMENTS.has(a.event.kind) && a.event.carer === carer && from <= a.placed && a.placed <= to)
}

export const unassessedCarerRule = defineRule('unassessed-carer', {
  evaluate(view, _asOf, { workingDays }) {
    const findings: Finding[] = []
    for (const placement of view.ofType('placement')) {
      const { change, carer, carer_assessed: assessed } = placement.event
      if (change === 'end' || assessed === true || carerAssessment(view, placement, workingDays)) continue
      const recorded = assessed === false ? 'recorded as not assessed' : 'no assessment recorded'
      const threshold = `placed with ${carer ?? 'a carer not named'} on ${placement.placed}, ${recorded}, and no viability or connected carer assessment within ${workingDays} working days of it; the threshold is an assessment within ${workingDays} working days`
      const children = view.childrenOfEvent(placement)
      for (const subject of children.length > 0 ? children : [FAMILY]) {
        findings.push({ subject, events: [placement.id], threshold, key: placement.id })
      }
    }
    return findings
  },
  reads: ['placement', 'assessment'],
})
