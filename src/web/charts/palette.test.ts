import { describe, expect, it } from 'vitest'
import { KNOWN_AGENCIES } from '../../exchange/schema.ts'
import { agencyStyle, ALERT_COLOUR, contrastRatio, INK, MUTED_INK, PLAN_STYLES, RESTRICTED_COLOUR, SECTORS } from './palette.ts'

describe('palette', () => {
  it('gives every colour at least 4.5:1 against white (WCAG 2.2 AA for text and marks)', () => {
    const colours = [INK, MUTED_INK, RESTRICTED_COLOUR, ALERT_COLOUR, ...Object.values(SECTORS).map((s) => s.colour), ...Object.values(PLAN_STYLES).map((p) => p.colour)]
    for (const c of colours) expect(contrastRatio(c, '#ffffff'), c).toBeGreaterThanOrEqual(4.5)
  })

  it('computes contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
  })

  it('gives each known agency its own letters, and unknown agencies a readable label', () => {
    const letters = KNOWN_AGENCIES.map((a) => agencyStyle(a).letters)
    expect(new Set(letters).size).toBe(KNOWN_AGENCIES.length)
    expect(agencyStyle('safeguarding_partnership')).toMatchObject({ letters: 'Sa', label: 'Safeguarding partnership', sector: 'other' })
  })
})
