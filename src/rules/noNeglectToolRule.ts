// no-neglect-tool (review ids: ALHC 5.34, Q 1): a child on a plan with
// category neglect has no neglect_tool assessment in the last 6 months.
// Readings §3 and §6: on D the child is on a plan of any kind whose category
// in force (§13) includes neglect, and no assessment of kind neglect_tool
// naming the child is dated T with T <= D <= T + 6 months. A tool before the
// plan counts; a child never assessed is caught on the plan's first day. It
// does not hold while D <= birth + 6 months, nor for a child not yet born.
import type { IsoDate } from '../exchange/dates.ts'
import { addDays, addMonths } from './calendar.ts'
import { isOpenOn, planHasCategory, type FamilyView, type PlacedEvent } from './familyView.ts'
import { inWindowEnding } from './spans.ts'
import { defineRule, type Finding } from './types.ts'

/** The child's neglect_tool assessments, in placed order. */
function toolsOf(view: FamilyView, child: string): PlacedEvent[] {
  return view.ofType('assessment').filter((a) => a.event.kind === 'neglect_tool' && a.event.subjects.includes(child))
}

export const noNeglectToolRule = defineRule('no-neglect-tool', {
  evaluate(view, asOf, { windowMonths }) {
    const findings: Finding[] = []
    for (const child of view.children) {
      const plan = view.plans(child.ref).find((p) => isOpenOn(p, asOf) && planHasCategory(p, 'neglect', asOf))
      if (!plan || !view.isBornBy(child.ref, asOf)) continue
      const born = view.dateOfBirth(child.ref)
      if (born !== undefined && asOf <= addMonths(born, windowMonths)) continue
      const tools = toolsOf(view, child.ref).filter((a) => a.placed <= asOf)
      if (tools.some((a) => inWindowEnding(a.placed, asOf, windowMonths))) continue
      const last = tools[tools.length - 1]
      findings.push({
        subject: child.ref,
        events: last ? [plan.startEvent.id, last.id] : [plan.startEvent.id],
        threshold: `on a ${plan.kind.replaceAll('_', ' ')} plan with category neglect since ${plan.start}, ${last ? `last neglect tool assessment on ${last.placed}` : 'no neglect tool assessment recorded'}; the threshold is one within ${windowMonths} months`,
      })
    }
    return findings
  },
  changeDates(view, { windowMonths }) {
    const days: IsoDate[] = []
    for (const child of view.children) {
      if (view.plans(child.ref).length === 0) continue
      const born = view.dateOfBirth(child.ref)
      if (born !== undefined) days.push(born, addDays(addMonths(born, windowMonths), 1))
      for (const tool of toolsOf(view, child.ref)) days.push(addDays(addMonths(tool.placed, windowMonths), 1))
    }
    return days
  },
  reads: ['assessment', 'plan'],
})
