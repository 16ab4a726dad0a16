import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { escalationUnresolvedRule } from './escalationUnresolvedRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const raised = (date: string, overrides: Partial<EventOf<'escalation'>> = {}) =>
  buildEvent('escalation', { date, raised_by: 'early_help', about: 'housing', status: 'raised', ...overrides })
const resolved = (date: string, overrides: Partial<EventOf<'escalation'>> = {}) =>
  buildEvent('escalation', { date, raised_by: 'early_help', about: 'housing', status: 'resolved', ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]

describe('escalation-unresolved', () => {
  // Mon 8 Feb 2021 + 20 working days = Mon 8 Mar 2021.
  it.each([
    { name: 'on the 20th working day after it', events: [raised('2021-02-08')], asOf: '2021-03-08', fires: ['C1'] },
    { name: 'on the 19th working day', events: [raised('2021-02-08')], asOf: '2021-03-05', fires: [] },
    // Fri 18 Dec 2020: 25 and 28 Dec and 1 Jan are bank holidays, so the 20th working day is Wed 20 Jan 2021.
    { name: 'bank holidays are not working days: on the 20th', events: [raised('2020-12-18')], asOf: '2021-01-20', fires: ['C1'] },
    { name: 'bank holidays are not working days: the day before', events: [raised('2020-12-18')], asOf: '2021-01-19', fires: [] },
    { name: 'status unresolved counts', events: [raised('2021-02-08', { status: 'unresolved' })], asOf: '2021-03-08', fires: ['C1'] },
    { name: 'no status counts', events: [raised('2021-02-08', { status: undefined })], asOf: '2021-03-08', fires: ['C1'] },
    { name: 'an entry with refers_to is not an escalation of its own', events: [raised('2021-02-08', { status: 'unresolved', refers_to: 'X1' })], asOf: '2021-06-01', fires: [] },
    { name: 'a resolved entry on its own is not an escalation', events: [resolved('2021-02-08')], asOf: '2021-06-01', fires: [] },
    { name: 'resolved by refers_to', events: [raised('2021-02-08'), resolved('2021-02-26', { refers_to: 'E1' })], asOf: '2021-06-01', fires: [] },
    { name: 'refers_to another escalation does not resolve it', events: [raised('2021-02-08'), resolved('2021-02-26', { refers_to: 'E9' })], asOf: '2021-06-01', fires: ['C1'] },
    { name: 'resolved on the same day counts (on or after)', events: [raised('2021-02-08'), resolved('2021-02-08', { refers_to: 'E1' })], asOf: '2021-06-01', fires: [] },
    { name: 'a resolution dated before it does not count', events: [resolved('2021-02-05'), raised('2021-02-08')], asOf: '2021-06-01', fires: ['C1'] },
    { name: 'no refers_to: the same about resolves it', events: [raised('2021-02-08'), resolved('2021-02-26', { raised_by: 'school' })], asOf: '2021-06-01', fires: [] },
    { name: 'no refers_to: a different about does not, even from the same raiser', events: [raised('2021-02-08'), resolved('2021-02-26', { about: 'school place' })], asOf: '2021-06-01', fires: ['C1'] },
    { name: 'no about on the resolution: the same raiser resolves it', events: [raised('2021-02-08'), resolved('2021-02-26', { about: undefined })], asOf: '2021-06-01', fires: [] },
    { name: 'no about on the escalation: another raiser does not', events: [raised('2021-02-08', { about: undefined }), resolved('2021-02-26', { raised_by: 'school' })], asOf: '2021-06-01', fires: ['C1'] },
    { name: 'a resolution not yet known does not count', events: [raised('2021-02-08'), resolved('2021-02-26', { refers_to: 'E1', recorded: '2021-04-01' })], asOf: '2021-03-31', fires: ['C1'] },
    { name: 'a resolution counts from its recorded date', events: [raised('2021-02-08'), resolved('2021-02-26', { refers_to: 'E1', recorded: '2021-04-01' })], asOf: '2021-04-01', fires: [] },
    { name: 'the escalation\'s children only', events: [raised('2021-02-08', { subjects: ['C2'] })], asOf: '2021-03-08', fires: ['C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(escalationUnresolvedRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the escalation and the threshold in words; the working days are configurable', () => {
    const doc = buildFamily({ people, events: [raised('2021-02-08')] })
    expect(evaluateRule(escalationUnresolvedRule, doc, '2021-03-08')).toEqual([{
      subject: 'C1', events: ['E1'], key: 'E1',
      threshold: 'escalation raised by early_help about housing on 2021-02-08, still unresolved 20 working days after it, on 2021-03-08; the threshold is 20 working days',
    }])
    expect(subjectsFiring(escalationUnresolvedRule, doc, '2021-02-22', { workingDays: 10 })).toEqual(['C1'])
    expect(subjectsFiring(escalationUnresolvedRule, doc, '2021-02-19', { workingDays: 10 })).toEqual([])
  })

  it('two escalations are two alerts, each resolved by its own entry', () => {
    const doc = buildFamily({
      people,
      events: [
        raised('2021-02-08'),
        raised('2021-02-09', { raised_by: 'health_visitor' }),
        resolved('2021-02-26', { refers_to: 'E1', recorded: '2021-03-15' }),
        resolved('2021-03-20', { refers_to: 'E2' }),
        buildEvent('note', { date: '2021-04-30' }),
      ],
    })
    expect(replayRule(escalationUnresolvedRule, doc).map((a) => [a.key, a.first_fired, a.until])).toEqual([
      ['E1', '2021-03-08', '2021-03-15'],
      ['E2', '2021-03-09', '2021-03-20'],
    ])
  })
})
