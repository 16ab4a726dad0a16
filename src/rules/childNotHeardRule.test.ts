import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { childNotHeardRule } from './childNotHeardRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const plan = (date: string, change: 'start' | 'end' = 'start', overrides: Partial<EventOf<'plan'>> = {}) =>
  buildEvent('plan', { date, change, plan: 'child_in_need', ...overrides })
const heard = (date: string, overrides: Partial<EventOf<'child_voice'>> = {}) =>
  buildEvent('child_voice', { date, words: 'I like my school.', ...overrides })

// C1 turns 4 on 2019-01-01; C2 turns 4 on 2019-01-19.
const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2', { born: '2015-01-19' })]

describe('child-not-heard', () => {
  it.each([
    { name: 'never heard: caught on the plan\'s first day', events: [plan('2020-03-02')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'never heard: not the day before the plan', events: [plan('2020-03-02', 'start', { recorded: '2020-03-02' })], asOf: '2020-03-01', fires: [] },
    // 2020-01-10 + 90 days = 2020-04-09.
    { name: 'last heard 90 days ago', events: [plan('2020-01-02'), heard('2020-01-10')], asOf: '2020-04-09', fires: ['C1'] },
    { name: 'last heard 89 days ago', events: [plan('2020-01-02'), heard('2020-01-10')], asOf: '2020-04-08', fires: [] },
    { name: 'heard before the plan: the clock runs from the words', events: [heard('2019-12-01'), plan('2020-01-02')], asOf: '2020-02-28', fires: [] },
    { name: 'heard before the plan: fires 90 days on', events: [heard('2019-12-01'), plan('2020-01-02')], asOf: '2020-02-29', fires: ['C1'] },
    { name: 'the latest words count, not the first', events: [plan('2020-01-02'), heard('2020-01-03'), heard('2020-03-01')], asOf: '2020-05-29', fires: [] },
    { name: 'a child protection plan counts', events: [plan('2020-01-02', 'start', { plan: 'child_protection' })], asOf: '2020-01-02', fires: ['C1'] },
    { name: 'an early help plan does not count', events: [plan('2020-01-02', 'start', { plan: 'early_help' })], asOf: '2020-06-30', fires: [] },
    { name: 'a looked after plan does not count', events: [plan('2020-01-02', 'start', { plan: 'looked_after' })], asOf: '2020-06-30', fires: [] },
    { name: 'the plan\'s end day is off the plan', events: [plan('2020-01-02'), plan('2020-06-01', 'end')], asOf: '2020-06-01', fires: [] },
    { name: 'the day before the end is on it', events: [plan('2020-01-02'), plan('2020-06-01', 'end', { recorded: '2020-06-01' })], asOf: '2020-05-31', fires: ['C1'] },
    { name: 'any method counts, behaviour included', events: [plan('2020-01-02'), heard('2020-01-02', { method: 'behaviour', words_form: 'reported' })], asOf: '2020-03-31', fires: [] },
    { name: 'words naming another child do not count', events: [plan('2020-01-02'), heard('2020-01-02', { subjects: ['C2'] })], asOf: '2020-01-02', fires: ['C1'] },
    { name: 'words not naming any child do not count (a family-level entry)', events: [plan('2020-01-02'), heard('2020-01-02', { subjects: ['M1'] })], asOf: '2020-01-02', fires: ['C1'] },
    { name: 'words known late do not count before they are known', events: [plan('2020-03-02'), heard('2020-03-02', { recorded: '2020-03-20' })], asOf: '2020-03-19', fires: ['C1'] },
    { name: 'words known late count once known', events: [plan('2020-03-02'), heard('2020-03-02', { recorded: '2020-03-20' })], asOf: '2020-03-20', fires: [] },
    { name: 'a plan only for another child does not count', events: [plan('2020-01-02', 'start', { subjects: ['C2'] })], asOf: '2020-01-02', fires: ['C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(childNotHeardRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  describe('the 4th birthday on the plan', () => {
    const family = buildFamily({ people, events: [plan('2018-06-01', 'start', { subjects: ['C2'] })] })
    it.each([
      ['2019-01-18', []],
      ['2019-01-19', ['C2']],
    ])('as of %s: %j', (asOf, fires) => {
      expect(subjectsFiring(childNotHeardRule, family, asOf)).toEqual(fires)
    })

    it('an anniversary of 29 February falls on 1 March in a common year', () => {
      const leap = buildFamily({ people: [buildAdult('M1'), buildChild('C1', { born: '2016-02-29' })], events: [plan('2020-06-01')] })
      expect(subjectsFiring(childNotHeardRule, leap, '2021-02-28', { minAgeYears: 5 })).toEqual([])
      expect(subjectsFiring(childNotHeardRule, leap, '2021-03-01', { minAgeYears: 5 })).toEqual(['C1'])
    })
  })

  it('a child with no date of birth is not aged 4 or more, without a crash', () => {
    const doc = buildFamily({ people: [buildAdult('M1'), buildChild('C1', { born: undefined })], events: [plan('2020-03-02')] })
    expect(subjectsFiring(childNotHeardRule, doc, '2021-03-02')).toEqual([])
  })

  it('names the plan and the last words, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [plan('2020-01-02', 'start', { subjects: ['C1', 'C2'] }), heard('2020-01-10', { subjects: ['C1', 'C2'] })] })
    expect(evaluateRule(childNotHeardRule, doc, '2020-04-10')).toEqual([
      {
        subject: 'C1', events: ['E1', 'E2'],
        threshold: '91 days since last heard on 2020-01-10, aged 4 or more, on a child in need plan since 2020-01-02; the threshold is 90 days',
      },
      {
        subject: 'C2', events: ['E1', 'E2'],
        threshold: '91 days since last heard on 2020-01-10, aged 4 or more, on a child in need plan since 2020-01-02; the threshold is 90 days',
      },
    ])
    expect(subjectsFiring(childNotHeardRule, doc, '2020-02-09', { days: 30 })).toEqual(['C1', 'C2'])
    expect(subjectsFiring(childNotHeardRule, doc, '2020-02-08', { days: 30 })).toEqual([])
  })

  it('replays: fires on the plan\'s first day (never heard), resolves when heard, fires again 90 days on, stops at the plan\'s end', () => {
    const doc = buildFamily({
      people: [buildAdult('M1'), buildChild('C1')],
      events: [plan('2020-01-02'), heard('2020-01-20'), plan('2020-06-01', 'end'), buildEvent('note', { date: '2020-12-31' })],
    })
    expect(replayRule(childNotHeardRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([
      ['C1', '2020-01-02', '2020-01-20'],
      ['C1', '2020-04-19', '2020-06-01'],
    ])
  })
})
