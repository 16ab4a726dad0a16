// quiet-sibling (review ids: SCR6 (Child A)): in a family of 2 or more
// children born before the 12-month window, one such child has under a third
// of the median of the other such children's events in the window, and that
// median is at least 6.
// Readings §3, §6 and §12: on D the children compared are those whose date of
// birth is known and before the window (birth + 12 months < D). A child's
// count is the number of known events naming them in subjects dated in the
// window (T <= D <= T + 12 months). A compared child fires when
// 3 × count < the median of the other compared children's counts (the mean of
// the middle two when even) and that median is at least 6.
import type { IsoDate } from '../exchange/dates.ts'
import { addDays, addMonths } from './calendar.ts'
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { defineRule, type Finding } from './types.ts'

/** The median; the mean of the middle two when the count is even. Undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const upper = sorted[mid] ?? 0
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2
}

/**
 * The index of the first known event whose window ends on or after `day`.
 * Window ends only grow along the placed order, so a binary search finds it
 * and the events in a window are a run from there (to placed > day).
 */
function firstEndingOnOrAfter(view: FamilyView, day: IsoDate, months: number): number {
  const events = view.events
  let lo = 0
  let hi = events.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const e = events[mid]
    if (e !== undefined && view.index.windowEnd(e, months) < day) lo = mid + 1
    else hi = mid
  }
  return lo
}

export const quietSiblingRule = defineRule('quiet-sibling', {
  evaluate(view, asOf, { windowMonths, ratio, minMedian, minChildren }) {
    const compared = view.children
      .map((c) => c.ref)
      .filter((ref) => {
        const born = view.dateOfBirth(ref)
        return born !== undefined && addMonths(born, windowMonths) < asOf
      })
    if (compared.length < minChildren) return []
    const inWindow = new Map<string, PlacedEvent[]>(compared.map((ref) => [ref, []]))
    const events = view.events
    for (let i = firstEndingOnOrAfter(view, asOf, windowMonths); i < events.length; i++) {
      const e = events[i]
      if (e === undefined || e.placed > asOf) break
      for (const ref of e.event.subjects) inWindow.get(ref)?.push(e)
    }
    const findings: Finding[] = []
    for (const ref of compared) {
      const own = inWindow.get(ref) ?? []
      const others = median(compared.filter((r) => r !== ref).map((r) => inWindow.get(r)?.length ?? 0))
      if (others === undefined || others < minMedian || !(ratio * own.length < others)) continue
      findings.push({
        subject: ref,
        events: own.map((e) => e.id),
        threshold: `${own.length} events naming the child in the ${windowMonths} months to ${asOf}, against a median of ${others} for the other ${compared.length - 1} children; the threshold is under 1/${ratio} of the median, with a median of at least ${minMedian}`,
      })
    }
    return findings
  },
  changeDates(view, { windowMonths, minChildren }) {
    const dates: IsoDate[] = []
    // Too few children with a known date of birth: nothing can fire until a birth becomes known (a stage start).
    if (view.children.filter((c) => view.dateOfBirth(c.ref) !== undefined).length < minChildren) return dates
    // A child joins the comparison the day after birth + window.
    for (const child of view.children) {
      const born = view.dateOfBirth(child.ref)
      if (born !== undefined) dates.push(addDays(addMonths(born, windowMonths), 1))
    }
    // An event leaves the window the day after T + window (days before this view's are never asked about).
    // Worked out once per event for the index: replay asks again every stage.
    const leaves = view.index.memo(`quiet-sibling leaves ${windowMonths}`, () => view.index.events.map((e) =>
      e.event.subjects.some(view.isChild) ? addDays(view.index.windowEnd(e, windowMonths), 1) : undefined))
    const events = view.events
    for (let i = firstEndingOnOrAfter(view, view.knownBy, windowMonths); i < events.length; i++) {
      const e = events[i]
      const leaving = e === undefined ? undefined : leaves[e.seq]
      if (leaving !== undefined) dates.push(leaving)
    }
    return dates
  },
})
