// Neglect-tool scores over time: one small line chart per domain, 1 (best) at
// the bottom to 5 (worst) at the top, with the band of concern (4 and above)
// shaded and labelled. The description lists every score as text.
import { placedDate } from '../../exchange/dates.ts'
import type { ScoresSeries } from './childLivedExperience.ts'
import { dateLabels, linearPlot, paddedDayScale, yAxis } from './chartAxes.ts'
import { formatDate, words } from './familyRecordView.ts'
import { ALERT_COLOUR, INK, SECTORS } from './palette.ts'
import { escapeXml, num, openSvg, svgText } from './svgText.ts'

export interface ScoresChartOptions {
  title: string
  /** Pixels; default 640. Two charts a row from 560 wide. */
  width?: number
  /** Scores at or above this are in the band of concern; default 4. */
  concernFrom?: number
  /** Default `scores`. */
  idPrefix?: string
}

const PANEL_HEIGHT = 170
const LINE_COLOUR = SECTORS.social_care.colour
const BAND_FILL = '#f6d7d2'

export function renderScoresChartSvg(series: readonly ScoresSeries[], options: ScoresChartOptions): string {
  const width = Math.max(280, options.width ?? 640)
  const concernFrom = options.concernFrom ?? 4
  const perRow = width >= 560 && series.length > 1 ? 2 : 1
  const panelWidth = width / perRow
  const rows = Math.max(1, Math.ceil(series.length / perRow))
  const height = rows * PANEL_HEIGHT + 8
  const allDates = series.flatMap((s) => s.points.map((p) => placedDate(p)))
  const description = series.length === 0
    ? 'No neglect-tool scores recorded.'
    : series.map((s) => `${seriesName(s)}: ${s.points.map((p) => `${p.score} on ${formatDate(p.date)}`).join(', ')}`).join('. ') +
      `. Scores run from 1 (best) to 5 (worst); ${concernFrom} and above is of concern.`
  const out: string[] = [openSvg({ idPrefix: options.idPrefix ?? 'scores', width, height, role: 'img', title: options.title, description })]
  if (series.length === 0) out.push(svgText(10, 30, 'No neglect-tool scores recorded.', `font-size="13" fill="${INK}"`))
  series.forEach((s, i) => {
    const ox = (i % perRow) * panelWidth, oy = Math.floor(i / perRow) * PANEL_HEIGHT
    const values = s.points.map((p) => p.score)
    const min = Math.min(1, ...values), max = Math.max(5, ...values)
    const plot = linearPlot({ left: ox + 52, right: ox + panelWidth - 16, top: oy + 30, bottom: oy + PANEL_HEIGHT - 34 }, min, max)
    const scale = paddedDayScale(allDates, plot.left, plot.right)
    const bandTop = plot.y(max), bandBottom = plot.y(Math.max(min, concernFrom - 0.25))
    out.push(`<g class="scores-panel" data-domain="${escapeXml(s.domain)}">`)
    out.push(svgText(ox + 8, oy + 16, seriesName(s), `font-size="13" font-weight="700" fill="${INK}"`))
    out.push(`<rect x="${num(plot.left)}" y="${num(bandTop)}" width="${num(plot.right - plot.left)}" height="${num(bandBottom - bandTop)}" fill="${BAND_FILL}"/>`)
    out.push(svgText(plot.right - 4, bandTop + 12, `${concernFrom}+ concern`, `font-size="10" text-anchor="end" fill="${ALERT_COLOUR}"`))
    const ticks: number[] = []
    for (let v = Math.ceil(min); v <= max; v++) ticks.push(v)
    out.push(yAxis(plot, ticks, (v) => (v === 1 ? '1 best' : v === 5 ? '5 worst' : String(v)), 'Score'))
    out.push(dateLabels(plot, scale, s.points.map((p) => p.date)))
    const pts = s.points.map((p) => ({ x: scale.x(placedDate(p)), y: plot.y(p.score), p }))
    if (pts.length > 1) out.push(`<polyline points="${pts.map((q) => `${num(q.x)},${num(q.y)}`).join(' ')}" fill="none" stroke="${LINE_COLOUR}" stroke-width="2"/>`)
    for (const q of pts) {
      const concern = q.p.score >= concernFrom
      // Scores of concern are squares, others circles: shape as well as position.
      out.push(concern
        ? `<rect class="score-point" x="${num(q.x - 4.5)}" y="${num(q.y - 4.5)}" width="9" height="9" fill="${ALERT_COLOUR}"/>`
        : `<circle class="score-point" cx="${num(q.x)}" cy="${num(q.y)}" r="4.5" fill="${LINE_COLOUR}"/>`)
      out.push(svgText(q.x, q.y - 8, String(q.p.score), `font-size="10" text-anchor="middle" fill="${INK}"`))
    }
    out.push('</g>')
  })
  out.push('</svg>')
  return out.join('')
}

function seriesName(s: ScoresSeries): string {
  const domain = words(s.domain)
  const name = domain.charAt(0).toUpperCase() + domain.slice(1)
  return s.tool === undefined ? name : `${name} (${s.tool.toUpperCase()})`
}
