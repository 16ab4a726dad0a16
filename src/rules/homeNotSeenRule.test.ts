import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { homeNotSeenRule } from './homeNotSeenRule.ts'
import { buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

type Visit = Partial<EventOf<'visit'>>
const visit = (date: string, overrides: Visit = {}) =>
  buildEvent('visit', { date, kind: 'home', access: 'full', subjects: ['M1', 'C1'], ...overrides })
const livingRoomOnly = (date: string, overrides: Visit = {}) => visit(date, { areas_seen: ['living_area'], ...overrides })
const refused = (date: string, overrides: Visit = {}) => visit(date, { access: 'refused', ...overrides })

describe('home-not-seen', () => {
  it.each([
    { name: 'living room only, twice exactly 6 months apart', events: [livingRoomOnly('2020-01-31'), livingRoomOnly('2020-07-31')], asOf: '2020-07-31', fires: ['family'] },
    { name: 'living room only, twice 6 months and a day apart', events: [livingRoomOnly('2020-01-31'), livingRoomOnly('2020-08-01')], asOf: '2020-12-31', fires: [] },
    { name: 'month-end clamping: 31 Aug + 6 months is 29 Feb', events: [livingRoomOnly('2019-08-31'), livingRoomOnly('2020-02-29')], asOf: '2020-02-29', fires: ['family'] },
    { name: 'living room only, once', events: [livingRoomOnly('2020-01-01')], asOf: '2020-12-31', fires: [] },
    { name: 'the second is not yet known the day before', events: [livingRoomOnly('2020-01-01'), livingRoomOnly('2020-02-01')], asOf: '2020-01-31', fires: [] },
    { name: 'recorded later than dated: not before it is known', events: [livingRoomOnly('2020-01-01'), livingRoomOnly('2020-02-01', { recorded: '2020-02-20' })], asOf: '2020-02-19', fires: [] },
    { name: 'recorded later than dated: on its recorded date', events: [livingRoomOnly('2020-01-01'), livingRoomOnly('2020-02-01', { recorded: '2020-02-20' })], asOf: '2020-02-20', fires: ['family'] },
    { name: 'kitchen and child bedroom seen do not count', events: [visit('2020-01-01', { areas_seen: ['kitchen', 'child_bedroom'] }), visit('2020-02-01', { areas_seen: ['kitchen', 'child_bedroom', 'living_area'] })], asOf: '2020-12-31', fires: [] },
    { name: 'kitchen and sleeping arrangements seen do not count', events: [visit('2020-01-01', { areas_seen: ['kitchen', 'sleeping_arrangements'] }), visit('2020-02-01', { areas_seen: ['sleeping_arrangements', 'kitchen'] })], asOf: '2020-12-31', fires: [] },
    { name: 'bedroom seen but not the kitchen counts', events: [visit('2020-01-01', { areas_seen: ['child_bedroom'] }), visit('2020-02-01', { areas_seen: ['sleeping_arrangements', 'bathroom'] })], asOf: '2020-02-01', fires: ['family'] },
    { name: 'kitchen seen but not where the children sleep counts', events: [visit('2020-01-01', { areas_seen: ['kitchen'] }), visit('2020-02-01', { areas_seen: ['kitchen', 'garden'] })], asOf: '2020-02-01', fires: ['family'] },
    { name: 'an empty areas_seen counts', events: [visit('2020-01-01', { areas_seen: [] }), visit('2020-02-01', { areas_seen: [] })], asOf: '2020-02-01', fires: ['family'] },
    { name: 'areas_seen not recorded is not "not seen"', events: [visit('2020-01-01'), visit('2020-02-01')], asOf: '2020-12-31', fires: [] },
    { name: 'a visit with no kind is a home visit', events: [livingRoomOnly('2020-01-01', { kind: undefined }), livingRoomOnly('2020-02-01', { kind: undefined })], asOf: '2020-02-01', fires: ['family'] },
    { name: 'a school visit is not a home visit', events: [livingRoomOnly('2020-01-01'), livingRoomOnly('2020-02-01', { kind: 'school' })], asOf: '2020-12-31', fires: [] },
    { name: 'an office visit is not a home visit', events: [refused('2020-01-01'), refused('2020-02-01', { kind: 'office' })], asOf: '2020-12-31', fires: [] },
    { name: 'refused then no answer', events: [refused('2020-01-01'), refused('2020-02-01', { access: 'no_answer' })], asOf: '2020-02-01', fires: ['family'] },
    { name: 'partial access twice', events: [visit('2020-01-01', { access: 'partial' }), visit('2020-02-01', { access: 'partial' })], asOf: '2020-02-01', fires: ['family'] },
    { name: 'refused twice, 6 months and a day apart', events: [refused('2020-01-31'), refused('2020-08-01')], asOf: '2020-12-31', fires: [] },
    { name: 'refused once, then full access', events: [refused('2020-01-01'), visit('2020-02-01')], asOf: '2020-12-31', fires: [] },
    { name: 'one of each clause is not a pair', events: [refused('2020-01-01'), livingRoomOnly('2020-02-01')], asOf: '2020-12-31', fires: [] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(homeNotSeenRule, buildFamily({ events }), asOf)).toEqual(fires)
  })

  it('alerts the family once per clause, with the visits and the threshold in words', () => {
    const events = [
      livingRoomOnly('2020-01-01', { access: 'partial' }),
      livingRoomOnly('2020-02-01', { access: 'partial' }),
      refused('2020-03-01'),
    ]
    expect(evaluateRule(homeNotSeenRule, buildFamily({ events }), '2020-03-01')).toEqual([
      {
        subject: 'family', key: 'areas', events: ['E1', 'E2'],
        threshold: '2 home visits that did not see the kitchen or where the children sleep within 6 months (2020-01-01 to 2020-02-01); the threshold is 2 within 6 months',
      },
      {
        subject: 'family', key: 'access', events: ['E1', 'E2'],
        threshold: '2 home visits refused, unanswered or with partial access within 6 months (2020-01-01 to 2020-02-01); the threshold is 2 within 6 months',
      },
    ])
  })

  it('follows configured thresholds', () => {
    const doc = buildFamily({ events: [refused('2020-01-01'), refused('2020-02-01'), refused('2020-10-01')] })
    expect(subjectsFiring(homeNotSeenRule, doc, '2020-12-31', { count: 3 })).toEqual([])
    expect(subjectsFiring(homeNotSeenRule, doc, '2020-12-31', { count: 3, withinMonths: 9 })).toEqual(['family'])
  })

  it('once known, holds for the rest of the replay (readings §1.5)', () => {
    const doc = buildFamily({ events: [refused('2020-01-01'), refused('2020-02-01'), visit('2020-03-01', { areas_seen: ['kitchen', 'child_bedroom'] }), buildEvent('note', { date: '2023-01-01' })] })
    expect(replayRule(homeNotSeenRule, doc).map((a) => [a.subject, a.key, a.first_fired, a.until])).toEqual([
      ['family', 'access', '2020-02-01', null],
    ])
  })
})
