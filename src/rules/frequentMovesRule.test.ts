import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { frequentMovesRule } from './frequentMovesRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const move = (date: string, overrides: Partial<EventOf<'address_change'>> = {}) =>
  buildEvent('address_change', { date, agency: 'housing', subjects: ['M1', 'C1'], ...overrides })

// C2 is born on 2021-06-01, after the first moves.
const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2', { born: '2021-06-01' })]

describe('frequent-moves', () => {
  it.each([
    { name: '3 moves exactly 24 months from first to last', events: [move('2019-03-15'), move('2020-01-10'), move('2021-03-15')], asOf: '2021-03-15', fires: ['C1'] },
    { name: 'not before the third is dated', events: [move('2019-03-15'), move('2020-01-10'), move('2021-03-15')], asOf: '2021-03-14', fires: [] },
    { name: '3 moves 24 months and a day from first to last', events: [move('2019-03-15'), move('2020-01-10'), move('2021-03-16')], asOf: '2022-12-31', fires: [] },
    { name: '2 moves', events: [move('2019-03-15'), move('2020-01-10')], asOf: '2022-12-31', fires: [] },
    { name: 'a fourth move can complete a later set', events: [move('2019-03-15'), move('2020-01-10'), move('2021-03-16'), move('2021-04-01')], asOf: '2021-04-01', fires: ['C1'] },
    // 29 Feb 2020 + 24 months falls on 1 Mar 2022 (readings §1.4).
    { name: 'from 29 Feb: the anniversary is 1 Mar', events: [move('2020-02-29'), move('2021-01-01'), move('2022-03-01')], asOf: '2022-03-01', fires: ['C1'] },
    { name: 'from 29 Feb: 2 Mar is past it', events: [move('2020-02-29'), move('2021-01-01'), move('2022-03-02')], asOf: '2022-12-31', fires: [] },
    { name: 'a month-only date is placed on the 1st', events: [move('2019-03'), move('2020-01-10'), move('2021-03-01')], asOf: '2021-03-01', fires: ['C1'] },
    { name: 'a move recorded late counts from its recorded date', events: [move('2019-03-15'), move('2020-01-10'), move('2021-03-01', { recorded: '2021-04-01' })], asOf: '2021-03-31', fires: [] },
    { name: 'a move recorded late, on its recorded date', events: [move('2019-03-15'), move('2020-01-10'), move('2021-03-01', { recorded: '2021-04-01' })], asOf: '2021-04-01', fires: ['C1'] },
    { name: 'moves naming no child are about every child born by then', events: [move('2019-03-15', { subjects: ['M1'] }), move('2020-01-10', { subjects: ['M1'] }), move('2021-03-01', { subjects: ['M1'] })], asOf: '2021-03-01', fires: ['C1'] },
    { name: 'a child named only in a later set is alerted too', events: [move('2019-03-15'), move('2020-01-10'), move('2021-03-01'), move('2021-07-01', { subjects: ['M1', 'C1', 'C2'] })], asOf: '2021-07-01', fires: ['C1', 'C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(frequentMovesRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('alerts the family when the moves are about no child', () => {
    const doc = buildFamily({ people: [buildAdult('M1')], events: [move('2019-03-15', { subjects: ['M1'] }), move('2020-01-10', { subjects: ['M1'] }), move('2021-03-01', { subjects: ['M1'] })] })
    expect(subjectsFiring(frequentMovesRule, doc, '2021-03-01')).toEqual(['family'])
  })

  it('names the moves, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [move('2019-03-15'), move('2020-01-10'), move('2021-03-01')] })
    expect(evaluateRule(frequentMovesRule, doc, '2021-03-01')).toEqual([{
      subject: 'C1', events: ['E1', 'E2', 'E3'],
      threshold: '3 moves within 24 months (2019-03-15 to 2021-03-01); the threshold is 3 within 24 months',
    }])
  })

  it('follows configured thresholds', () => {
    const doc = buildFamily({ people, events: [move('2019-03-15'), move('2020-01-10'), move('2021-03-01')] })
    expect(subjectsFiring(frequentMovesRule, doc, '2021-03-01', { count: 4 })).toEqual([])
    expect(subjectsFiring(frequentMovesRule, doc, '2021-03-01', { withinMonths: 23 })).toEqual([])
    expect(subjectsFiring(frequentMovesRule, doc, '2020-01-10', { count: 2, withinMonths: 10 })).toEqual(['C1'])
  })

  it('once known, holds for the rest of the replay (readings §5)', () => {
    const doc = buildFamily({ people, events: [move('2019-03-15'), move('2020-01-10'), move('2021-03-01'), buildEvent('note', { date: '2024-01-01' })] })
    expect(replayRule(frequentMovesRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2021-03-01', null]])
  })
})
