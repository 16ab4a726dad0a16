// What the family page shows of a family's history, worked out from its
// outline (every event's key, id, date and whether the filter keeps it)
// before any content is read: the chronology page, the timeline's span, and
// so the events whose content the page needs.
import type { FamilyOutline } from '../access/caseRepository.ts'
import { placedDate } from '../exchange/dates.ts'
import type { IsoDate } from '../exchange/dates.ts'
import { timelineSpan } from './charts.ts'
import type { TimelineSpan, ZoomId } from './charts.ts'
import { chronologyPage } from './familyPageModel.ts'
import type { ChronologyPage } from './familyPageModel.ts'

export interface FamilyPagePlan {
  chronology: ChronologyPage
  timeline: TimelineSpan
  /** Keys of the events shown in full: the chronology page's rows and the timeline's marks. */
  detail: number[]
}

export interface FamilyPageAsked {
  page?: number | undefined
  event?: string | undefined
  zoom: ZoomId | undefined
  /** Today, for a family whose alerts were never evaluated. */
  today: IsoDate
}

export function planFamilyPage(outline: FamilyOutline, asked: FamilyPageAsked): FamilyPagePlan {
  const asOf = outline.evaluatedAsOf ?? asked.today
  const chronology = chronologyPage(outline.events, { page: asked.page, event: asked.event })
  const timeline = timelineSpan(outline.events.map((e) => e.date), { asOf, zoom: asked.zoom })
  const detail = chronology.entries.map((e) => e.key)
  const span = timeline.current
  if (span !== undefined && timeline.drawn) {
    for (const e of outline.events) {
      const placed = placedDate({ date: e.date })
      if (placed >= span.from && placed <= span.to) detail.push(e.key)
    }
  }
  return { chronology, timeline, detail }
}
