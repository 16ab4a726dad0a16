import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { incidentsClusterRule } from './incidentsClusterRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const injury = (date: string, overrides: Partial<EventOf<'injury'>> = {}) =>
  buildEvent('injury', { date, agency: 'school', subjects: ['C1'], ...overrides })
const police = (date: string, overrides: Partial<EventOf<'police_incident'>> = {}) =>
  buildEvent('police_incident', { date, agency: 'police', category: 'assault', subjects: ['M1'], children_present: ['C2'], ...overrides })
const strategy = (date: string, overrides: Partial<EventOf<'meeting'>> = {}) => buildEvent('meeting', { date, kind: 'strategy', ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]

describe('incidents-cluster', () => {
  it.each([
    // 2 Mar 2020 (Mon) + 5 working days = 9 Mar.
    { name: '2 injuries exactly 30 days apart, on the 5th working day', events: [injury('2020-02-01'), injury('2020-03-02')], asOf: '2020-03-09', fires: ['family'] },
    { name: '2 injuries 30 days apart, on the 4th working day', events: [injury('2020-02-01'), injury('2020-03-02')], asOf: '2020-03-06', fires: [] },
    { name: '2 injuries 31 days apart', events: [injury('2020-01-31'), injury('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'to different children of the family, the same day', events: [injury('2020-03-02'), injury('2020-03-02', { subjects: ['C2'] })], asOf: '2020-03-09', fires: ['family'] },
    // 22 Dec 2020 + 5 working days skips 25 and 28 Dec: 31 Dec.
    { name: 'bank holidays are not working days: on the 5th', events: [injury('2020-12-01'), injury('2020-12-22')], asOf: '2020-12-31', fires: ['family'] },
    { name: 'bank holidays are not working days: the day before', events: [injury('2020-12-01'), injury('2020-12-22')], asOf: '2020-12-30', fires: [] },
    { name: 'one incident', events: [injury('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'a police incident with children present counts', events: [police('2020-02-20'), injury('2020-03-02')], asOf: '2020-03-09', fires: ['family'] },
    { name: 'a police incident with no children present does not', events: [police('2020-02-20', { children_present: [] }), injury('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'a police incident that does not record children present does not', events: [police('2020-02-20', { children_present: undefined, subjects: ['M1', 'C1'] }), injury('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'an injury naming no child does not', events: [injury('2020-02-20', { subjects: ['M1'] }), injury('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'an observation does not', events: [buildEvent('observation', { date: '2020-02-20', indicators: ['supervision'] }), injury('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'a strategy meeting on the later incident\'s day', events: [injury('2020-02-20'), injury('2020-03-02'), strategy('2020-03-02')], asOf: '2020-12-31', fires: [] },
    { name: 'a strategy meeting on the 5th working day', events: [injury('2020-02-20'), injury('2020-03-02'), strategy('2020-03-09')], asOf: '2020-12-31', fires: [] },
    { name: 'a strategy meeting the day after the 5th working day', events: [injury('2020-02-20'), injury('2020-03-02'), strategy('2020-03-10')], asOf: '2020-03-10', fires: ['family'] },
    { name: 'a strategy meeting between the two incidents', events: [injury('2020-02-20'), strategy('2020-02-21'), injury('2020-03-02')], asOf: '2020-03-09', fires: ['family'] },
    { name: 'another kind of meeting', events: [injury('2020-02-20'), injury('2020-03-02'), strategy('2020-03-03', { kind: 'review_conference' })], asOf: '2020-03-09', fires: ['family'] },
    { name: 'a later incident not yet known', events: [injury('2020-02-20'), injury('2020-03-02', { recorded: '2020-03-20' })], asOf: '2020-03-19', fires: [] },
    { name: 'a later incident known late fires on its recorded date', events: [injury('2020-02-20'), injury('2020-03-02', { recorded: '2020-03-20' })], asOf: '2020-03-20', fires: ['family'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(incidentsClusterRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the incidents, one alert per later incident', () => {
    const doc = buildFamily({ people, events: [injury('2020-02-20'), injury('2020-03-02'), injury('2020-03-20'), strategy('2020-03-20')] })
    expect(evaluateRule(incidentsClusterRule, doc, '2020-06-30')).toEqual([{
      subject: 'family', key: 'E2', events: ['E1', 'E2'],
      threshold: '2 incidents within 30 days (2020-02-20 to 2020-03-02) and no strategy meeting by 2020-03-09; the threshold is 2 within 30 days with no strategy meeting within 5 working days',
    }])
  })

  it('follows configured thresholds', () => {
    const doc = buildFamily({ people, events: [injury('2020-02-01'), injury('2020-02-20'), injury('2020-03-02')] })
    expect(subjectsFiring(incidentsClusterRule, doc, '2020-03-09', { count: 3 })).toEqual(['family'])
    expect(subjectsFiring(incidentsClusterRule, doc, '2020-12-31', { count: 3, withinDays: 29 })).toEqual([])
    expect(subjectsFiring(incidentsClusterRule, doc, '2020-03-04', { count: 3, strategyWithinWorkingDays: 2 })).toEqual(['family'])
    expect(subjectsFiring(incidentsClusterRule, doc, '2020-03-03', { count: 3, strategyWithinWorkingDays: 2 })).toEqual([])
  })

  it('replays: a strategy meeting dated in time but recorded late resolves it on its recorded date', () => {
    const doc = buildFamily({
      people,
      events: [injury('2020-02-20'), injury('2020-03-02'), strategy('2020-03-04', { recorded: '2020-03-16' }), buildEvent('note', { date: '2020-06-30' })],
    })
    expect(replayRule(incidentsClusterRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['family', '2020-03-09', '2020-03-16']])
  })
})
