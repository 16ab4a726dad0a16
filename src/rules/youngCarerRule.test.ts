import { describe, expect, it } from 'vitest'
import { buildAdult, buildChild, buildEvent, buildFamily, buildUnborn, evaluateRule, replayRule, subjectsFiring } from './testing.ts'
import { youngCarerRule } from './youngCarerRule.ts'

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2', { born: '2020-06-01' })]
const observed = (date: string, subjects: string[] = ['C1'], risk: 'young_carer' | 'overcrowding' = 'young_carer', recorded?: string) =>
  buildEvent('observation', { date, agency: 'school', subjects, risk_factors: [risk], ...(recorded ? { recorded } : {}) })
const said = (date: string, subjects: string[] = ['C1']) =>
  buildEvent('child_voice', { date, subjects, words: 'I get my brothers up for school.', risk_factors: ['young_carer'] })

describe('young-carer', () => {
  it.each([
    { name: 'an observation with the risk factor', events: [observed('2020-03-02')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'the child\'s own words with the risk factor', events: [said('2020-03-02')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'not before it is dated', events: [observed('2020-03-02', ['C1'], 'young_carer', '2020-03-02')], asOf: '2020-03-01', fires: [] },
    { name: 'recorded later than dated: not before it is known', events: [observed('2020-03-02', ['C1'], 'young_carer', '2020-03-20')], asOf: '2020-03-19', fires: [] },
    { name: 'recorded later than dated: on its recorded date', events: [observed('2020-03-02', ['C1'], 'young_carer', '2020-03-20')], asOf: '2020-03-20', fires: ['C1'] },
    { name: 'another risk factor does not count', events: [observed('2020-03-02', ['C1'], 'overcrowding')], asOf: '2020-12-31', fires: [] },
    { name: 'an observation with no risk factors does not count', events: [buildEvent('observation', { date: '2020-03-02', indicators: ['supervision'] })], asOf: '2020-12-31', fires: [] },
    { name: 'only the children it is about', events: [observed('2020-03-02', ['C2', 'M1'])], asOf: '2020-12-31', fires: ['C2'] },
    { name: 'naming no child: every child born by then (readings §9)', events: [observed('2020-03-02', ['M1'])], asOf: '2020-12-31', fires: ['C1'] },
    { name: 'naming no child, after the younger one\'s birth: both', events: [observed('2020-06-01', ['M1'])], asOf: '2020-12-31', fires: ['C1', 'C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(youngCarerRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('about no child at all: alerts the family (readings §16)', () => {
    const doc = buildFamily({ people: [buildAdult('M1'), buildUnborn('U1')], events: [observed('2020-03-02', ['M1'])] })
    expect(subjectsFiring(youngCarerRule, doc, '2020-03-02')).toEqual(['family'])
  })

  it('names every record, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [observed('2020-03-02'), said('2020-03-05'), observed('2020-04-01', ['C1'], 'overcrowding')] })
    expect(evaluateRule(youngCarerRule, doc, '2020-04-01')).toEqual([{
      subject: 'C1', events: ['E1', 'E2'],
      threshold: 'young_carer risk factor recorded 2 times (first on 2020-03-02); the threshold is 1',
    }])
  })

  it('once known, holds for the rest of the replay', () => {
    const doc = buildFamily({ people, events: [buildEvent('note', { date: '2020-01-01' }), said('2020-03-02'), buildEvent('note', { date: '2022-01-01' })] })
    expect(replayRule(youngCarerRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2020-03-02', null]])
  })
})
