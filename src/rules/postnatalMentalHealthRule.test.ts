import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { postnatalMentalHealthRule } from './postnatalMentalHealthRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildRelationship, buildUnborn, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

// Born 1 March 2020: day 56 is 26 April 2020.
const birth = (overrides: Partial<EventOf<'birth'>> = {}) =>
  buildEvent('birth', { date: '2020-03-01', agency: 'midwifery', child: 'B1', subjects: ['M1', 'B1'], ...overrides })
const mentalHealth = (date: string, overrides: Partial<EventOf<'adult_factor'>> = {}) =>
  buildEvent('adult_factor', { date, agency: 'gp', factor: 'mental_health', subjects: ['M1'], ...overrides })
const screen = (date: string, overrides: Partial<EventOf<'assessment'>> = {}) =>
  buildEvent('assessment', { date, agency: 'health_visitor', kind: 'postnatal_depression_screen', subjects: ['M1'], ...overrides })

const people = [buildAdult('M1'), buildAdult('F1'), buildChild('C1'), buildUnborn('B1')]

describe('postnatal-mental-health', () => {
  it.each([
    { name: 'day 56 with no screen', events: [mentalHealth('2019-06-01'), birth()], asOf: '2020-04-26', fires: ['B1'] },
    { name: 'day 55', events: [mentalHealth('2019-06-01'), birth()], asOf: '2020-04-25', fires: [] },
    { name: 'no mental health factor', events: [birth()], asOf: '2020-12-31', fires: [] },
    { name: 'another factor does not count', events: [mentalHealth('2019-06-01', { factor: 'substance_misuse' }), birth()], asOf: '2020-12-31', fires: [] },
    { name: 'a factor dated on day 56 counts', events: [birth(), mentalHealth('2020-04-26')], asOf: '2020-04-26', fires: ['B1'] },
    { name: 'a factor dated on day 57 does not', events: [birth(), mentalHealth('2020-04-27')], asOf: '2020-12-31', fires: [] },
    { name: 'a factor dated earlier but recorded late: from its recorded date', events: [mentalHealth('2020-01-01', { recorded: '2020-05-10' }), birth()], asOf: '2020-05-10', fires: ['B1'] },
    { name: 'a factor dated earlier but recorded late: not before', events: [mentalHealth('2020-01-01', { recorded: '2020-05-10' }), birth()], asOf: '2020-05-09', fires: [] },
    { name: 'an observation of parental mental health about her counts', events: [buildEvent('observation', { date: '2020-02-01', risk_factors: ['parental_mental_health'], subjects: ['M1', 'C1'] }), birth()], asOf: '2020-04-26', fires: ['B1'] },
    { name: 'an observation not about her does not', events: [buildEvent('observation', { date: '2020-02-01', risk_factors: ['parental_mental_health'], subjects: ['C1'] }), birth()], asOf: '2020-12-31', fires: [] },
    { name: 'another adult\'s mental health does not count', events: [mentalHealth('2019-06-01', { subjects: ['F1'] }), birth()], asOf: '2020-12-31', fires: [] },
    { name: 'a screen on the day of birth', events: [mentalHealth('2019-06-01'), birth(), screen('2020-03-01')], asOf: '2020-12-31', fires: [] },
    { name: 'a screen on day 56', events: [mentalHealth('2019-06-01'), birth(), screen('2020-04-26')], asOf: '2020-12-31', fires: [] },
    { name: 'a screen on day 57 does not clear it', events: [mentalHealth('2019-06-01'), birth(), screen('2020-04-27')], asOf: '2020-12-31', fires: ['B1'] },
    { name: 'a screen before the birth does not count', events: [mentalHealth('2019-06-01'), screen('2020-02-28'), birth()], asOf: '2020-04-26', fires: ['B1'] },
    { name: 'a screen about the baby counts', events: [mentalHealth('2019-06-01'), birth(), screen('2020-04-01', { subjects: ['B1'] })], asOf: '2020-12-31', fires: [] },
    { name: 'a screen about someone else does not', events: [mentalHealth('2019-06-01'), birth(), screen('2020-04-01', { subjects: ['F1'] })], asOf: '2020-04-26', fires: ['B1'] },
    { name: 'another kind of assessment does not', events: [mentalHealth('2019-06-01'), birth(), screen('2020-04-01', { kind: 'single' })], asOf: '2020-04-26', fires: ['B1'] },
    { name: 'a screen in time but recorded late: before it is known', events: [mentalHealth('2019-06-01'), birth(), screen('2020-04-20', { recorded: '2020-05-04' })], asOf: '2020-05-03', fires: ['B1'] },
    { name: 'a screen in time but recorded late: once known', events: [mentalHealth('2019-06-01'), birth(), screen('2020-04-20', { recorded: '2020-05-04' })], asOf: '2020-05-04', fires: [] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(postnatalMentalHealthRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('with no mother by relationship, the adults among the birth\'s subjects', () => {
    const events = [mentalHealth('2019-06-01'), birth()]
    const noMother = buildFamily({ people, relationships: [buildRelationship('F1', 'B1', 'father')], events })
    expect(subjectsFiring(postnatalMentalHealthRule, noMother, '2020-04-26')).toEqual(['B1'])
    // A mother by relationship wins over the birth's subjects.
    const otherMother = buildFamily({ people: [...people, buildAdult('M2')], relationships: [buildRelationship('M2', 'B1', 'mother')], events })
    expect(subjectsFiring(postnatalMentalHealthRule, otherMother, '2020-04-26')).toEqual([])
  })

  it('names the birth and the mental health records, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [mentalHealth('2019-06-01'), birth()] })
    expect(evaluateRule(postnatalMentalHealthRule, doc, '2020-04-26')).toEqual([{
      subject: 'B1', events: ['E2', 'E1'],
      threshold: 'birth on 2020-03-01 to a mother with a recorded mental health need, no postnatal depression screen in the 56 days to 2020-04-26; the threshold is a screen within 56 days',
    }])
    expect(subjectsFiring(postnatalMentalHealthRule, doc, '2020-04-26', { days: 57 })).toEqual([])
  })

  it('replays: from day 56, resolved when a screen dated in time becomes known', () => {
    const doc = buildFamily({ people, events: [mentalHealth('2019-06-01'), birth(), screen('2020-04-20', { recorded: '2020-05-04' }), buildEvent('note', { date: '2020-12-31' })] })
    expect(replayRule(postnatalMentalHealthRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['B1', '2020-04-26', '2020-05-04']])
  })
})
