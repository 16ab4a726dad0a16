import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { housingUnfitRule } from './housingUnfitRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildUnborn, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

type Conditions = NonNullable<EventOf<'visit'>['home_conditions']>
const visit = (date: string, home_conditions: Conditions | undefined, overrides: Partial<EventOf<'visit'>> = {}) =>
  buildEvent('visit', { date, access: 'full', subjects: ['M1', 'C1'], ...(home_conditions ? { home_conditions } : {}), ...overrides })
const moved = (date: string, home_conditions: Conditions, overrides: Partial<EventOf<'address_change'>> = {}) =>
  buildEvent('address_change', { date, agency: 'housing', subjects: ['M1', 'C1'], home_conditions, ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]

describe('housing-unfit', () => {
  it.each([
    { name: 'a visit finding the home unfit', events: [visit('2020-02-11', 'unfit')], asOf: '2020-02-11', fires: ['C1'] },
    { name: 'a move into an unfit home', events: [moved('2020-02-11', 'unfit')], asOf: '2020-02-11', fires: ['C1'] },
    { name: 'unfit: not before it is dated', events: [visit('2020-02-11', 'unfit', { recorded: '2020-02-11' })], asOf: '2020-02-10', fires: [] },
    { name: 'unfit, recorded later: not before it is known', events: [visit('2020-02-11', 'unfit', { recorded: '2020-03-02' })], asOf: '2020-03-01', fires: [] },
    { name: 'unfit, recorded later: on its recorded date', events: [visit('2020-02-11', 'unfit', { recorded: '2020-03-02' })], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'poor twice exactly 6 months apart', events: [visit('2020-01-31', 'poor'), visit('2020-07-31', 'poor')], asOf: '2020-07-31', fires: ['C1'] },
    { name: 'poor twice 6 months and a day apart', events: [visit('2020-01-31', 'poor'), visit('2020-08-01', 'poor')], asOf: '2020-12-31', fires: [] },
    { name: 'month-end clamping: 31 Aug + 6 months is 29 Feb', events: [visit('2019-08-31', 'poor'), visit('2020-02-29', 'poor')], asOf: '2020-02-29', fires: ['C1'] },
    { name: 'poor once', events: [visit('2020-01-01', 'poor')], asOf: '2020-12-31', fires: [] },
    { name: 'the second poor is not yet known the day before', events: [visit('2020-01-01', 'poor'), visit('2020-02-01', 'poor')], asOf: '2020-01-31', fires: [] },
    { name: 'a visit and a move count together', events: [visit('2020-01-01', 'poor'), moved('2020-02-01', 'poor')], asOf: '2020-02-01', fires: ['C1'] },
    { name: 'adequate and good do not count', events: [visit('2020-01-01', 'adequate'), visit('2020-02-01', 'good'), visit('2020-03-01', 'poor')], asOf: '2020-12-31', fires: [] },
    { name: 'conditions not recorded do not count', events: [visit('2020-01-01', undefined), visit('2020-02-01', undefined)], asOf: '2020-12-31', fires: [] },
    { name: 'poor is counted over the family: each child the records are about', events: [visit('2020-01-01', 'poor'), visit('2020-02-01', 'poor', { subjects: ['C2'] })], asOf: '2020-02-01', fires: ['C1', 'C2'] },
    { name: 'unfit alerts only its own children', events: [visit('2020-01-01', 'unfit', { subjects: ['C2'] })], asOf: '2020-02-01', fires: ['C2'] },
    { name: 'naming no child: every child (readings §9)', events: [visit('2020-01-01', 'unfit', { subjects: ['M1'] })], asOf: '2020-02-01', fires: ['C1', 'C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(housingUnfitRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('about no child at all: alerts the family (readings §16)', () => {
    const doc = buildFamily({ people: [buildAdult('M1'), buildUnborn('U1')], events: [visit('2020-01-01', 'unfit', { subjects: ['M1'] })] })
    expect(subjectsFiring(housingUnfitRule, doc, '2020-01-01')).toEqual(['family'])
  })

  it('a later qualifying pair alerts the children it is about', () => {
    const doc = buildFamily({
      people,
      events: [visit('2018-01-01', 'poor'), visit('2018-03-01', 'poor'), visit('2020-01-01', 'poor', { subjects: ['C2'] }), visit('2020-02-01', 'poor', { subjects: ['C2'] })],
    })
    expect(subjectsFiring(housingUnfitRule, doc, '2020-01-31')).toEqual(['C1'])
    expect(subjectsFiring(housingUnfitRule, doc, '2020-02-01')).toEqual(['C1', 'C2'])
  })

  it('names the records, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [visit('2018-10-02', 'poor'), visit('2018-10-23', 'poor'), visit('2019-01-05', 'unfit')] })
    expect(evaluateRule(housingUnfitRule, doc, '2019-01-05')).toEqual([{
      subject: 'C1', events: ['E1', 'E2', 'E3'],
      threshold: 'home conditions recorded unfit on 2019-01-05; the threshold is 1 unfit; and home conditions recorded poor on 2018-10-02 and 2018-10-23; the threshold is 2 poor within 6 months',
    }])
  })

  it('follows configured thresholds', () => {
    const doc = buildFamily({ people, events: [visit('2020-01-01', 'poor'), visit('2020-02-01', 'poor'), visit('2020-10-01', 'poor')] })
    expect(subjectsFiring(housingUnfitRule, doc, '2020-12-31', { poorCount: 3 })).toEqual([])
    expect(subjectsFiring(housingUnfitRule, doc, '2020-12-31', { poorCount: 3, withinMonths: 9 })).toEqual(['C1'])
  })

  it('once known, holds for the rest of the replay', () => {
    const doc = buildFamily({ people, events: [visit('2020-01-01', 'poor'), visit('2020-02-01', 'poor'), visit('2020-03-01', 'good'), buildEvent('note', { date: '2022-01-01' })] })
    expect(replayRule(housingUnfitRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2020-02-01', null]])
  })
})
