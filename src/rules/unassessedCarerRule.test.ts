import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'
import { unassessedCarerRule } from './unassessedCarerRule.ts'

const placed = (date: string, overrides: Partial<EventOf<'placement'>> = {}) =>
  buildEvent('placement', { date, carer: 'G1', kind: 'kinship', subjects: ['C1'], ...overrides })
const assessed = (date: string, overrides: Partial<EventOf<'assessment'>> = {}) =>
  buildEvent('assessment', { date, kind: 'viability', carer: 'G1', subjects: ['C1', 'G1'], ...overrides })

const people = [buildAdult('M1'), buildAdult('G1'), buildAdult('A1'), buildChild('C1'), buildChild('C2')]

describe('unassessed-carer', () => {
  // Mon 17 Sep 2018: the 10th working day after is Mon 1 Oct, the 10th before is Mon 3 Sep.
  it.each([
    { name: 'carer_assessed false: holds from the placement', events: [placed('2018-09-17', { carer_assessed: false })], asOf: '2018-09-17', fires: ['C1'] },
    { name: 'carer_assessed absent: not recorded is not assessed', events: [placed('2018-09-17')], asOf: '2018-09-17', fires: ['C1'] },
    { name: 'carer_assessed true', events: [placed('2018-09-17', { carer_assessed: true })], asOf: '2018-09-17', fires: [] },
    { name: 'change start counts', events: [placed('2018-09-17', { change: 'start' })], asOf: '2018-09-17', fires: ['C1'] },
    { name: 'an end is not a placement', events: [placed('2018-09-17', { change: 'end', carer_assessed: false })], asOf: '2018-09-17', fires: [] },
    { name: 'not known before it is recorded', events: [placed('2018-09-17', { recorded: '2018-09-20' })], asOf: '2018-09-19', fires: [] },
    { name: 'known on its recorded date', events: [placed('2018-09-17', { recorded: '2018-09-20' })], asOf: '2018-09-20', fires: ['C1'] },
    { name: 'a viability assessment on the 10th working day after clears it', events: [placed('2018-09-17'), assessed('2018-10-01')], asOf: '2018-12-31', fires: [] },
    { name: 'one on the 11th working day does not', events: [placed('2018-09-17'), assessed('2018-10-02')], asOf: '2018-12-31', fires: ['C1'] },
    { name: 'one on the 10th working day before clears it', events: [assessed('2018-09-03'), placed('2018-09-17')], asOf: '2018-12-31', fires: [] },
    { name: 'one on the 11th working day before does not', events: [assessed('2018-08-31'), placed('2018-09-17')], asOf: '2018-12-31', fires: ['C1'] },
    // Fri 21 Dec 2018: 25, 26 Dec and 1 Jan are bank holidays, so the 10th working day after is Wed 9 Jan 2019.
    { name: 'bank holidays are not working days: the 10th after', events: [placed('2018-12-21'), assessed('2019-01-09')], asOf: '2019-03-31', fires: [] },
    { name: 'bank holidays are not working days: the 11th after', events: [placed('2018-12-21'), assessed('2019-01-10')], asOf: '2019-03-31', fires: ['C1'] },
    { name: 'a connected carer assessment counts', events: [placed('2018-09-17'), assessed('2018-09-20', { kind: 'connected_carer' })], asOf: '2018-12-31', fires: [] },
    { name: 'another kind of assessment does not', events: [placed('2018-09-17'), assessed('2018-09-20', { kind: 'parenting_capacity' })], asOf: '2018-12-31', fires: ['C1'] },
    { name: 'an assessment of another carer does not', events: [placed('2018-09-17'), assessed('2018-09-20', { carer: 'A1' })], asOf: '2018-12-31', fires: ['C1'] },
    { name: 'an assessment naming no carer does not', events: [placed('2018-09-17'), assessed('2018-09-20', { carer: undefined })], asOf: '2018-12-31', fires: ['C1'] },
    { name: 'a placement with no carer is never cleared', events: [placed('2018-09-17', { carer: undefined }), assessed('2018-09-20', { carer: undefined })], asOf: '2018-12-31', fires: ['C1'] },
    { name: 'an assessment recorded late: holds until it is known', events: [placed('2018-09-17'), assessed('2018-09-20', { recorded: '2018-11-01' })], asOf: '2018-10-31', fires: ['C1'] },
    { name: 'an assessment recorded late: cleared once known', events: [placed('2018-09-17'), assessed('2018-09-20', { recorded: '2018-11-01' })], asOf: '2018-11-01', fires: [] },
    { name: 'the placement\'s children only', events: [placed('2018-09-17', { subjects: ['C2', 'G1'] })], asOf: '2018-09-17', fires: ['C2'] },
    { name: 'a later end does not clear it', events: [placed('2018-09-17'), placed('2018-09-26', { change: 'end' })], asOf: '2018-12-31', fires: ['C1'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(unassessedCarerRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the placement and the threshold in words; the working days are configurable', () => {
    const doc = buildFamily({ people, events: [placed('2018-09-17', { carer_assessed: false }), assessed('2018-09-26')] })
    expect(evaluateRule(unassessedCarerRule, doc, '2018-09-20')).toEqual([{
      subject: 'C1', events: ['E1'], key: 'E1',
      threshold: 'placed with G1 on 2018-09-17, recorded as not assessed, and no viability or connected carer assessment within 10 working days of it; the threshold is an assessment within 10 working days',
    }])
    // 26 Sep is the 7th working day after 17 Sep.
    expect(subjectsFiring(unassessedCarerRule, doc, '2018-12-31', { workingDays: 7 })).toEqual([])
    expect(subjectsFiring(unassessedCarerRule, doc, '2018-12-31', { workingDays: 6 })).toEqual(['C1'])
  })

  it('replays: each placement its own alert, resolved when an assessment of its carer becomes known', () => {
    const doc = buildFamily({
      people,
      events: [
        placed('2018-09-17'),
        placed('2018-09-26', { carer: 'A1' }),
        assessed('2018-09-20', { recorded: '2018-10-15' }),
        buildEvent('note', { date: '2018-12-31' }),
      ],
    })
    expect(replayRule(unassessedCarerRule, doc).map((a) => [a.key, a.first_fired, a.until])).toEqual([
      ['E1', '2018-09-17', '2018-10-15'],
      ['E2', '2018-09-26', null],
    ])
  })
})
