// The pictures on the family and child pages, from the pure renderers in
// charts/. Each SVG carries its own title and description, and each has a
// text alternative on the page: the chronology table, the tables under the
// child's charts.
import type { FamilyRecord } from '../access/caseRepository.ts'
import { placedDate, type IsoDate } from '../exchange/dates.ts'
import { renderAppointmentsSvg } from './charts/appointmentsSvg.ts'
import { renderAttendanceChartSvg } from './charts/attendanceChartSvg.ts'
import type { LivedExperience } from './charts/childLivedExperience.ts'
import { familyPageHref, type FamilyPageState } from './familyPageModel.ts'
import { renderRelationshipSvg } from './charts/relationshipSvg.ts'
import { renderScoresChartSvg } from './charts/scoresChartSvg.ts'
import { renderTimelineSvg, zoomLevels, type ZoomLevel } from './charts/timelineSvg.ts'

export const ZOOM_IDS = ['all', '2y', '6m', '3m', '6w'] as const
export type ZoomId = (typeof ZOOM_IDS)[number]

export interface FamilyCharts {
  timelineSvg: string | null
  relationshipSvg: string | null
  zoomLevels: { id: ZoomId; label: string; href: string; current: boolean }[]
}

/**
 * Most records the timeline opens on. A 768-pixel axis with three rows of
 * marks per lane shows a few hundred marks before they pile on one another;
 * beyond that the opening view would be a smear, and the time to build and
 * send it would grow with the whole history. At 400, the largest family of
 * the 60,000-child bench opened on six months, 528 marks, 52 of them drawn
 * over a neighbour, and the timeline was three quarters of the page's 249 KB
 * and of its cost; at 200 it opens on three months with none piled, and the
 * page serves a quarter more pages a second (docs/benchmarks.md, sixth round).
 */
export const MAX_OPENING_RECORDS = 200

/**
 * The zoom shown when none is asked for: the last two years where the history
 * is long enough to offer them (what is happening now is what a practitioner
 * opens the page for), else the whole history; where that span holds more than
 * MAX_OPENING_RECORDS records, the longest shorter span that does not (the
 * shortest when none fits). Every span stays one link away.
 */
export function defaultZoomId(offered: readonly ZoomLevel[], dates: readonly string[]): ZoomId {
  const first = offered.some((z) => z.id === '2y') ? '2y' : 'all'
  const candidates = offered.filter((z) => z.id === first || (z.id !== 'all' && z.id !== '2y'))
  const placed = dates.map((date) => placedDate({ date }))
  const fits = (z: ZoomLevel) => placed.reduce((n, d) => (d >= z.from && d <= z.to ? n + 1 : n), 0) <= MAX_OPENING_RECORDS
  return (candidates.find(fits) ?? candidates.at(-1))?.id ?? first
}

/** The timeline's spans for a history and the one shown. */
export interface TimelineSpan {
  levels: ZoomLevel[]
  current: ZoomLevel | undefined
  /** False for a history without events: no timeline is drawn. */
  drawn: boolean
}

/**
 * The spans offered for a history of events on `dates` and the one shown
 * (`zoom`, else defaultZoomId): worked out from every event's date alone, so
 * that only the events in the span shown need reading in full.
 */
export function timelineSpan(dates: readonly string[], options: { asOf: IsoDate; zoom: ZoomId | undefined }): TimelineSpan {
  const levels = zoomLevels(dates, options.asOf)
  const wanted = options.zoom ?? defaultZoomId(levels, dates)
  return { levels, current: levels.find((z) => z.id === wanted) ?? levels[0], drawn: dates.length > 0 }
}

export interface FamilyChartOptions {
  asOf: IsoDate
  familyRef: string
  /** The rest of the page's state (chronology filter and page), kept in the zoom links. */
  state?: FamilyPageState
  /** Where a mark links to; default its row's anchor on this page. */
  linkEvent?: (id: string) => string
}

/**
 * The family page's pictures, the timeline over `span` (timelineSpan). Of the
 * record's events they read those in the span and every plan and birth
 * (renderTimelineSvg).
 */
export function familyCharts(record: FamilyRecord, span: TimelineSpan, options: FamilyChartOptions): FamilyCharts {
  const { current } = span
  return {
    timelineSvg: !span.drawn || current === undefined ? null : renderTimelineSvg(record, {
      from: current.from, to: current.to, asOf: options.asOf, linkAlert: (id) => `/alerts/${id}`,
      ...(options.linkEvent !== undefined ? { linkEvent: options.linkEvent } : {}),
    }),
    relationshipSvg: record.people.length > 1 ? renderRelationshipSvg(record) : null,
    zoomLevels: span.levels.map((z) => ({ id: z.id, label: z.label, href: familyPageHref(options.familyRef, { ...options.state, zoom: z.id }, 'timeline'), current: z.id === current?.id })),
  }
}

export interface ChildCharts {
  attendanceSvg: string | null
  scoresSvg: string | null
  appointmentsSvg: string | null
}

export function childCharts(experience: LivedExperience): ChildCharts {
  const name = experience.child.name
  return {
    attendanceSvg: experience.attendance.length > 0 ? renderAttendanceChartSvg(experience.attendance, { title: `${name}'s school attendance` }) : null,
    scoresSvg: experience.neglectScores.length > 0 ? renderScoresChartSvg(experience.neglectScores, { title: `${name}'s neglect tool scores by domain` }) : null,
    appointmentsSvg: experience.appointments.byService.length > 0 ? renderAppointmentsSvg(experience.appointments.byService, { title: `${name}'s health appointments attended and missed` }) : null,
  }
}
