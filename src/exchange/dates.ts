// Calendar dates as ISO strings (YYYY-MM-DD). Everything here is UTC-free
// day arithmetic: a safeguarding chronology is about days, never instants.

const FULL = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH = /^(\d{4})-(\d{2})$/
const YEAR = /^(\d{4})$/

export type IsoDate = string

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export function isRealDate(s: string): boolean {
  const m = FULL.exec(s)
  if (!m) return false
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3])
  return y >= 1800 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

export function isRealPartialDate(s: string): boolean {
  if (isRealDate(s)) return true
  const m = MONTH.exec(s)
  if (m) return Number(m[1]) >= 1800 && Number(m[1]) <= 2200 && Number(m[2]) >= 1 && Number(m[2]) <= 12
  const y = YEAR.exec(s)
  return y !== null && Number(y[1]) >= 1800 && Number(y[1]) <= 2200
}

/** First day of a full or partial date's period (readings §1.1). */
export function periodStart(s: string): IsoDate {
  if (s.length === 4) return `${s}-01-01`
  if (s.length === 7) return `${s}-01`
  return s
}

/** Last day of a full or partial date's period. */
export function periodEnd(s: string): IsoDate {
  if (s.length === 4) return `${s}-12-31`
  if (s.length === 7) {
    const y = Number(s.slice(0, 4)), m = Number(s.slice(5, 7))
    return `${s}-${String(daysInMonth(y, m)).padStart(2, '0')}`
  }
  return s
}

/** The dates of an event that placing and knowing depend on. */
export interface DatedEvent {
  date: string
  recorded?: string | undefined
}

/** An event's placed date: the first day of its `date` (readings §1.1); used for ordering, windows and ages. */
export function placedDate(ev: DatedEvent): IsoDate {
  return periodStart(ev.date)
}

/**
 * An event's known ("as of") date (readings §1.1): `recorded` when given, but
 * never earlier than the placed date; else the last day of the `date`'s period.
 */
export function knownDate(ev: DatedEvent): IsoDate {
  if (ev.recorded !== undefined) {
    const placed = placedDate(ev)
    return ev.recorded < placed ? placed : ev.recorded
  }
  return periodEnd(ev.date)
}
