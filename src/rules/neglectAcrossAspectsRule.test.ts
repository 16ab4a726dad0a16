import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { neglectAcrossAspectsRule } from './neglectAcrossAspectsRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

type Aspect = NonNullable<EventOf<'observation'>['indicators']>[number]
const seen = (date: string, indicators: Aspect[], overrides: Partial<EventOf<'observation'>> = {}) =>
  buildEvent('observation', { date, agency: 'school', indicators, ...overrides })
const missed = (date: string, overrides: Partial<EventOf<'appointment'>> = {}) =>
  buildEvent('appointment', { date, agency: 'dental', service: 'dental', status: 'was_not_brought', ...overrides })
const home = (date: string, conditions: 'good' | 'adequate' | 'poor' | 'unfit', overrides: Partial<EventOf<'visit'>> = {}) =>
  buildEvent('visit', { date, kind: 'home', access: 'full', home_conditions: conditions, ...overrides })
const attendance = (date: string, pct: number, overrides: Partial<EventOf<'attendance'>> = {}) =>
  buildEvent('attendance', { date, agency: 'school', attendance_pct: pct, ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]

describe('neglect-across-aspects', () => {
  it.each([
    { name: '3 aspects in one observation', events: [seen('2020-01-10', ['nutritional', 'physical', 'supervision'])], asOf: '2020-01-10', fires: ['C1'] },
    { name: '2 aspects only', events: [seen('2020-01-10', ['nutritional', 'physical'])], asOf: '2020-12-31', fires: [] },
    { name: 'the same aspect three times is one aspect', events: [seen('2020-01-10', ['physical']), seen('2020-01-11', ['physical']), home('2020-01-12', 'unfit')], asOf: '2020-12-31', fires: [] },
    // 1 Jan + 90 days = 31 Mar (2020 is a leap year).
    { name: '3 aspects exactly 90 days apart', events: [seen('2020-01-01', ['emotional']), missed('2020-02-01'), seen('2020-03-31', ['nutritional'])], asOf: '2020-03-31', fires: ['C1'] },
    { name: '3 aspects 91 days apart', events: [seen('2020-01-01', ['emotional']), missed('2020-02-01'), seen('2020-04-01', ['nutritional'])], asOf: '2020-12-31', fires: [] },
    { name: 'not before the third is dated', events: [seen('2020-01-01', ['emotional']), missed('2020-02-01'), seen('2020-03-31', ['nutritional'])], asOf: '2020-03-30', fires: [] },
    { name: 'the third recorded later: not the day before it is known', events: [seen('2020-01-01', ['emotional', 'supervision']), missed('2020-02-01', { recorded: '2020-03-10' })], asOf: '2020-03-09', fires: [] },
    { name: 'the third recorded later: from its recorded date', events: [seen('2020-01-01', ['emotional', 'supervision']), missed('2020-02-01', { recorded: '2020-03-10' })], asOf: '2020-03-10', fires: ['C1'] },
    { name: 'did_not_attend counts as medical', events: [seen('2020-01-01', ['emotional', 'supervision']), missed('2020-01-02', { status: 'did_not_attend' })], asOf: '2020-01-02', fires: ['C1'] },
    { name: 'a cancelled appointment is not medical neglect', events: [seen('2020-01-01', ['emotional', 'supervision']), missed('2020-01-02', { status: 'cancelled_by_family' })], asOf: '2020-12-31', fires: [] },
    { name: 'poor home conditions are physical', events: [seen('2020-01-01', ['emotional', 'supervision']), home('2020-01-02', 'poor')], asOf: '2020-01-02', fires: ['C1'] },
    { name: 'unfit home conditions on an address change are physical', events: [seen('2020-01-01', ['emotional', 'supervision']), buildEvent('address_change', { date: '2020-01-02', home_conditions: 'unfit' })], asOf: '2020-01-02', fires: ['C1'] },
    { name: 'adequate home conditions are not', events: [seen('2020-01-01', ['emotional', 'supervision']), home('2020-01-02', 'adequate')], asOf: '2020-12-31', fires: [] },
    { name: 'a home visit with no conditions recorded says nothing', events: [seen('2020-01-01', ['emotional', 'supervision']), home('2020-01-02', 'poor', { home_conditions: undefined })], asOf: '2020-12-31', fires: [] },
    { name: 'attendance of 90% is educational', events: [seen('2020-01-01', ['emotional', 'supervision']), attendance('2020-01-02', 90)], asOf: '2020-01-02', fires: ['C1'] },
    { name: 'attendance of 90.5% is not', events: [seen('2020-01-01', ['emotional', 'supervision']), attendance('2020-01-02', 90.5)], asOf: '2020-12-31', fires: [] },
    { name: 'an attendance is dated by its date, not its period end', events: [seen('2020-01-01', ['emotional', 'supervision']), attendance('2020-03-31', 80, { period_end: '2020-07-20' })], asOf: '2020-03-31', fires: ['C1'] },
    { name: 'an attendance with an early date and late period end is out of the span', events: [seen('2020-07-01', ['emotional', 'supervision']), attendance('2020-01-02', 80, { period_end: '2020-07-01' })], asOf: '2020-12-31', fires: [] },
    { name: 'an observation naming no child is about every child', events: [seen('2020-01-01', ['emotional', 'supervision', 'medical'], { subjects: ['M1'] })], asOf: '2020-01-01', fires: ['C1', 'C2'] },
    { name: 'another child\'s missed appointment is not this child\'s', events: [seen('2020-01-01', ['emotional', 'supervision']), missed('2020-01-02', { subjects: ['C2'] })], asOf: '2020-12-31', fires: [] },
    { name: 'an appointment naming only the mother is not the child\'s', events: [seen('2020-01-01', ['emotional', 'supervision']), missed('2020-01-02', { subjects: ['M1'] })], asOf: '2020-12-31', fires: [] },
    { name: 'an attendance naming only the mother is not the child\'s', events: [seen('2020-01-01', ['emotional', 'supervision']), attendance('2020-01-02', 50, { subjects: ['M1'] })], asOf: '2020-12-31', fires: [] },
    { name: 'a poor home visit naming no child is about every child', events: [seen('2020-01-01', ['emotional', 'supervision'], { subjects: ['C1', 'C2'] }), home('2020-01-02', 'poor', { subjects: ['M1'] })], asOf: '2020-01-02', fires: ['C1', 'C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(neglectAcrossAspectsRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the events of each aspect, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [seen('2020-01-01', ['emotional']), missed('2020-02-01'), home('2020-02-15', 'poor'), attendance('2020-03-01', 85)] })
    expect(evaluateRule(neglectAcrossAspectsRule, doc, '2020-03-01')).toEqual([{
      subject: 'C1', events: ['E1', 'E2', 'E3'],
      threshold: '3 aspects of neglect (emotional, medical, physical) within 90 days (2020-01-01 to 2020-02-15); the threshold is 3 aspects within 90 days',
    }])
    expect(subjectsFiring(neglectAcrossAspectsRule, doc, '2020-03-01', { aspects: 4 })).toEqual(['C1'])
    expect(subjectsFiring(neglectAcrossAspectsRule, doc, '2020-03-01', { aspects: 4, withinDays: 59 })).toEqual([])
    expect(subjectsFiring(neglectAcrossAspectsRule, doc, '2020-03-01', { attendancePctAtMost: 80, withinDays: 30 })).toEqual([])
  })

  it('once known, holds for the rest of the replay (readings §5)', () => {
    const doc = buildFamily({ people, events: [seen('2020-01-01', ['emotional', 'nutritional']), missed('2020-02-01'), buildEvent('note', { date: '2022-01-01' })] })
    expect(replayRule(neglectAcrossAspectsRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2020-02-01', null]])
  })
})
