// School attendance over time: percentage per reported period with the 90%
// line below which a pupil is persistently absent. Periods below the line are
// drawn as triangles as well as falling under it; the description lists every figure.
import { formatDate } from './familyRecordView.ts'
import type { AttendancePoint } from './childLivedExperience.ts'
import { dateLabels, linearPlot, paddedDayScale, yAxis } from './chartAxes.ts'
import { ALERT_COLOUR, INK, SECTORS } from './palette.ts'
import { num, openSvg, svgText } from './svgText.ts'

export interface AttendanceChartOptions {
  /** Default "School attendance". */
  title?: string
  /** Pixels; default 640. */
  width?: number
  /** Below this percentage is persistent absence; default 90. */
  persistentAbsenceBelow?: number
  /** Default `attendance`. */
  idPrefix?: string
}

const LINE_COLOUR = SECTORS.education.colour

export function renderAttendanceChartSvg(series: readonly AttendancePoint[], options: AttendanceChartOptions = {}): string {
  const width = Math.max(280, options.width ?? 640)
  const height = 230
  const threshold = options.persistentAbsenceBelow ?? 90
  const points = [...series].sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : 0))
  const description = points.length === 0
    ? 'No attendance figures recorded.'
    : `${points.map((p) => `${p.pct}% to ${formatDate(p.periodEnd)}${p.lates === undefined ? '' : ` (${p.lates} late)`}`).join(', ')}. ` +
      `Below ${threshold}% is persistent absence; ${points.filter((p) => p.pct < threshold).length} of ${points.length} periods were below it.`
  const out: string[] = [openSvg({ idPrefix: options.idPrefix ?? 'attendance', width, height, role: 'img', title: options.title ?? 'School attendance', description })]
  const plot = linearPlot({ left: 56, right: width - 20, top: 16, bottom: height - 34 }, 0, 100)
  out.push(yAxis(plot, [0, 25, 50, 75, 100], (v) => `${v}%`, 'Attendance'))
  if (points.length === 0) {
    out.push(svgText(plot.left + 10, plot.top + 40, 'No attendance figures recorded.', `font-size="13" fill="${INK}"`), '</svg>')
    return out.join('')
  }
  const scale = paddedDayScale(points.map((p) => p.periodEnd), plot.left, plot.right)
  const ty = plot.y(threshold)
  out.push(`<line class="persistent-absence" x1="${num(plot.left)}" y1="${num(ty)}" x2="${num(plot.right)}" y2="${num(ty)}" stroke="${ALERT_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"/>`)
  out.push(svgText(plot.right - 4, ty + 14, `${threshold}%: below is persistent absence`, `font-size="10" text-anchor="end" fill="${ALERT_COLOUR}"`))
  out.push(dateLabels(plot, scale, points.map((p) => p.periodEnd)))
  const xy = points.map((p) => ({ x: scale.x(p.periodEnd), y: plot.y(p.pct), p }))
  if (xy.length > 1) out.push(`<polyline points="${xy.map((q) => `${num(q.x)},${num(q.y)}`).join(' ')}" fill="none" stroke="${LINE_COLOUR}" stroke-width="2"/>`)
  for (const q of xy) {
    const below = q.p.pct < threshold
    out.push(below
      ? `<path class="attendance-point below" d="M${num(q.x)} ${num(q.y - 6)}l5.5 9.5h-11z" fill="${ALERT_COLOUR}"/>`
      : `<circle class="attendance-point" cx="${num(q.x)}" cy="${num(q.y)}" r="4.5" fill="${LINE_COLOUR}"/>`)
    out.push(svgText(q.x, below ? q.y + 18 : q.y - 9, `${q.p.pct}%`, `font-size="10" text-anchor="middle" fill="${INK}"`))
  }
  out.push('</svg>')
  return out.join('')
}
