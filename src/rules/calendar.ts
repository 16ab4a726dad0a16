// Day arithmetic on ISO dates (YYYY-MM-DD) and working days, exactly as
// practice-rules-readings.md §1.4 reads them. Pure functions over strings; the
// working-day calendar is a value built from a holiday list, never module state.
import type { IsoDate } from '../exchange/dates.ts'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bankHolidays.ts'

const DAYS_IN_MONTH: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Days since 1970-01-01 (negative before). */
// Plain integer arithmetic (H. Hinnant's days_from_civil and civil_from_days)
// rather than Date objects: replay does this hundreds of thousands of times
// for a large family, and Date plus toISOString was most of its time.
export function dayNumber(date: IsoDate): number {
  const y0 = Number(date.slice(0, 4)), m = Number(date.slice(5, 7)), d = Number(date.slice(8, 10))
  const y = m <= 2 ? y0 - 1 : y0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function fromDayNumber(day: number): IsoDate {
  const z = day + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return `${pad(y, 4)}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days)
}

/** Days from a to b: positive when b is later. */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a)
}

/**
 * The same day N months later (or earlier), clamped to the end of the month
 * (31 Aug + 6 months = 28 or 29 Feb). A 29 February moved to a February of a
 * common year falls on 1 March: that is how an anniversary of 29 Feb reads.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4)), m = Number(date.slice(5, 7)), d = Number(date.slice(8, 10))
  const index = y * 12 + (m - 1) + months
  const ty = Math.floor(index / 12), tm = index - ty * 12 + 1
  const last = tm === 2 ? (ty % 4 === 0 && (ty % 100 !== 0 || ty % 400 === 0) ? 29 : 28) : DAYS_IN_MONTH[tm - 1] ?? 31
  if (m === 2 && d === 29 && tm === 2 && last === 28) return `${pad(ty, 4)}-03-01`
  return `${pad(ty, 4)}-${pad(tm, 2)}-${pad(Math.min(d, last), 2)}`
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12)
}

/** Negative, zero or positive, for sorting. ISO dates compare as strings. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b
}

/** Monday 0 ... Sunday 6. 1970-01-01 was a Thursday. */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7
}

/** Weekdays (Mon-Fri) among day numbers [0, day): lets a range count in O(1). */
function weekdaysBefore(day: number): number {
  const weeks = Math.floor(day / 7)
  // Day 0 is a Thursday: within a week starting on a Thursday, the first 2
  // days (Thu, Fri) are weekdays, then Sat and Sun, then Mon-Wed.
  const rest = day - weeks * 7
  const inRest = [0, 1, 2, 2, 2, 3, 4][rest] ?? 0
  return weeks * 5 + inRest
}

export interface Calendar {
  /** Monday to Friday and not a bank holiday. */
  isWorkingDay(date: IsoDate): boolean
  /** The Nth working day after date (not counting date); N < 0: the |N|th before. N = 0: date. */
  addWorkingDays(date: IsoDate, n: number): IsoDate
  /** Working days in (a, b]: a not counted, b counted; 0 when b <= a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): number
  readonly holidays: readonly IsoDate[]
}

/** A working-day calendar from a list of holidays (ISO dates, any order). */
export function createCalendar(holidays: Iterable<IsoDate>): Calendar {
  const sorted = [...new Set(holidays)].sort()
  // Holidays that fall on a weekday are the only ones that change a count.
  const weekdayHolidays = sorted.map(dayNumber).filter((d) => weekdayOf(d) < 5)
  const holidaySet = new Set(weekdayHolidays)

  /** Weekday holidays among day numbers [lowest, day). */
  const holidaysBefore = (day: number): number => {
    let lo = 0, hi = weekdayHolidays.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((weekdayHolidays[mid] ?? 0) < day) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const workingBefore = (day: number): number => weekdaysBefore(day) - holidaysBefore(day)
  const isWorking = (day: number): boolean => weekdayOf(day) < 5 && !holidaySet.has(day)

  return {
    holidays: sorted,
    isWorkingDay: (date) => isWorking(dayNumber(date)),
    addWorkingDays(date, n) {
      let day = dayNumber(date)
      const step = n < 0 ? -1 : 1
      for (let left = Math.abs(n); left > 0;) {
        day += step
        if (isWorking(day)) left--
      }
      return fromDayNumber(day)
    },
    workingDaysBetween(a, b) {
      const from = dayNumber(a), to = dayNumber(b)
      return to <= from ? 0 : workingBefore(to + 1) - workingBefore(from + 1)
    },
  }
}

/** England and Wales, with the shipped bank holidays (2000 to 2030). */
export function englandAndWalesCalendar(): Calendar {
  return createCalendar(ENGLAND_AND_WALES_BANK_HOLIDAYS.map(([date]) => date))
}

/** The default calendar, built once; a Calendar is immutable. */
export const DEFAULT_CALENDAR: Calendar = englandAndWalesCalendar()

function pad(n: number, width: number): string {
  // The common cases without padStart: this runs for every date replay computes.
  if (width === 2 && n >= 0 && n < 100) return n < 10 ? `0${n}` : String(n)
  if (width === 4 && n >= 1000 && n < 10000) return String(n)
  return String(n).padStart(width, '0')
}
