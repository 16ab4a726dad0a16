import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { preBirthAssessmentRule } from './preBirthAssessmentRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildRelationship, buildUnborn, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

// 12 weeks on 6 Jan 2020: 20 weeks on 2 Mar 2020, due 20 Jul 2020.
const pregnancy = (overrides: Partial<EventOf<'pregnancy'>> = {}) =>
  buildEvent('pregnancy', { date: '2020-01-06', agency: 'midwifery', subjects: ['M1'], weeks: 12, expected: '2020-07-20', child: 'U1', ...overrides })
const factor = (f: EventOf<'adult_factor'>['factor'], overrides: Partial<EventOf<'adult_factor'>> = {}) =>
  buildEvent('adult_factor', { date: '2019-12-01', agency: 'gp', subjects: ['M1'], factor: f, ...overrides })
const observed = (risks: EventOf<'observation'>['risk_factors']) => buildEvent('observation', { date: '2019-12-01', subjects: ['C1'], risk_factors: risks })
const assessed = (date: string, overrides: Partial<EventOf<'assessment'>> = {}) =>
  buildEvent('assessment', { date, kind: 'pre_birth', subjects: ['U1', 'M1'], ...overrides })
const plan = (date: string, change: 'start' | 'end') => buildEvent('plan', { date, change, plan: 'child_protection', subjects: ['C1'] })
const substance = factor('substance_misuse')

// M1 mother of C1 and U1; P1 is M1's partner (not a carer); W1 a woman with no children in the family.
const people = [buildAdult('M1'), buildAdult('P1'), buildAdult('W1'), buildChild('C1'), buildUnborn('U1')]
const relationships = [buildRelationship('M1', 'C1', 'mother'), buildRelationship('M1', 'U1', 'mother'), buildRelationship('M1', 'P1', 'partner')]

