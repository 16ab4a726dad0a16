import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildRelationship, evaluateRule, replayRule, subjectsFiring } from './testing.ts'
import { toxicTrioRule } from './toxicTrioRule.ts'

type Factor = EventOf<'adult_factor'>['factor']
const factor = (date: string, f: Factor, overrides: Partial<EventOf<'adult_factor'>> = {}) =>
  buildEvent('adult_factor', { date, agency: 'gp', subjects: ['M1'], factor: f, ...overrides })
const observed = (date: string, risks: EventOf<'observation'>['risk_factors'], subjects = ['C1']) =>
  buildEvent('observation', { date, agency: 'school', subjects, risk_factors: risks })
const police = (date: string, overrides: Partial<EventOf<'police_incident'>> = {}) =>
  buildEvent('police_incident', { date, agency: 'police', category: 'domestic_abuse', subjects: ['M1'], ...overrides })

// M1 mother of C1 and C2; X1 mother of C3; P1 is M1's partner; G1 is C1's grandmother.
const people = [buildAdult('M1'), buildAdult('X1'), buildAdult('P1'), buildAdult('G1'), buildChild('C1'), buildChild('C2'), buildChild('C3')]
const relationships = [
  buildRelationship('M1', 'C1', 'mother'), buildRelationship('M1', 'C2', 'mother'), buildRelationship('X1', 'C3', 'mother'),
  buildRelationship('M1', 'P1', 'partner'), buildRelationship('G1', 'C1', 'grandmother'),
]
const twoOfThree = [factor('2020-01-15', 'substance_misuse'), factor('2020-03-01', 'mental_health')]

