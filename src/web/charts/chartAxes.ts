// Axes shared by the small line charts (scores, attendance): a y axis with
// labelled gridlines and date labels along the bottom.
import { placedDate, type IsoDate } from '../../exchange/dates.ts'
import { INK, MUTED_INK, RULE_LINE } from './palette.ts'
import { formatDate } from './familyRecordView.ts'
import { num, svgText } from './svgText.ts'
import { dayScale, type DayScale } from './timelineScale.ts'
import { addDays, dayNumber } from '../../rules/calendar.ts'

export interface Plot {
  left: number
  right: number
  top: number
  bottom: number
  /** y of a value. */
  y(value: number): number
}

export function linearPlot(box: { left: number; right: number; top: number; bottom: number }, min: number, max: number): Plot {
  const span = max - min || 1
  return {
    ...box,
    y: (v) => box.bottom - ((v - min) / span) * (box.bottom - box.top),
  }
}

/** Gridlines and labels at each of `values`, and the axis's name turned along it. */
export function yAxis(plot: Plot, values: readonly number[], format: (v: number) => string, name: string): string {
  const out: string[] = []
  for (const v of values) {
    const y = plot.y(v)
    out.push(`<line x1="${num(plot.left)}" y1="${num(y)}" x2="${num(plot.right)}" y2="${num(y)}" stroke="${RULE_LINE}"/>`)
    out.push(svgText(plot.left - 6, y + 4, format(v), `font-size="11" text-anchor="end" fill="${INK}"`))
  }
  const mid = (plot.top + plot.bottom) / 2, x = plot.left - 42
  out.push(svgText(x, mid, name, `font-size="11" text-anchor="middle" fill="${MUTED_INK}" transform="rotate(-90 ${num(x)} ${num(mid)})"`))
  return out.join('')
}

/** Date labels (full or partial dates) under the plot: the first and last always, those between when they have room. */
export function dateLabels(plot: Plot, scale: DayScale, dates: readonly string[]): string {
  const out: string[] = [`<line x1="${num(plot.left)}" y1="${num(plot.bottom)}" x2="${num(plot.right)}" y2="${num(plot.bottom)}" stroke="${MUTED_INK}"/>`]
  const labels = [...new Set(dates)].sort().map((d) => {
    const text = formatDate(d)
    const x = scale.x(placedDate({ date: d }))
    return { text, x, from: x - text.length * 3.1, to: x + text.length * 3.1 }
  })
  const last = labels[labels.length - 1]
  let placedTo = -Infinity
  for (const l of labels) {
    const isEnd = l === labels[0] || l === last
    if (!isEnd && (l.from < placedTo + 6 || (last !== undefined && l.to > last.from - 6))) continue
    out.push(svgText(l.x, plot.bottom + 16, l.text, `font-size="11" text-anchor="middle" fill="${INK}"`))
    placedTo = l.to
  }
  return out.join('')
}

/** A day scale over the dates with a margin either side, so single points sit inside the plot. */
export function paddedDayScale(dates: readonly IsoDate[], left: number, right: number): DayScale {
  const sorted = [...dates].sort()
  const first = sorted[0] ?? '2000-01-01', last = sorted[sorted.length - 1] ?? first
  const pad = Math.max(14, Math.round((dayNumber(last) - dayNumber(first)) * 0.06))
  return dayScale(addDays(first, -pad), addDays(last, pad), left, right)
}
