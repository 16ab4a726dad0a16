import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { domesticAbuseEscalationRule } from './domesticAbuseEscalationRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildRelationship, buildUnborn, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const incident = (date: string, overrides: Partial<EventOf<'police_incident'>> = {}) =>
  buildEvent('police_incident', { date, agency: 'police', category: 'domestic_abuse', subjects: ['M1', 'P1'], victim: 'M1', perpetrator: 'P1', ...overrides })
const present = (date: string, overrides: Partial<EventOf<'police_incident'>> = {}) => incident(date, { children_present: ['C1'], ...overrides })
const strategy = (date: string, overrides: Partial<EventOf<'meeting'>> = {}) => buildEvent('meeting', { date, kind: 'strategy', ...overrides })
const referral = (date: string, outcome: EventOf<'referral'>['referral_outcome']) => buildEvent('referral', { date, referral_outcome: outcome })
const pregnancy = (date: string, overrides: Partial<EventOf<'pregnancy'>> = {}) =>
  buildEvent('pregnancy', { date, agency: 'midwifery', subjects: ['M1'], ...overrides })
const birth = (date: string) => buildEvent('birth', { date, agency: 'hospital', child: 'U1', subjects: ['M1', 'U1'] })

// M1 mother of C1 and U1; P1 mother's partner (not a carer); G1 grandmother.
const people = [buildAdult('M1'), buildAdult('P1'), buildAdult('G1'), buildChild('C1'), buildUnborn('U1')]
const relationships = [
  buildRelationship('M1', 'C1', 'mother'), buildRelationship('M1', 'U1', 'mother'),
  buildRelationship('M1', 'P1', 'partner'), buildRelationship('G1', 'C1', 'grandmother'),
]

