import { describe, expect, it } from 'vitest'
import { isRealDate, isRealPartialDate, knownDate, periodEnd, periodStart, placedDate } from './dates.ts'

describe('dates', () => {
  it('accepts real dates only', () => {
    expect(isRealDate('2020-02-29')).toBe(true)
    expect(isRealDate('2021-02-29')).toBe(false)
    expect(isRealDate('2021-02-30')).toBe(false)
    expect(isRealDate('2020-13-01')).toBe(false)
    expect(isRealDate('01/02/2020')).toBe(false)
    expect(isRealPartialDate('2020-06')).toBe(true)
    expect(isRealPartialDate('2020')).toBe(true)
    expect(isRealPartialDate('2020-13')).toBe(false)
  })

  it('gives the first and last day of a period', () => {
    expect(periodStart('2020')).toBe('2020-01-01')
    expect(periodStart('2020-06')).toBe('2020-06-01')
    expect(periodEnd('2020')).toBe('2020-12-31')
    expect(periodEnd('2020-02')).toBe('2020-02-29')
    expect(periodEnd('2021-02')).toBe('2021-02-28')
    expect(periodEnd('2020-06-15')).toBe('2020-06-15')
  })

  it('places an event on the first day of its date', () => {
    expect(placedDate({ date: '2020-06' })).toBe('2020-06-01')
    expect(placedDate({ date: '2020' })).toBe('2020-01-01')
    expect(placedDate({ date: '2020-06-15', recorded: '2020-07-01' })).toBe('2020-06-15')
  })

  it('knows an event from recorded, else from the end of its period', () => {
    expect(knownDate({ date: '2020-06' })).toBe('2020-06-30')
    expect(knownDate({ date: '2020' })).toBe('2020-12-31')
    expect(knownDate({ date: '2020-06-15' })).toBe('2020-06-15')
    expect(knownDate({ date: '2020-06', recorded: '2020-06-10' })).toBe('2020-06-10')
    expect(knownDate({ date: '2020-06-15', recorded: '2020-08-01' })).toBe('2020-08-01')
    // never earlier than the placed date
    expect(knownDate({ date: '2020-06-15', recorded: '2020-06-01' })).toBe('2020-06-15')
  })
})
