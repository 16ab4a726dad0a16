// The generator against the practice rules: planted patterns fire on the day
// the manifest says, and ordinary families stay (almost) quiet. Also the full
// benchmark size, streamed.
import { describe, expect, it } from 'vitest'
import { replay } from '../rules/engine.ts'
import { allRules } from '../rules/registry.ts'
import { childCount, generateFamilies } from './generateFamilies.ts'

describe('generated families under the practice rules', () => {
  it('fires each planted pattern first on its planted date', () => {
    const registered = new Set<string>(allRules.map((r) => r.id))
    const mismatches: string[] = []
    let checked = 0
    for (const family of generateFamilies({ children: 700, seed: 'rules', patternShare: 0.6 })) {
      if (family.planted.length === 0) continue
      const alerts = replay(family.doc).alerts
      for (const p of family.planted) {
        if (!registered.has(p.rule)) continue
        checked++
        const first = alerts.filter((a) => a.rule === p.rule && (p.subject === 'family' || a.subject === p.subject)).map((a) => a.first_fired).sort()[0]
        if (first !== p.from) mismatches.push(`${family.doc.family.ref} ${p.rule} ${p.subject}: planted ${p.from}, fired ${first ?? 'never'}`)
      }
    }
    expect(checked).toBeGreaterThan(50)
    expect(mismatches).toEqual([])
  })

  it('raises alerts in few ordinary families', () => {
    let ordinary = 0, alerted = 0
    for (const family of generateFamilies({ children: 1000, seed: 'quiet', patternShare: 0 })) {
      ordinary++
      if (replay(family.doc).alerts.length > 0) alerted++
    }
    expect(alerted / ordinary).toBeLessThan(0.03)
  })
})

describe('benchmark size', () => {
  it('streams 60,000 children (about 3 million events) one family at a time', () => {
    let children = 0, events = 0
    for (const family of generateFamilies({ children: 60_000, seed: 'benchmark' })) {
      children += childCount(family)
      events += family.doc.events.length
    }
    expect(children).toBe(60_000)
    expect(events).toBeGreaterThan(2_400_000)
    expect(events).toBeLessThan(3_600_000)
  }, 900_000)
})
