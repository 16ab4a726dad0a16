import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { missingEducationRule } from './missingEducationRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

type Status = EventOf<'education'>['status']
const education = (date: string, status: Status, overrides: Partial<EventOf<'education'>> = {}) =>
  buildEvent('education', { date, agency: 'school', status, ...overrides })
const involved = (date: string, overrides: Partial<EventOf<'note'>> = {}) =>
  buildEvent('note', { date, agency: 'childrens_social_care', subjects: ['M1'], ...overrides })
const plan = (date: string, change: 'start' | 'end', overrides: Partial<EventOf<'plan'>> = {}) =>
  buildEvent('plan', { date, change, agency: 'health_visitor', plan: 'child_in_need', subjects: ['C2'], ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]

describe('missing-education', () => {
  it.each([
    { name: 'home educated, social care involved exactly 24 months before', events: [involved('2018-03-31'), education('2020-03-31', 'elective_home_education')], asOf: '2020-03-31', fires: ['C1'] },
    { name: 'home educated, social care involved 24 months and a day before', events: [involved('2018-03-31'), education('2020-03-31', 'elective_home_education')], asOf: '2020-04-01', fires: [] },
    { name: 'month-end clamping: 29 Feb 2020 + 24 months is 1 Mar 2022', events: [involved('2020-02-29'), education('2020-03-02', 'elective_home_education')], asOf: '2022-03-01', fires: ['C1'] },
    { name: 'month-end clamping: 2 Mar 2022 is past it', events: [involved('2020-02-29'), education('2020-03-02', 'elective_home_education')], asOf: '2022-03-02', fires: [] },
    { name: 'early help involvement counts', events: [involved('2019-01-01', { agency: 'early_help' }), education('2020-03-02', 'elective_home_education')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'other agencies do not', events: [involved('2019-01-01', { agency: 'police' }), education('2020-03-02', 'elective_home_education')], asOf: '2020-03-02', fires: [] },
    { name: 'not known to services at all', events: [education('2020-03-02', 'child_missing_education')], asOf: '2020-03-02', fires: [] },
    { name: 'child missing education counts', events: [involved('2020-01-01'), education('2020-03-02', 'child_missing_education')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'left school counts', events: [involved('2020-01-01'), education('2020-03-02', 'left_school')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'excluded does not', events: [involved('2020-01-01'), education('2020-03-02', 'excluded')], asOf: '2020-12-31', fires: [] },
    { name: 'a part-time timetable does not', events: [involved('2020-01-01'), education('2020-03-02', 'part_time_timetable')], asOf: '2020-12-31', fires: [] },
    { name: 'not before the education event', events: [involved('2020-01-01'), education('2020-03-02', 'elective_home_education')], asOf: '2020-03-01', fires: [] },
    { name: 'back on roll: the latest status counts', events: [involved('2020-01-01'), education('2020-03-02', 'elective_home_education'), education('2020-05-01', 'on_roll')], asOf: '2020-05-01', fires: [] },
    { name: 'latest by placed date, not by known date', events: [involved('2020-01-01'), education('2020-03-02', 'on_roll', { recorded: '2020-06-01' }), education('2020-04-01', 'elective_home_education')], asOf: '2020-06-01', fires: ['C1'] },
    { name: 'an on-roll record dated later but known late: before it is known', events: [involved('2020-01-01'), education('2020-03-02', 'elective_home_education'), education('2020-04-01', 'on_roll', { recorded: '2020-06-01' })], asOf: '2020-05-31', fires: ['C1'] },
    { name: 'an on-roll record dated later but known late: once known', events: [involved('2020-01-01'), education('2020-03-02', 'elective_home_education'), education('2020-04-01', 'on_roll', { recorded: '2020-06-01' })], asOf: '2020-06-01', fires: [] },
    { name: 'involvement recorded late: before it is known', events: [involved('2019-01-01', { recorded: '2020-05-01' }), education('2020-03-02', 'elective_home_education')], asOf: '2020-04-30', fires: [] },
    { name: 'involvement recorded late: once known', events: [involved('2019-01-01', { recorded: '2020-05-01' }), education('2020-03-02', 'elective_home_education')], asOf: '2020-05-01', fires: ['C1'] },
    { name: 'a sibling\'s open plan counts, however old', events: [plan('2015-01-05', 'start'), education('2020-03-02', 'elective_home_education')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'a plan that ended that day does not', events: [plan('2015-01-05', 'start'), plan('2020-03-02', 'end'), education('2020-03-02', 'elective_home_education')], asOf: '2020-03-02', fires: [] },
    { name: 'another child\'s education event is not this child\'s', events: [involved('2020-01-01'), education('2020-03-02', 'elective_home_education', { subjects: ['C2'] })], asOf: '2020-03-02', fires: ['C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(missingEducationRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the education event and why the family is known, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [involved('2019-01-01'), education('2020-03-02', 'elective_home_education')] })
    expect(evaluateRule(missingEducationRule, doc, '2020-03-02')).toEqual([{
      subject: 'C1', events: ['E2', 'E1'],
      threshold: 'education status elective home education since 2020-03-02, while the family is known (childrens social care involved on 2019-01-01); the threshold is an open plan or involvement within 24 months',
    }])
    expect(subjectsFiring(missingEducationRule, doc, '2020-03-02', { knownWithinMonths: 12 })).toEqual([])
    expect(subjectsFiring(missingEducationRule, doc, '2020-03-02', { agencies: ['police'] })).toEqual([])
  })

  it('replays: resolved the day after the involvement leaves the 24-month window', () => {
    const doc = buildFamily({ people, events: [involved('2018-01-10'), education('2018-02-01', 'elective_home_education'), buildEvent('note', { date: '2020-12-31', agency: 'school' })] })
    expect(replayRule(missingEducationRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2018-02-01', '2020-01-11']])
  })
})