describe('toxic-trio', () => {
  it.each([
    { name: 'all three for the mother within 12 months', events: [...twoOfThree, factor('2020-06-01', 'domestic_abuse_victim')], asOf: '2020-06-01', fires: ['C1', 'C2'] },
    { name: 'not before the third is dated', events: [...twoOfThree, factor('2020-06-01', 'domestic_abuse_victim')], asOf: '2020-05-31', fires: [] },
    { name: 'exactly 12 months from first to last', events: [...twoOfThree, factor('2021-01-15', 'domestic_abuse_victim')], asOf: '2021-01-15', fires: ['C1', 'C2'] },
    { name: '12 months and a day from first to last', events: [...twoOfThree, factor('2021-01-16', 'domestic_abuse_victim')], asOf: '2021-12-31', fires: [] },
    { name: 'a later record of the first kind closes the gap', events: [...twoOfThree, factor('2021-01-16', 'domestic_abuse_victim'), factor('2021-02-01', 'alcohol_misuse')], asOf: '2021-02-01', fires: ['C1', 'C2'] },
    { name: 'two kinds only', events: [...twoOfThree, factor('2020-06-01', 'offending')], asOf: '2020-12-31', fires: [] },
    { name: 'alcohol, suicide attempt and perpetrator count', events: [factor('2020-01-01', 'alcohol_misuse'), factor('2020-02-01', 'suicide_attempt'), factor('2020-03-01', 'domestic_abuse_perpetrator')], asOf: '2020-03-01', fires: ['C1', 'C2'] },
    { name: 'any status counts, suspected included', events: [...twoOfThree, factor('2020-06-01', 'domestic_abuse_victim', { status: 'suspected' })], asOf: '2020-06-01', fires: ['C1', 'C2'] },
    { name: 'spread across the adults caring for the child', events: [factor('2020-01-01', 'substance_misuse', { subjects: ['X1'] }), factor('2020-02-01', 'mental_health'), factor('2020-03-01', 'domestic_abuse_victim')], asOf: '2020-12-31', fires: [] },
    { name: 'the mother\'s partner is not a carer', events: [...twoOfThree, factor('2020-06-01', 'domestic_abuse_perpetrator', { subjects: ['P1'] })], asOf: '2020-12-31', fires: [] },
    { name: 'a grandmother is not a carer', events: [...twoOfThree, factor('2020-06-01', 'domestic_abuse_victim', { subjects: ['G1'] })], asOf: '2020-12-31', fires: [] },
    { name: 'the partner\'s domestic abuse factor naming the mother as other party', events: [...twoOfThree, factor('2020-06-01', 'domestic_abuse_perpetrator', { subjects: ['P1'], other_party: 'M1' })], asOf: '2020-06-01', fires: ['C1', 'C2'] },
    { name: 'other party counts only for domestic abuse factors', events: [factor('2020-01-15', 'substance_misuse', { subjects: ['P1'], other_party: 'M1' }), factor('2020-03-01', 'mental_health'), factor('2020-06-01', 'domestic_abuse_victim')], asOf: '2020-12-31', fires: [] },
    { name: 'a domestic abuse police incident involving the mother', events: [...twoOfThree, police('2020-06-01', { subjects: ['P1'], victim: 'M1' })], asOf: '2020-06-01', fires: ['C1', 'C2'] },
    { name: 'a police incident of another category', events: [...twoOfThree, police('2020-06-01', { category: 'assault' })], asOf: '2020-12-31', fires: [] },
    { name: 'a domestic abuse police incident not involving a carer', events: [...twoOfThree, police('2020-06-01', { subjects: ['P1'], victim: 'G1' })], asOf: '2020-12-31', fires: [] },
    { name: 'an observation about the child', events: [...twoOfThree, observed('2020-06-01', ['domestic_abuse'])], asOf: '2020-06-01', fires: ['C1', 'C2'] },
    { name: 'an observation about a child sharing a carer', events: [...twoOfThree, observed('2020-06-01', ['domestic_abuse'], ['C2'])], asOf: '2020-06-01', fires: ['C1', 'C2'] },
    { name: 'an observation about the mother', events: [...twoOfThree, observed('2020-06-01', ['domestic_abuse'], ['M1', 'C3'])], asOf: '2020-06-01', fires: ['C1', 'C2'] },
    { name: 'an observation about another mother\'s child', events: [...twoOfThree, observed('2020-06-01', ['domestic_abuse'], ['C3'])], asOf: '2020-12-31', fires: [] },
    { name: 'an observation with other risk factors', events: [...twoOfThree, observed('2020-06-01', ['offending', 'non_engagement'])], asOf: '2020-12-31', fires: [] },
    { name: 'one observation with all three', events: [observed('2020-06-01', ['parental_alcohol_misuse', 'parental_mental_health', 'domestic_abuse'])], asOf: '2020-06-01', fires: ['C1', 'C2'] },
    { name: 'a record dated in time but not yet known', events: [...twoOfThree, factor('2020-06-01', 'domestic_abuse_victim', { recorded: '2020-09-01' })], asOf: '2020-08-31', fires: [] },
    { name: 'a record known late counts from its recorded date', events: [...twoOfThree, factor('2020-06-01', 'domestic_abuse_victim', { recorded: '2020-09-01' })], asOf: '2020-09-01', fires: ['C1', 'C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(toxicTrioRule, buildFamily({ people, relationships, events }), asOf)).toEqual(fires)
  })

  it('names the three records, with the threshold in words', () => {
    const doc = buildFamily({ people, relationships, events: [...twoOfThree, factor('2020-06-01', 'domestic_abuse_victim')] })
    expect(evaluateRule(toxicTrioRule, doc, '2020-06-01')[0]).toEqual({
      subject: 'C1', events: ['E1', 'E2', 'E3'],
      threshold: 'substance misuse, mental ill health, domestic abuse recorded for the adults caring for the child within 12 months (2020-01-15 to 2020-06-01); the threshold is all three within 12 months',
    })
  })

  it('follows configured thresholds', () => {
    const doc = buildFamily({ people, relationships, events: [...twoOfThree, factor('2020-06-01', 'domestic_abuse_victim')] })
    expect(subjectsFiring(toxicTrioRule, doc, '2020-06-01', { withinMonths: 4 })).toEqual([])
    expect(subjectsFiring(toxicTrioRule, doc, '2020-06-01', { withinMonths: 5 })).toEqual(['C1', 'C2'])
  })

  it('once known, holds for the rest of the replay (readings §5)', () => {
    const doc = buildFamily({ people, relationships, events: [...twoOfThree, factor('2020-06-01', 'domestic_abuse_victim'), buildEvent('note', { date: '2023-01-01' })] })
    expect(replayRule(toxicTrioRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2020-06-01', null], ['C2', '2020-06-01', null]])
  })
})
