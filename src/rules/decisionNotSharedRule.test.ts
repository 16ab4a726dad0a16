import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { decisionNotSharedRule } from './decisionNotSharedRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const decision = (overrides: Partial<EventOf<'decision'>> = {}) =>
  buildEvent('decision', { date: '2020-06-19', from: 'section_47', to: 'section_17', ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2'), buildChild('C3', { born: '2021-01-01' })]

describe('decision-not-shared', () => {
  it.each([
    { name: 'partners_informed false', events: [decision({ partners_informed: false })], fires: ['C1'] },
    { name: 'partners_informed absent: not recorded is not shared', events: [decision()], fires: ['C1'] },
    { name: 'partners_informed true', events: [decision({ partners_informed: true })], fires: [] },
    { name: 'the decision\'s children only', events: [decision({ subjects: ['C2', 'M1'] })], fires: ['C2'] },
    { name: 'naming no child: every child born by then', events: [decision({ subjects: ['M1'] })], fires: ['C1', 'C2'] },
    { name: 'not known before it is recorded', events: [decision({ recorded: '2020-07-01' })], asOf: '2020-06-30', fires: [] },
    { name: 'known on its recorded date', events: [decision({ recorded: '2020-07-01' })], asOf: '2020-07-01', fires: ['C1'] },
    { name: 'a month-only date is known at the month end', events: [decision({ date: '2020-06' })], asOf: '2020-06-29', fires: [] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(decisionNotSharedRule, buildFamily({ people, events }), asOf ?? '2020-12-31')).toEqual(fires)
  })

  it('alerts the family when the decision is about no child', () => {
    const doc = buildFamily({ people: [buildAdult('M1'), buildChild('C1', { born: '2021-01-01' })], events: [decision({ subjects: ['M1'] })] })
    expect(subjectsFiring(decisionNotSharedRule, doc, '2020-12-31')).toEqual(['family'])
  })

  it('names the decision and the threshold in words, one alert per decision', () => {
    const doc = buildFamily({ people, events: [decision({ partners_informed: false }), decision({ date: '2020-08-01', from: undefined, to: undefined })] })
    expect(evaluateRule(decisionNotSharedRule, doc, '2020-12-31')).toEqual([
      { subject: 'C1', events: ['E1'], key: 'E1', threshold: 'decision on 2020-06-19 (section_47 to section_17), partners recorded as not informed; the threshold is any decision without a record that partners were informed' },
      { subject: 'C1', events: ['E2'], key: 'E2', threshold: 'decision on 2020-08-01, no record that partners were informed; the threshold is any decision without a record that partners were informed' },
    ])
  })

  it('once known, holds for the rest of the replay', () => {
    const doc = buildFamily({ people, events: [decision(), buildEvent('note', { date: '2021-06-01' })] })
    expect(replayRule(decisionNotSharedRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2020-06-19', null]])
  })
})
