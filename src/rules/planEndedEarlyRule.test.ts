import { describe, expect, it } from 'vitest'
import type { ChronologyEvent, EventOf } from '../exchange/schema.ts'
import { planEndedEarlyRule } from './planEndedEarlyRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildRelationship, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const cp = (date: string, change: 'start' | 'review' | 'end', overrides: Partial<EventOf<'plan'>> = {}) =>
  buildEvent('plan', { date, change, plan: 'child_protection', subjects: ['C1'], ...overrides })
const factor = (date: string, overrides: Partial<EventOf<'adult_factor'>> = {}) =>
  buildEvent('adult_factor', { date, factor: 'substance_misuse', subjects: ['M1'], agency: 'substance_misuse', ...overrides })
const observed = (date: string, overrides: Partial<EventOf<'observation'>> = {}) =>
  buildEvent('observation', { date, risk_factors: ['parental_substance_misuse'], agency: 'school', ...overrides })

// M1 is the mother of C1 and C2; P1 is M1's partner only; C3 is another family's child with carer K1.
const people = [buildAdult('M1'), buildAdult('P1'), buildAdult('K1'), buildChild('C1'), buildChild('C2'), buildChild('C3')]
const relationships = [
  buildRelationship('M1', 'C1', 'mother'), buildRelationship('M1', 'C2', 'mother'),
  buildRelationship('P1', 'M1', 'partner'), buildRelationship('K1', 'C3', 'kinship_carer'),
]
const family = (events: ChronologyEvent[]) => buildFamily({ people, relationships, events })

// Plan 24 May 2018 to 2 Aug 2018 (10 weeks). 24 May + 3 months = 24 Aug; 2 Aug - 3 months = 2 May.
const start = cp('2018-05-24', 'start')
const end = cp('2018-08-02', 'end')

