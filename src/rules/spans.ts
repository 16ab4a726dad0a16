// Windows and spans between dates, as readings §5 and §6 read them. Both
// ends count.
import type { IsoDate } from '../exchange/dates.ts'
import { addMonths, diffDays } from './calendar.ts'

/** Dates a <= b are within `months` months: b <= a + months (readings §5). */
export function withinMonths(a: IsoDate, b: IsoDate, months: number): boolean {
  return b <= addMonths(a, months)
}

/** Dates a <= b are within `days` days: b - a <= days (readings §5). */
export function withinDays(a: IsoDate, b: IsoDate, days: number): boolean {
  return diffDays(a, b) <= days
}

/** An event dated t is in the `months`-month window ending on d: t <= d <= t + months (readings §6). */
export function inWindowEnding(t: IsoDate, d: IsoDate, months: number): boolean {
  return t <= d && d <= addMonths(t, months)
}

/**
 * The first `count` items (in placed order) whose latest is within the span of
 * its earliest: the earliest-completing cluster, as tight as possible. Items
 * must be sorted by placed date. Undefined when no such set exists.
 */
export function firstCluster<T extends { readonly placed: IsoDate }>(
  items: readonly T[],
  count: number,
  within: (earliest: IsoDate, latest: IsoDate) => boolean,
): T[] | undefined {
  for (let last = count - 1; last < items.length; last++) {
    const first = items[last - count + 1], end = items[last]
    if (first && end && within(first.placed, end.placed)) return items.slice(last - count + 1, last + 1)
  }
  return undefined
}

/** Group items by each key `keysOf` gives, keeping their order. */
export function groupBy<T>(items: Iterable<T>, keysOf: (item: T) => Iterable<string>): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    for (const key of keysOf(item)) {
      const list = groups.get(key)
      if (list) list.push(item)
      else groups.set(key, [item])
    }
  }
  return groups
}