describe('pre-birth-assessment', () => {
  it.each([
    { name: 'on the day it reaches 20 weeks', events: [substance, pregnancy()], asOf: '2020-03-02', fires: ['U1'] },
    { name: 'the day before 20 weeks', events: [substance, pregnancy()], asOf: '2020-03-01', fires: [] },
    { name: 'the expected date gives an earlier 20-week day', events: [substance, pregnancy({ expected: '2020-07-12' })], asOf: '2020-02-23', fires: ['U1'] },
    { name: 'the expected date gives an earlier 20-week day: the day before', events: [substance, pregnancy({ expected: '2020-07-12' })], asOf: '2020-02-22', fires: [] },
    { name: 'only an expected date: 20 weeks before it', events: [substance, pregnancy({ weeks: undefined })], asOf: '2020-03-02', fires: ['U1'] },
    { name: 'only an expected date: the day before', events: [substance, pregnancy({ weeks: undefined })], asOf: '2020-03-01', fires: [] },
    { name: 'neither weeks nor expected date: 20 weeks after the event', events: [substance, pregnancy({ weeks: undefined, expected: undefined })], asOf: '2020-05-25', fires: ['U1'] },
    { name: 'neither weeks nor expected date: the day before', events: [substance, pregnancy({ weeks: undefined, expected: undefined })], asOf: '2020-05-24', fires: [] },
    { name: 'past 20 weeks when recorded: from the event\'s date', events: [substance, pregnancy({ date: '2020-03-10', weeks: 24, expected: undefined })], asOf: '2020-03-10', fires: ['U1'] },
    { name: 'past 20 weeks when recorded: not before the event', events: [substance, pregnancy({ date: '2020-03-10', weeks: 24, expected: undefined, recorded: '2020-03-10' })], asOf: '2020-03-09', fires: [] },
    { name: 'on the expected date', events: [substance, pregnancy()], asOf: '2020-07-20', fires: ['U1'] },
    { name: 'the day after the expected date', events: [substance, pregnancy()], asOf: '2020-07-21', fires: [] },
    { name: 'a known birth ends it', events: [substance, pregnancy(), buildEvent('birth', { date: '2020-07-01', child: 'U1', subjects: ['M1', 'U1'] })], asOf: '2020-07-01', fires: [] },
    { name: 'the day before a known birth', events: [substance, pregnancy(), buildEvent('birth', { date: '2020-07-01', child: 'U1', subjects: ['M1', 'U1'] })], asOf: '2020-06-30', fires: ['U1'] },
    { name: 'a pre-birth assessment before 20 weeks', events: [substance, pregnancy(), assessed('2020-02-10')], asOf: '2020-03-02', fires: [] },
    { name: 'a pre-birth assessment on the pregnancy\'s first day (date minus weeks)', events: [substance, assessed('2019-10-14'), pregnancy()], asOf: '2020-03-02', fires: [] },
    { name: 'a pre-birth assessment the day before the pregnancy began', events: [substance, assessed('2019-10-13'), pregnancy()], asOf: '2020-03-02', fires: ['U1'] },
    { name: 'another kind of assessment', events: [substance, pregnancy(), assessed('2020-02-10', { kind: 'single' })], asOf: '2020-03-02', fires: ['U1'] },
    { name: 'no risk recorded', events: [pregnancy()], asOf: '2020-03-02', fires: [] },
    { name: 'alcohol misuse does not count', events: [factor('alcohol_misuse'), pregnancy()], asOf: '2020-03-02', fires: [] },
    { name: 'mental health does not count', events: [factor('mental_health'), pregnancy()], asOf: '2020-03-02', fires: [] },
    { name: 'domestic abuse victim', events: [factor('domestic_abuse_victim'), pregnancy()], asOf: '2020-03-02', fires: ['U1'] },
    { name: 'the partner is not a parent or carer', events: [factor('domestic_abuse_perpetrator', { subjects: ['P1'] }), pregnancy()], asOf: '2020-03-02', fires: [] },
    { name: 'the partner\'s factor naming the mother as other party', events: [factor('domestic_abuse_perpetrator', { subjects: ['P1'], other_party: 'M1' }), pregnancy()], asOf: '2020-03-02', fires: ['U1'] },
    { name: 'the pregnant woman\'s own factor, though she is no one\'s parent yet', events: [factor('substance_misuse', { subjects: ['W1'] }), pregnancy({ subjects: ['W1'], child: undefined })], asOf: '2020-03-02', fires: ['family'] },
    { name: 'an observation of parental substance misuse', events: [observed(['parental_substance_misuse']), pregnancy()], asOf: '2020-03-02', fires: ['U1'] },
    { name: 'an observation of domestic abuse', events: [observed(['domestic_abuse']), pregnancy()], asOf: '2020-03-02', fires: ['U1'] },
    { name: 'an observation of parental alcohol misuse does not count', events: [observed(['parental_alcohol_misuse', 'parental_mental_health']), pregnancy()], asOf: '2020-03-02', fires: [] },
    { name: 'a factor recorded during the pregnancy counts from then', events: [pregnancy(), factor('substance_misuse', { date: '2020-05-01' })], asOf: '2020-05-01', fires: ['U1'] },
    { name: 'a factor recorded late does not count before it is known', events: [pregnancy(), factor('substance_misuse', { recorded: '2020-04-01' })], asOf: '2020-03-31', fires: [] },
    { name: 'a factor recorded late, on its recorded date', events: [pregnancy(), factor('substance_misuse', { recorded: '2020-04-01' })], asOf: '2020-04-01', fires: ['U1'] },
    { name: 'an open protection plan', events: [plan('2015-06-01', 'start'), pregnancy()], asOf: '2020-03-02', fires: ['U1'] },
    { name: 'a protection plan ended exactly 24 months before', events: [plan('2017-06-01', 'start'), plan('2018-03-02', 'end'), pregnancy()], asOf: '2020-03-02', fires: ['U1'] },
    { name: 'a protection plan ended 24 months and a day before', events: [plan('2017-06-01', 'start'), plan('2018-03-01', 'end'), pregnancy()], asOf: '2020-03-02', fires: [] },
    { name: 'a child in need plan does not count', events: [buildEvent('plan', { date: '2019-06-01', change: 'start', plan: 'child_in_need', subjects: ['C1'] }), pregnancy()], asOf: '2020-03-02', fires: [] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(preBirthAssessmentRule, buildFamily({ people, relationships, events }), asOf)).toEqual(fires)
  })

  describe('whose alert it is', () => {
    const unborn = (ref: string, expected?: string) => buildUnborn(ref, expected === undefined ? {} : { expected })
    const subjects = (people: ReturnType<typeof buildUnborn>[], relationships: ReturnType<typeof buildRelationship>[], overrides: Partial<EventOf<'pregnancy'>> = {}) =>
      subjectsFiring(preBirthAssessmentRule, buildFamily({
        people: [buildAdult('M1'), buildAdult('X1'), buildChild('C1'), ...people],
        relationships: [buildRelationship('M1', 'C1', 'mother'), ...relationships],
        events: [substance, pregnancy({ child: undefined, ...overrides })],
      }), '2020-03-02')

    it('the pregnancy\'s child, even a person with role child', () => {
      expect(subjects([], [], { child: 'C1' })).toEqual(['C1'])
    })
    it('else an unborn person whose mother is the pregnant woman', () => {
      expect(subjects([unborn('U1'), unborn('U2')], [buildRelationship('X1', 'U1', 'mother'), buildRelationship('M1', 'U2', 'mother')])).toEqual(['U2'])
    })
    it('whose expected date, when both give one, is the pregnancy\'s', () => {
      expect(subjects([unborn('U1', '2020-08-01'), unborn('U2', '2020-07-20')], [buildRelationship('M1', 'U1', 'mother'), buildRelationship('M1', 'U2', 'mother')])).toEqual(['U2'])
      expect(subjects([unborn('U1', '2020-07')], [buildRelationship('M1', 'U1', 'mother')])).toEqual(['U1'])
    })
    it('the only unborn person, when it has no mother recorded', () => {
      expect(subjects([unborn('U1')], [])).toEqual(['U1'])
      expect(subjects([unborn('U1'), unborn('U2')], [])).toEqual(['family'])
    })
    it('else the family', () => {
      expect(subjects([unborn('U1')], [buildRelationship('X1', 'U1', 'mother')])).toEqual(['family'])
    })
  })

  it('names the pregnancy and the risk, with the threshold in words', () => {
    const doc = buildFamily({ people, relationships, events: [substance, pregnancy()] })
    expect(evaluateRule(preBirthAssessmentRule, doc, '2020-03-02')).toEqual([{
      subject: 'U1', events: ['E2', 'E1'],
      threshold: 'pregnancy at 20 weeks or more from 2020-03-02 with a parental substance misuse or domestic abuse factor (E1) and no pre-birth assessment; the threshold is a pre-birth assessment by 20 weeks',
    }])
  })

  it('follows configured thresholds', () => {
    const doc = buildFamily({ people, relationships, events: [plan('2017-06-01', 'start'), plan('2018-02-15', 'end'), pregnancy()] })
    expect(subjectsFiring(preBirthAssessmentRule, doc, '2020-02-03', { weeks: 16 })).toEqual(['U1'])
    expect(subjectsFiring(preBirthAssessmentRule, doc, '2020-02-02', { weeks: 16 })).toEqual([])
    expect(subjectsFiring(preBirthAssessmentRule, doc, '2020-03-02')).toEqual([])
    expect(subjectsFiring(preBirthAssessmentRule, doc, '2020-03-02', { protectionLookbackMonths: 26 })).toEqual(['U1'])
  })

  it('replays: from 20 weeks until an assessment known late, again when the plan lookback lapses, until the birth', () => {
    const withAssessment = buildFamily({
      people, relationships,
      events: [substance, pregnancy(), assessed('2020-03-10', { recorded: '2020-03-20' }), buildEvent('note', { date: '2020-09-01' })],
    })
    expect(replayRule(preBirthAssessmentRule, withAssessment).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['U1', '2020-03-02', '2020-03-20']])

    // The plan ended 2018-04-15: it counts until 2020-04-15.
    const lapsing = buildFamily({
      people, relationships,
      events: [plan('2017-06-01', 'start'), plan('2018-04-15', 'end'), pregnancy(), buildEvent('note', { date: '2020-09-01' })],
    })
    expect(replayRule(preBirthAssessmentRule, lapsing).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['U1', '2020-03-02', '2020-04-16']])

    const born = buildFamily({
      people, relationships,
      events: [substance, pregnancy(), buildEvent('birth', { date: '2020-07-01', child: 'U1', subjects: ['M1', 'U1'] }), buildEvent('note', { date: '2020-09-01' })],
    })
    expect(replayRule(preBirthAssessmentRule, born).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['U1', '2020-03-02', '2020-07-01']])
  })
})
