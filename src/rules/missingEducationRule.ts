// missing-education (review ids: SCR6): a child out of school (elective home
// education, missing education, left school) while the family is known to
// children's social care or early help.
// Readings §3 and §6: the child's latest education event (by placed date)
// has one of those statuses, and on D a plan of any kind is open for any
// child of the family, or an event recorded by childrens_social_care or
// early_help about anyone in the family is dated T with T <= D <= T + 24 months.
import type { IsoDate } from '../exchange/dates.ts'
import type { EventOf } from '../exchange/schema.ts'
import { addDays } from './calendar.ts'
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { defineRule, type Finding } from './types.ts'

const OUT_OF_SCHOOL: ReadonlySet<string> = new Set(['elective_home_education', 'child_missing_education', 'left_school'])

/** Why the family counts as known on asOf: an open plan's start, else the latest agency event in the window. */
function knownToServices(view: FamilyView, asOf: IsoDate, agencies: readonly string[], months: number): PlacedEvent | undefined {
  for (const child of view.children) {
    const plan = view.planOn(child.ref, asOf)
    if (plan) return plan.startEvent
  }
  return view.events.findLast((e) => agencies.includes(e.event.agency) && e.placed <= asOf && asOf <= view.index.windowEnd(e, months))
}

/** Each child whose latest education event says they are out of school, with that event. */
function childrenOutOfSchool(view: FamilyView): [string, PlacedEvent<EventOf<'education'>>][] {
  return view.shared('missing-education:out-of-school', ['education'], () => {
    const latest = new Map<string, PlacedEvent<EventOf<'education'>>>()
    for (const e of view.ofType('education')) {
      for (const child of e.event.subjects.filter(view.isChild)) latest.set(child, e)
    }
    return [...latest].filter(([, e]) => OUT_OF_SCHOOL.has(e.event.status))
  })
}

export const missingEducationRule = defineRule('missing-education', {
  evaluate(view, asOf, { knownWithinMonths: months, agencies }) {
    const outOfSchool = childrenOutOfSchool(view)
    if (outOfSchool.length === 0) return []
    const known = knownToServices(view, asOf, agencies, months)
    if (!known) return []
    const why = known.event.type === 'plan'
      ? `a ${known.event.plan.replaceAll('_', ' ')} plan open since ${known.placed}`
      : `${known.event.agency.replaceAll('_', ' ')} involved on ${known.placed}`
    return outOfSchool.map(([child, e]): Finding => ({
      subject: child,
      events: [e.id, known.id],
      threshold: `education status ${e.event.status.replaceAll('_', ' ')} since ${e.placed}, while the family is known (${why}); the threshold is an open plan or involvement within ${months} months`,
    }))
  },
  changeDates(view, { knownWithinMonths: months, agencies }) {
    // No child out of school: nothing can fire until an education event becomes known (a stage start).
    if (childrenOutOfSchool(view).length === 0) return []
    return view.events.filter((e) => agencies.includes(e.event.agency)).map((e) => addDays(view.index.windowEnd(e, months), 1))
  },
})