describe('plan-ended-early', () => {
  it.each([
    { name: 'ended after 10 weeks, substance misuse 2 weeks before', events: [start, factor('2018-07-17'), end], fires: ['C1'] },
    { name: 'ended exactly 3 months after the start', events: [start, factor('2018-07-17'), cp('2018-08-24', 'end')], fires: ['C1'] },
    { name: 'ended 3 months and a day after the start', events: [start, factor('2018-07-17'), cp('2018-08-25', 'end')], fires: [] },
    { name: 'factor exactly 3 months before the end', events: [start, factor('2018-05-02'), end], fires: ['C1'] },
    { name: 'factor 3 months and a day before the end', events: [start, factor('2018-05-01'), end], fires: [] },
    { name: 'factor on the end day', events: [start, factor('2018-08-02'), end], fires: ['C1'] },
    { name: 'factor after the end', events: [start, end, factor('2018-08-03')], fires: [] },
    { name: 'alcohol misuse counts', events: [start, factor('2018-07-17', { factor: 'alcohol_misuse' }), end], fires: ['C1'] },
    { name: 'domestic abuse victim counts', events: [start, factor('2018-07-17', { factor: 'domestic_abuse_victim' }), end], fires: ['C1'] },
    { name: 'mental health does not count', events: [start, factor('2018-07-17', { factor: 'mental_health' }), end], fires: [] },
    { name: 'a factor of a partner who is not a carer does not count', events: [start, factor('2018-07-17', { subjects: ['P1'] }), end], fires: [] },
    { name: 'a domestic abuse factor counts for its other party', events: [start, factor('2018-07-17', { factor: 'domestic_abuse_perpetrator', subjects: ['P1'], other_party: 'M1' }), end], fires: ['C1'] },
    { name: 'the other party of a substance factor is not involved', events: [start, factor('2018-07-17', { subjects: ['P1'], other_party: 'M1' }), end], fires: [] },
    { name: 'an observation about the child', events: [start, observed('2018-07-17', { subjects: ['C1'] }), end], fires: ['C1'] },
    { name: 'an observation about a parent', events: [start, observed('2018-07-17', { subjects: ['M1'] }), end], fires: ['C1'] },
    { name: 'an observation about a sibling sharing a parent', events: [start, observed('2018-07-17', { subjects: ['C2'] }), end], fires: ['C1'] },
    { name: 'an observation about an unrelated child', events: [start, observed('2018-07-17', { subjects: ['C3'] }), end], fires: [] },
    { name: 'an observation of parental mental health does not count', events: [start, observed('2018-07-17', { subjects: ['C1'], risk_factors: ['parental_mental_health'] }), end], fires: [] },
    { name: 'an observation of domestic abuse counts', events: [start, observed('2018-07-17', { subjects: ['C1'], risk_factors: ['domestic_abuse'] }), end], fires: ['C1'] },
    { name: 'a child in need plan does not count', events: [cp('2018-05-24', 'start', { plan: 'child_in_need' }), factor('2018-07-17'), cp('2018-08-02', 'end', { plan: 'child_in_need' })], fires: [] },
    { name: 'a plan still open does not count', events: [start, factor('2018-07-17')], fires: [] },
    { name: 'only the child the plan names', events: [cp('2018-05-24', 'start', { subjects: ['C2'] }), factor('2018-07-17'), cp('2018-08-02', 'end', { subjects: ['C2'] })], fires: ['C2'] },
  ])('$name', ({ events, fires }) => {
    expect(subjectsFiring(planEndedEarlyRule, family(events), '2019-12-31')).toEqual(fires)
  })

  it.each([
    { name: 'not before the end is known', asOf: '2018-08-09', fires: [] },
    { name: 'from the end\'s recorded date', asOf: '2018-08-10', fires: ['C1'] },
  ])('an end recorded late: $name', ({ asOf, fires }) => {
    expect(subjectsFiring(planEndedEarlyRule, family([start, factor('2018-07-17'), cp('2018-08-02', 'end', { recorded: '2018-08-10' })]), asOf)).toEqual(fires)
  })

  it.each([
    { name: 'not before the factor is known', asOf: '2018-09-30', fires: [] },
    { name: 'from the factor\'s recorded date', asOf: '2018-10-01', fires: ['C1'] },
  ])('a factor recorded after the end: $name', ({ asOf, fires }) => {
    expect(subjectsFiring(planEndedEarlyRule, family([start, factor('2018-07-17', { recorded: '2018-10-01' }), end]), asOf)).toEqual(fires)
  })

  it('names the plan and the factors, with the threshold in words; the months are configurable', () => {
    const doc = family([start, factor('2018-07-17'), end])
    expect(evaluateRule(planEndedEarlyRule, doc, '2018-08-02')).toEqual([{
      subject: 'C1', events: ['E1', 'E3', 'E2'], key: 'E3',
      threshold: 'child protection plan from 2018-05-24 ended on 2018-08-02, within 3 months of its start, with substance_misuse on 2018-07-17 within 3 months before the end; ' +
        'the threshold is an end within 3 months of the start and a parental factor within 3 months before it',
    }])
    expect(subjectsFiring(planEndedEarlyRule, doc, '2018-08-02', { endedWithinMonths: 2 })).toEqual([])
    expect(subjectsFiring(planEndedEarlyRule, family([start, factor('2018-04-02'), end]), '2018-08-02', { factorWithinMonths: 4 })).toEqual(['C1'])
  })

  it('once known, holds for the rest of the replay; each early end is its own alert', () => {
    const doc = family([start, factor('2018-07-17'), end, cp('2019-01-10', 'start'), cp('2019-03-01', 'end'), buildEvent('note', { date: '2019-06-30' })])
    expect(replayRule(planEndedEarlyRule, doc).map((a) => [a.subject, a.key, a.first_fired, a.until])).toEqual([
      ['C1', 'E3', '2018-08-02', null],
    ])
    const again = family([start, factor('2018-07-17'), end, cp('2019-01-10', 'start'), factor('2019-02-01'), cp('2019-03-01', 'end')])
    expect(replayRule(planEndedEarlyRule, again).map((a) => [a.key, a.first_fired])).toEqual([['E3', '2018-08-02'], ['E6', '2019-03-01']])
  })
})
