import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addDays, addMonths, addYears, createCalendar, diffDays, englandAndWalesCalendar, fromDayNumber, dayNumber } from './calendar.ts'
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bankHolidays.ts'

const calendar = englandAndWalesCalendar()

describe('day arithmetic', () => {
  it.each([
    ['2020-01-31', 1, '2020-02-01'],
    ['2020-02-28', 1, '2020-02-29'],
    ['2021-02-28', 1, '2021-03-01'],
    ['2020-12-31', 1, '2021-01-01'],
    ['2020-03-01', -1, '2020-02-29'],
  ])('%s + %i days = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected)
    expect(diffDays(date, expected)).toBe(n)
  })

  it.each([
    ['2019-08-31', 6, '2020-02-29'],
    ['2020-08-31', 6, '2021-02-28'],
    ['2020-01-31', 1, '2020-02-29'],
    ['2020-03-31', -1, '2020-02-29'],
    ['2017-09-21', 12, '2018-09-21'],
    ['2020-02-29', 12, '2021-03-01'],
    ['2020-02-29', 48, '2024-02-29'],
    ['2020-02-29', 1, '2020-03-29'],
    ['2021-03-01', -12, '2020-03-01'],
    ['2019-12-15', 1, '2020-01-15'],
    ['2020-01-15', -1, '2019-12-15'],
  ])('%s + %i months = %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected)
  })

  it('reads a 29 February birthday as 1 March in a common year', () => {
    expect(addYears('2016-02-29', 4)).toBe('2020-02-29')
    expect(addYears('2016-02-29', 1)).toBe('2017-03-01')
  })

  it('round-trips day numbers', () => {
    fc.assert(fc.property(fc.integer({ min: -30_000, max: 40_000 }), (d) => dayNumber(fromDayNumber(d)) === d))
  })
})

describe('England and Wales working days', () => {
  it.each([
    '2002-06-03', '2002-06-04', '2011-04-29', '2012-06-04', '2012-06-05', '2020-05-08',
    '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08', '2020-12-28', '2021-12-27',
    '2021-12-28', '2022-01-03', '2017-12-26', '2016-12-27', '2019-04-19', '2019-04-22',
  ])('%s is a bank holiday', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false)
  })

  it.each(['2020-05-04', '2022-05-30', '2012-05-28', '2002-05-27', '2017-10-26'])('%s is a working day', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(true)
  })

  it('ships eight holidays a year, more in years with one-off days', () => {
    const perYear = new Map<string, number>()
    for (const [date] of ENGLAND_AND_WALES_BANK_HOLIDAYS) perYear.set(date.slice(0, 4), (perYear.get(date.slice(0, 4)) ?? 0) + 1)
    expect(perYear.size).toBe(31)
    const extra = [...perYear].filter(([, n]) => n !== 8).map(([y, n]) => `${y}:${n}`)
    expect(extra).toEqual(['2002:9', '2011:9', '2012:9', '2022:10', '2023:9'])
  })

  it('counts the 20th working day after a date, not the date itself (family Q: seen 28 Sep 2017)', () => {
    expect(calendar.addWorkingDays('2017-09-28', 20)).toBe('2017-10-26')
    expect(calendar.workingDaysBetween('2017-09-28', '2017-10-26')).toBe(20)
    expect(calendar.workingDaysBetween('2017-09-28', '2017-10-25')).toBe(19)
  })

  it('skips Christmas and New Year', () => {
    // 2020-12-24 Thu; 25 Fri, 28 Mon holidays; 1 Jan Fri holiday.
    expect(calendar.addWorkingDays('2020-12-24', 1)).toBe('2020-12-29')
    expect(calendar.addWorkingDays('2020-12-24', 3)).toBe('2020-12-31')
    expect(calendar.addWorkingDays('2020-12-24', 4)).toBe('2021-01-04')
    expect(calendar.addWorkingDays('2021-01-04', -4)).toBe('2020-12-24')
  })

  it('counts from a weekend or holiday as from the day before', () => {
    expect(calendar.addWorkingDays('2024-03-29', 1)).toBe('2024-04-02')
    expect(calendar.addWorkingDays('2024-03-30', 5)).toBe('2024-04-08')
    expect(calendar.workingDaysBetween('2024-03-28', '2024-04-02')).toBe(1)
  })

  it('agrees with stepping day by day', () => {
    fc.assert(fc.property(
      fc.integer({ min: dayNumber('1999-06-01'), max: dayNumber('2031-06-01') }),
      fc.integer({ min: 0, max: 60 }),
      (start, n) => {
        const a = fromDayNumber(start)
        const b = calendar.addWorkingDays(a, n)
        let count = 0
        for (let d = start + 1; d <= dayNumber(b); d++) if (calendar.isWorkingDay(fromDayNumber(d))) count++
        return count === n && calendar.workingDaysBetween(a, b) === n && (n === 0 || calendar.isWorkingDay(b))
      },
    ))
  })

  it('is configurable: a calendar with no holidays counts weekdays only', () => {
    const plain = createCalendar([])
    expect(plain.isWorkingDay('2020-12-25')).toBe(true)
    expect(plain.workingDaysBetween('2020-12-24', '2021-01-04')).toBe(7)
    expect(plain.workingDaysBetween('2021-01-04', '2020-12-24')).toBe(0)
  })
})
