import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'
import { wasNotBroughtRule } from './wasNotBroughtRule.ts'

const missed = (date: string, overrides: Partial<EventOf<'appointment'>> = {}) =>
  buildEvent('appointment', { date, agency: 'gp', status: 'was_not_brought', ...overrides })

describe('was-not-brought', () => {
  it.each([
    { name: '2 missed exactly 6 months apart', events: [missed('2020-01-31'), missed('2020-07-31')], asOf: '2020-07-31', fires: ['C1'] },
    { name: '2 missed 6 months and a day apart', events: [missed('2020-01-31'), missed('2020-08-01')], asOf: '2020-12-31', fires: [] },
    { name: 'month-end clamping: 31 Aug + 6 months is 29 Feb', events: [missed('2019-08-31'), missed('2020-02-29')], asOf: '2020-03-01', fires: ['C1'] },
    { name: 'month-end clamping: 1 Mar is past it', events: [missed('2019-08-31'), missed('2020-03-01')], asOf: '2020-03-01', fires: [] },
    { name: 'one missed appointment', events: [missed('2020-01-01')], asOf: '2020-12-31', fires: [] },
    { name: 'did_not_attend counts for a child', events: [missed('2020-01-01', { status: 'did_not_attend' }), missed('2020-02-01')], asOf: '2020-02-01', fires: ['C1'] },
    { name: 'cancelled and attended do not count', events: [missed('2020-01-01', { status: 'cancelled_by_family' }), missed('2020-02-01', { status: 'attended' }), missed('2020-03-01')], asOf: '2020-12-31', fires: [] },
    { name: 'the second is not yet known the day before', events: [missed('2020-01-01'), missed('2020-02-01')], asOf: '2020-01-31', fires: [] },
    { name: 'a late GP letter counts from its recorded date', events: [missed('2020-01-01'), missed('2020-02-01', { recorded: '2020-03-10' })], asOf: '2020-03-09', fires: [] },
    { name: 'a late GP letter, on its recorded date', events: [missed('2020-01-01'), missed('2020-02-01', { recorded: '2020-03-10' })], asOf: '2020-03-10', fires: ['C1'] },
    { name: 'a month-only date counts from the end of its month', events: [missed('2020-01-10'), missed('2020-02')], asOf: '2020-02-28', fires: [] },
    { name: 'a month-only date is placed on the 1st', events: [missed('2019-08-01'), missed('2020-02')], asOf: '2020-02-29', fires: ['C1'] },
    { name: "another child's appointment is not this child's", events: [missed('2020-01-01'), missed('2020-02-01', { subjects: ['C2'] })], asOf: '2020-12-31', fires: [] },
  ])('$name', ({ events, asOf, fires }) => {
    const doc = buildFamily({ people: [buildChild('C1'), buildChild('C2')], events })
    expect(subjectsFiring(wasNotBroughtRule, doc, asOf)).toEqual(fires)
  })

  it('alerts each child named, with the two appointments and the threshold in words', () => {
    const doc = buildFamily({
      people: [buildChild('C1'), buildChild('C2')],
      events: [missed('2020-01-01', { subjects: ['C1', 'C2', 'M1'] }), missed('2020-03-01', { subjects: ['C1', 'C2'] })],
    })
    const findings = evaluateRule(wasNotBroughtRule, doc, '2020-03-01')
    expect(findings).toEqual([
      { subject: 'C1', events: ['E1', 'E2'], threshold: '2 health appointments missed within 6 months; the threshold is 2 within 6 months' },
      { subject: 'C2', events: ['E1', 'E2'], threshold: '2 health appointments missed within 6 months; the threshold is 2 within 6 months' },
    ])
  })

  it('follows configured thresholds', () => {
    const doc = buildFamily({ events: [missed('2020-01-01'), missed('2020-02-01'), missed('2020-10-01')] })
    expect(subjectsFiring(wasNotBroughtRule, doc, '2020-12-31', { count: 3 })).toEqual([])
    expect(subjectsFiring(wasNotBroughtRule, doc, '2020-12-31', { count: 3, withinMonths: 9 })).toEqual(['C1'])
  })

  it('once known, holds for the rest of the replay (readings §1.5)', () => {
    const doc = buildFamily({ events: [missed('2020-01-01'), missed('2020-02-01'), buildEvent('note', { date: '2023-01-01' })] })
    const [episode, ...rest] = replayRule(wasNotBroughtRule, doc)
    expect(rest).toEqual([])
    expect(episode).toMatchObject({ rule: 'was-not-brought', subject: 'C1', first_fired: '2020-02-01', until: null, source: 'WT 1, SCR6' })
  })
})
