import { describe, expect, it } from 'vitest'
import { humanise, lowerCaseWords } from './views.ts'

describe('humanise', () => {
  it.each([
    ['health_visitor', 'Health visitor'],
    ['gp', 'GP'],
    ['camhs_referral', 'CAMHS referral'],
    ['mash', 'MASH'],
    ['marac', 'MARAC'],
    ['plo', 'PLO'],
    ['nhs_number', 'NHS number'],
    ['upn', 'UPN'],
    ['seen_by_gp', 'Seen by GP'],
    ['mashed_potato', 'Mashed potato'],
  ])('%s reads as %s', (code, words) => {
    expect(humanise(code)).toBe(words)
  })
})

describe('lowerCaseWords', () => {
  it('lowers words for the middle of a sentence but keeps initialisms in capitals', () => {
    expect(lowerCaseWords('NHS number')).toBe('NHS number')
    expect(lowerCaseWords('Service')).toBe('service')
    expect(lowerCaseWords(humanise('gp'))).toBe('GP')
  })
})
