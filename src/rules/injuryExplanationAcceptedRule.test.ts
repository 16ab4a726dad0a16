import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { injuryExplanationAcceptedRule } from './injuryExplanationAcceptedRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const accepted = (date: string, overrides: Partial<EventOf<'injury'>> = {}) =>
  buildEvent('injury', { date, agency: 'school', subjects: ['C1'], explanation_accepted: true, reported_to_csc: false, ...overrides })
const plan = (date: string, change: 'start' | 'end' = 'start', overrides: Partial<EventOf<'plan'>> = {}) =>
  buildEvent('plan', { date, change, plan: 'child_protection', subjects: ['C1'], ...overrides })

// C1 born 2015-01-01 (aged 5 in 2020); B1 born 2019-03-10, turns 2 on 2021-03-10.
const people = [buildAdult('M1'), buildChild('C1'), buildChild('B1', { born: '2019-03-10' }), buildChild('N1', { born: undefined })]
const baby = (date: string, overrides: Partial<EventOf<'injury'>> = {}) => accepted(date, { subjects: ['B1'], ...overrides })

describe('injury-explanation-accepted', () => {
  it.each([
    { name: 'on a plan, explanation accepted, not reported', events: [plan('2020-01-10'), accepted('2020-03-02')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'reported_to_csc not recorded counts as not reported', events: [plan('2020-01-10'), accepted('2020-03-02', { reported_to_csc: undefined })], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'reported to children\'s social care', events: [plan('2020-01-10'), accepted('2020-03-02', { reported_to_csc: true })], asOf: '2020-12-31', fires: [] },
    { name: 'explanation not accepted', events: [plan('2020-01-10'), accepted('2020-03-02', { explanation_accepted: false })], asOf: '2020-12-31', fires: [] },
    { name: 'explanation_accepted not recorded', events: [plan('2020-01-10'), accepted('2020-03-02', { explanation_accepted: undefined })], asOf: '2020-12-31', fires: [] },
    { name: 'aged 2 or more and on no plan', events: [accepted('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'the plan starts on the injury\'s day', events: [plan('2020-03-02'), accepted('2020-03-02')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'the plan starts the day after', events: [accepted('2020-03-02'), plan('2020-03-03')], asOf: '2020-12-31', fires: [] },
    { name: 'the plan ended on the injury\'s day', events: [plan('2020-01-10'), plan('2020-03-02', 'end'), accepted('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'the plan ended the day after', events: [plan('2020-01-10'), plan('2020-03-03', 'end'), accepted('2020-03-02')], asOf: '2020-12-31', fires: ['C1'] },
    { name: 'any kind of plan, early help included', events: [plan('2020-01-10', 'start', { plan: 'early_help' }), accepted('2020-03-02')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'another child\'s plan does not count', events: [plan('2020-01-10', 'start', { subjects: ['B1'] }), accepted('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'under 2: the day before the 2nd birthday', events: [baby('2021-03-09')], asOf: '2021-03-09', fires: ['B1'] },
    { name: 'under 2: not on the 2nd birthday', events: [baby('2021-03-10')], asOf: '2021-12-31', fires: [] },
    { name: 'no date of birth is not under 2', events: [accepted('2020-03-02', { subjects: ['N1'] })], asOf: '2020-12-31', fires: [] },
    { name: 'no date of birth, on a plan', events: [plan('2020-01-10', 'start', { subjects: ['N1'] }), accepted('2020-03-02', { subjects: ['N1'] })], asOf: '2020-03-02', fires: ['N1'] },
    { name: 'an injury naming two children alerts those it holds for', events: [accepted('2020-03-02', { subjects: ['C1', 'B1', 'M1'] })], asOf: '2020-03-02', fires: ['B1'] },
    { name: 'an injury recorded late fires from its recorded date', events: [baby('2020-03-02', { recorded: '2020-04-01' })], asOf: '2020-03-31', fires: [] },
    { name: 'an injury recorded late, on its recorded date', events: [baby('2020-03-02', { recorded: '2020-04-01' })], asOf: '2020-04-01', fires: ['B1'] },
    { name: 'a plan recorded late counts once known', events: [plan('2020-01-10', 'start', { recorded: '2020-04-01' }), accepted('2020-03-02')], asOf: '2020-03-31', fires: [] },
    { name: 'a plan recorded late, on its recorded date', events: [plan('2020-01-10', 'start', { recorded: '2020-04-01' }), accepted('2020-03-02')], asOf: '2020-04-01', fires: ['C1'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(injuryExplanationAcceptedRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the injury and the plan, one alert per injury', () => {
    const doc = buildFamily({ people, events: [plan('2020-01-10'), accepted('2020-03-02', { subjects: ['C1', 'B1'] }), accepted('2020-05-01')] })
    expect(evaluateRule(injuryExplanationAcceptedRule, doc, '2020-05-01')).toEqual([
      {
        subject: 'C1', key: 'E2', events: ['E2', 'E1'],
        threshold: 'injury on 2020-03-02, on a child protection plan, explanation accepted and not reported to children\'s social care; the threshold is any such injury to a child under 2 or on a plan',
      },
      {
        subject: 'B1', key: 'E2', events: ['E2'],
        threshold: 'injury on 2020-03-02, the child was under 2, explanation accepted and not reported to children\'s social care; the threshold is any such injury to a child under 2 or on a plan',
      },
      expect.objectContaining({ subject: 'C1', key: 'E3' }),
    ])
  })

  it('follows configured thresholds', () => {
    const doc = buildFamily({ people, events: [accepted('2020-03-02')] })
    expect(subjectsFiring(injuryExplanationAcceptedRule, doc, '2020-03-02', { underAgeYears: 5 })).toEqual([])
    expect(subjectsFiring(injuryExplanationAcceptedRule, doc, '2020-03-02', { underAgeYears: 6 })).toEqual(['C1'])
  })

  it('replays: holds from the injury on for the rest of the record', () => {
    const doc = buildFamily({ people, events: [baby('2020-03-02'), buildEvent('note', { date: '2022-01-01' })] })
    expect(replayRule(injuryExplanationAcceptedRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['B1', '2020-03-02', null]])
  })
})