describe('domestic-abuse-escalation', () => {
  it.each([
    // 2 Mar 2020 (Mon) + 5 working days = 9 Mar.
    { name: 'children present: fires on the 5th working day', events: [present('2020-03-02')], asOf: '2020-03-09', fires: ['C1'] },
    { name: 'children present: not on the 4th working day', events: [present('2020-03-02')], asOf: '2020-03-06', fires: [] },
    // 22 Dec 2020 + 5 working days skips 25 and 28 Dec: 31 Dec.
    { name: 'bank holidays are not working days: on the 5th', events: [present('2020-12-22')], asOf: '2020-12-31', fires: ['C1'] },
    { name: 'bank holidays are not working days: the day before', events: [present('2020-12-22')], asOf: '2020-12-30', fires: [] },
    { name: 'a strategy meeting on the 5th working day is a response', events: [present('2020-03-02'), strategy('2020-03-09')], asOf: '2020-06-30', fires: [] },
    { name: 'a strategy meeting on the incident day is a response', events: [present('2020-03-02'), strategy('2020-03-02')], asOf: '2020-06-30', fires: [] },
    { name: 'a strategy meeting the day after the deadline is not', events: [present('2020-03-02'), strategy('2020-03-10')], asOf: '2020-03-10', fires: ['C1'] },
    { name: 'a strategy meeting before the incident is not', events: [strategy('2020-03-01'), present('2020-03-02')], asOf: '2020-03-09', fires: ['C1'] },
    { name: 'another kind of meeting is not', events: [present('2020-03-02'), strategy('2020-03-03', { kind: 'core_group' })], asOf: '2020-03-09', fires: ['C1'] },
    { name: 'a section 47 referral outcome is a response', events: [present('2020-03-02'), referral('2020-03-04', 'section_47')], asOf: '2020-06-30', fires: [] },
    { name: 'a strategy_meeting referral outcome is not', events: [present('2020-03-02'), referral('2020-03-04', 'strategy_meeting')], asOf: '2020-03-09', fires: ['C1'] },
    { name: 'no children present, no pregnancy, a single incident', events: [incident('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'an empty children_present is not children present', events: [incident('2020-03-02', { children_present: [] })], asOf: '2020-12-31', fires: [] },
    { name: 'another category with children present', events: [present('2020-03-02', { category: 'disturbance' })], asOf: '2020-12-31', fires: [] },
    { name: 'involving no parent or carer (partner and grandmother)', events: [present('2020-03-02', { subjects: ['P1', 'G1'], victim: 'G1' })], asOf: '2020-12-31', fires: [] },
    { name: 'a parent involved only as the victim', events: [present('2020-03-02', { subjects: ['P1'], victim: 'M1' })], asOf: '2020-03-09', fires: ['C1'] },
    { name: 'a parent involved only as the perpetrator', events: [present('2020-03-02', { subjects: ['G1'], victim: 'G1', perpetrator: 'M1' })], asOf: '2020-03-09', fires: ['C1'] },
    // Second within 12 months (§5: both ends count).
    { name: 'the second incident exactly 12 months on', events: [incident('2019-03-02'), incident('2020-03-02')], asOf: '2020-03-09', fires: ['C1'] },
    { name: 'the second incident 12 months and a day on', events: [incident('2019-03-01'), incident('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'the earlier incident must involve a parent or carer', events: [incident('2019-06-01', { subjects: ['P1'], victim: 'G1' }), incident('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'same day: the second listed is the second incident', events: [incident('2020-03-02'), incident('2020-03-02')], asOf: '2020-03-09', fires: ['C1'] },
    // Pregnancy: 12 weeks on 6 Jan 2020 runs from 14 Oct 2019; expected 12 Jul 2020.
    { name: 'during a pregnancy', events: [pregnancy('2020-01-06', { weeks: 12, expected: '2020-07-12' }), incident('2020-03-02')], asOf: '2020-03-09', fires: ['C1'] },
    { name: 'on the pregnancy\'s first day (date minus weeks)', events: [pregnancy('2020-01-06', { weeks: 12 }), incident('2019-10-14')], asOf: '2020-01-06', fires: ['C1'] },
    { name: 'the day before the pregnancy\'s first day', events: [pregnancy('2020-01-06', { weeks: 12 }), incident('2019-10-13')], asOf: '2020-12-31', fires: [] },
    { name: 'on the expected date', events: [pregnancy('2020-01-06', { weeks: 12, expected: '2020-07-12' }), incident('2020-07-12')], asOf: '2020-07-20', fires: ['C1'] },
    { name: 'the day after the expected date', events: [pregnancy('2020-01-06', { weeks: 12, expected: '2020-07-12' }), incident('2020-07-13')], asOf: '2020-12-31', fires: [] },
    { name: 'no expected date: runs to date + (40 - weeks) weeks', events: [pregnancy('2020-01-06', { weeks: 12 }), incident('2020-07-20')], asOf: '2020-07-27', fires: ['C1'] },
    { name: 'no expected date: not the day after', events: [pregnancy('2020-01-06', { weeks: 12 }), incident('2020-07-21')], asOf: '2020-12-31', fires: [] },
    { name: 'no weeks: starts at expected minus 280 days', events: [pregnancy('2020-01-06', { expected: '2020-07-12' }), incident('2019-10-06')], asOf: '2020-01-06', fires: ['C1'] },
    { name: 'no weeks: not the day before', events: [pregnancy('2020-01-06', { expected: '2020-07-12' }), incident('2019-10-05')], asOf: '2020-12-31', fires: [] },
    { name: 'neither: runs from the event for 40 weeks', events: [pregnancy('2020-01-06'), incident('2020-10-12')], asOf: '2020-10-19', fires: ['C1'] },
    { name: 'neither: not before the event', events: [pregnancy('2020-01-06'), incident('2020-01-05')], asOf: '2020-12-31', fires: [] },
    { name: 'a known birth ends it: the day before the birth', events: [pregnancy('2020-01-06', { expected: '2020-07-12' }), birth('2020-06-20'), incident('2020-06-19')], asOf: '2020-06-26', fires: ['C1'] },
    { name: 'a known birth ends it: on the birth day', events: [pregnancy('2020-01-06', { expected: '2020-07-12' }), birth('2020-06-20'), incident('2020-06-20')], asOf: '2020-12-31', fires: [] },
    { name: 'a pregnancy not yet known does not count', events: [incident('2020-03-02'), pregnancy('2020-01-06', { weeks: 12, recorded: '2020-04-01' })], asOf: '2020-03-31', fires: [] },
    { name: 'a pregnancy recorded late counts once known', events: [incident('2020-03-02'), pregnancy('2020-01-06', { weeks: 12, recorded: '2020-04-01' })], asOf: '2020-04-01', fires: ['C1'] },
    { name: 'an incident recorded late fires from its recorded date', events: [present('2020-03-02', { recorded: '2020-03-20' })], asOf: '2020-03-19', fires: [] },
    { name: 'an incident recorded late, on its recorded date', events: [present('2020-03-02', { recorded: '2020-03-20' })], asOf: '2020-03-20', fires: ['C1'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(domesticAbuseEscalationRule, buildFamily({ people, relationships, events }), asOf)).toEqual(fires)
  })

  it('alerts every child not born after the incident (not the unborn, not a later baby); the family when there is none', () => {
    const doc = buildFamily({
      people: [buildAdult('M1'), buildChild('C1'), buildChild('C2', { born: '2020-03-02' }), buildChild('C3', { born: '2020-03-03' }), buildChild('C4', { born: undefined }), buildUnborn('U1')],
      events: [present('2020-03-02')],
    })
    expect(subjectsFiring(domesticAbuseEscalationRule, doc, '2020-03-09')).toEqual(['C1', 'C2', 'C4'])
    const noChildren = buildFamily({ people: [buildAdult('M1'), buildUnborn('U1')], events: [present('2020-03-02', { children_present: ['U1'] })] })
    expect(subjectsFiring(domesticAbuseEscalationRule, noChildren, '2020-03-09')).toEqual(['family'])
  })

  it('names the incident and why it escalates, one alert per incident', () => {
    const doc = buildFamily({ people, relationships, events: [present('2020-03-02'), incident('2020-05-01')] })
    expect(evaluateRule(domesticAbuseEscalationRule, doc, '2020-05-11')).toEqual([
      {
        subject: 'C1', key: 'E1', events: ['E1'],
        threshold: 'domestic abuse incident on 2020-03-02, with children present; no strategy meeting or section 47 referral by 2020-03-09; the threshold is a response within 5 working days',
      },
      {
        // 1 May 2020 + 5 working days skips the moved early May bank holiday (8 May).
        subject: 'C1', key: 'E2', events: ['E2', 'E1'],
        threshold: 'domestic abuse incident on 2020-05-01, the second within 12 months (after E1 on 2020-03-02); no strategy meeting or section 47 referral by 2020-05-11; the threshold is a response within 5 working days',
      },
    ])
    expect(evaluateRule(domesticAbuseEscalationRule, doc, '2020-05-08').map((f) => f.key)).toEqual(['E1'])
  })

  it('follows configured thresholds', () => {
    const doc = buildFamily({ people, relationships, events: [incident('2019-01-02'), incident('2020-03-02')] })
    expect(subjectsFiring(domesticAbuseEscalationRule, doc, '2020-12-31')).toEqual([])
    expect(subjectsFiring(domesticAbuseEscalationRule, doc, '2020-03-09', { repeatWithinMonths: 15 })).toEqual(['C1'])
    expect(subjectsFiring(domesticAbuseEscalationRule, doc, '2020-03-05', { repeatWithinMonths: 15, responseWorkingDays: 3 })).toEqual(['C1'])
    expect(subjectsFiring(domesticAbuseEscalationRule, doc, '2020-03-04', { repeatWithinMonths: 15, responseWorkingDays: 3 })).toEqual([])
  })

  it('replays: fires on the 5th working day; a meeting dated in time but recorded late resolves it on its recorded date', () => {
    const doc = buildFamily({
      people, relationships,
      events: [present('2020-03-02'), strategy('2020-03-06', { recorded: '2020-03-25' }), buildEvent('note', { date: '2020-06-30' })],
    })
    expect(replayRule(domesticAbuseEscalationRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2020-03-09', '2020-03-25']])
  })
})
