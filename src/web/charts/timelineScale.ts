// The time axis of the timeline: a linear day scale and ticks per year, month
// or week, chosen from the span so labels never crowd.
import type { IsoDate } from '../../exchange/dates.ts'
import { addDays, addMonths, addYears, dayNumber, fromDayNumber } from '../../rules/calendar.ts'
import { formatDate, monthName } from './familyRecordView.ts'

export interface DayScale {
  /** x of the start of a day. */
  x(date: IsoDate): number
  readonly left: number
  readonly right: number
}

export function dayScale(from: IsoDate, to: IsoDate, left: number, right: number): DayScale {
  const start = dayNumber(from)
  // `to` is drawn as a whole day, so the range ends at the start of the next.
  const days = Math.max(1, dayNumber(to) + 1 - start)
  const perDay = (right - left) / days
  return { left, right, x: (date) => left + (dayNumber(date) - start) * perDay }
}

export interface Tick {
  date: IsoDate
  label: string
  /** A major tick (a new year on a month scale, a new month on a week scale) is drawn darker. */
  major: boolean
}

export type TickUnit = 'year' | 'month' | 'week'

/** Ticks between from and to: years over 3 years, months over 4 months, else weeks (Mondays). */
export function ticksFor(from: IsoDate, to: IsoDate, widthPx: number, minGapPx = 52): { unit: TickUnit; ticks: Tick[] } {
  const days = Math.max(1, dayNumber(to) + 1 - dayNumber(from))
  const perDay = widthPx / days
  const step = (unitDays: number, steps: readonly number[]) =>
    steps.find((s) => s * unitDays * perDay >= minGapPx) ?? steps[steps.length - 1] ?? 1
  const ticks: Tick[] = []
  if (days > 3 * 365) {
    const every = step(365.25, [1, 2, 5, 10, 20, 50])
    const firstYear = Math.ceil(Number(from.slice(0, 4)) / every) * every
    for (let y = firstYear; ; y += every) {
      const date = `${String(y).padStart(4, '0')}-01-01`
      if (date > to) break
      if (date >= from) ticks.push({ date, label: String(y), major: true })
    }
    return { unit: 'year', ticks }
  }
  if (days > 120) {
    const every = step(30.44, [1, 2, 3, 6])
    const fromIndex = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1
    for (let i = Math.ceil(fromIndex / every) * every; ; i += every) {
      const date = `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}-01`
      if (date > to) break
      if (date < from) continue
      const january = date.slice(5, 7) === '01'
      ticks.push({ date, label: january || ticks.length === 0 ? `${monthName(date)} ${date.slice(0, 4)}` : monthName(date), major: january })
    }
    return { unit: 'month', ticks }
  }
  const every = step(7, [1, 2, 4])
  const start = dayNumber(from)
  // 1970-01-01 was a Thursday: Monday is day number 4 (mod 7).
  let day = start + ((4 - start) % 7 + 7) % 7
  let lastMonth = ''
  for (; fromDayNumber(day) <= to; day += 7 * every) {
    const date = fromDayNumber(day)
    const month = date.slice(0, 7)
    const label = ticks.length === 0 || date.slice(0, 4) !== (ticks[ticks.length - 1]?.date ?? '').slice(0, 4)
      ? formatDate(date)
      : `${Number(date.slice(8, 10))} ${monthName(date)}`
    ticks.push({ date, label, major: lastMonth !== '' && month !== lastMonth })
    lastMonth = month
  }
  return { unit: 'week', ticks }
}

export interface ZoomLevel {
  id: 'all' | '2y' | '6m' | '3m' | '6w'
  label: string
  from: IsoDate
  to: IsoDate
}

/**
 * The preset spans of the timeline, all ending on asOf: the whole history
 * (from the month of the first event, or a year when there are none), then the
 * last 2 years, 6 months, 3 months and 6 weeks, each only when clearly
 * shorter (under three quarters of the whole history's span).
 */
export function zoomLevelsFrom(firstDate: IsoDate | undefined, asOf: IsoDate): ZoomLevel[] {
  const yearBefore = addYears(asOf, -1)
  const start = firstDate === undefined || firstDate > asOf ? yearBefore : `${firstDate.slice(0, 7)}-01`
  const all: ZoomLevel = { id: 'all', label: 'Whole history', from: start, to: asOf }
  const presets: ZoomLevel[] = [
    { id: '2y', label: 'Last 2 years', from: addYears(asOf, -2), to: asOf },
    { id: '6m', label: 'Last 6 months', from: addMonths(asOf, -6), to: asOf },
    { id: '3m', label: 'Last 3 months', from: addMonths(asOf, -3), to: asOf },
    { id: '6w', label: 'Last 6 weeks', from: addDays(asOf, -42), to: asOf },
  ]
  const span = (z: ZoomLevel) => dayNumber(z.to) - dayNumber(z.from)
  return [all, ...presets.filter((p) => span(p) < 0.75 * span(all))]
}
