import { describe, expect, it } from 'vitest'
import { isValidNhsNumber, nhsCheckDigit, nhsNumberForSlot, upn } from './identifiers.ts'
import { createRandom } from './random.ts'

describe('NHS numbers', () => {
  it('computes the mod-11 check digit', () => {
    // 943 476 5919 is the NHS's published example of a valid number.
    expect(nhsCheckDigit('943476591')).toBe(9)
    expect(isValidNhsNumber('9434765919')).toBe(true)
    expect(isValidNhsNumber('9434765918')).toBe(false)
    expect(isValidNhsNumber('943476591')).toBe(false)
  })

  it('gives valid, distinct test-range numbers by slot, or null when no check digit is allowed', () => {
    const seen = new Set<string>()
    let skipped = 0
    for (let slot = 0; slot < 2000; slot++) {
      const n = nhsNumberForSlot(slot)
      if (n === null) { skipped++; continue }
      expect(n.startsWith('999')).toBe(true)
      expect(isValidNhsNumber(n)).toBe(true)
      seen.add(n)
    }
    expect(seen.size + skipped).toBe(2000)
    expect(skipped).toBeGreaterThan(0)
  })
})

describe('unique pupil numbers', () => {
  it('has a check letter and 12 digits', () => {
    const u = upn(873, 2041, 2019, 7)
    expect(u).toMatch(/^[A-HJ-NPQRT-Z]8732041190{2}7$/)
  })
})

describe('createRandom', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createRandom('x'), b = createRandom('x'), c = createRandom('y')
    const xs = Array.from({ length: 20 }, () => a.next())
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs)
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xs)
  })

  it('draws integers in range, picks by weight and samples without repeats', () => {
    const r = createRandom(1)
    const counts = new Map<number, number>()
    for (let i = 0; i < 5000; i++) {
      const n = r.int(1, 6)
      expect(n).toBeGreaterThanOrEqual(1)
      expect(n).toBeLessThanOrEqual(6)
      counts.set(n, (counts.get(n) ?? 0) + 1)
    }
    expect(counts.size).toBe(6)
    let heavy = 0
    for (let i = 0; i < 1000; i++) if (r.weighted([['a', 9], ['b', 1]] as const) === 'a') heavy++
    expect(heavy).toBeGreaterThan(850)
    expect(new Set(r.sample([1, 2, 3, 4, 5], 5)).size).toBe(5)
    expect(() => r.pick([])).toThrow(RangeError)
  })
})
