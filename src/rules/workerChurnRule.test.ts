import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'
import { workerChurnRule } from './workerChurnRule.ts'

const change = (date: string, overrides: Partial<EventOf<'worker_change'>> = {}) =>
  buildEvent('worker_change', { date, role: 'social_worker', subjects: ['C1', 'C2'], ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2'), buildChild('C3')]

describe('worker-churn', () => {
  it.each([
    { name: '3 changes exactly 12 months apart', events: [change('2018-10-18'), change('2019-01-10'), change('2019-10-18')], fires: ['C1', 'C2'] },
    { name: '3 changes 12 months and a day apart', events: [change('2018-10-18'), change('2019-01-10'), change('2019-10-19')], fires: [] },
    { name: 'month-end clamping: 31 Jan + 12 months is 31 Jan', events: [change('2020-01-31'), change('2020-06-01'), change('2021-01-31')], fires: ['C1', 'C2'] },
    { name: 'an anniversary of 29 Feb falls on 1 Mar', events: [change('2020-02-29'), change('2020-06-01'), change('2021-03-01')], fires: ['C1', 'C2'] },
    { name: 'an anniversary of 29 Feb: 2 Mar is past it', events: [change('2020-02-29'), change('2020-06-01'), change('2021-03-02')], fires: [] },
    { name: '2 changes', events: [change('2018-10-18'), change('2019-01-10')], fires: [] },
    { name: 'other roles do not count', events: [change('2018-10-18'), change('2019-01-10'), change('2019-02-01', { role: 'health_visitor' })], fires: [] },
    { name: 'the third not yet known', events: [change('2018-10-18'), change('2019-01-10'), change('2019-05-14', { recorded: '2022-01-01' })], fires: [] },
    { name: 'the third known on its recorded date', events: [change('2018-10-18'), change('2019-01-10'), change('2019-05-14', { recorded: '2021-12-31' })], fires: ['C1', 'C2'] },
    { name: 'counted over the family: every child the three are about', events: [change('2018-10-18', { subjects: ['C1'] }), change('2019-01-10', { subjects: ['C2'] }), change('2019-05-14', { subjects: ['C2'] })], fires: ['C1', 'C2'] },
    { name: 'changes naming no child are about every child', events: [change('2018-10-18', { subjects: ['M1'] }), change('2019-01-10'), change('2019-05-14')], fires: ['C1', 'C2', 'C3'] },
    { name: 'a child only in a later run is alerted too', events: [change('2018-10-18', { subjects: ['C1'] }), change('2019-01-10', { subjects: ['C1'] }), change('2019-05-14', { subjects: ['C1'] }), change('2019-06-01', { subjects: ['C3'] })], fires: ['C1', 'C3'] },
    { name: 'a change outside every run does not alert its child', events: [change('2017-01-01', { subjects: ['C3'] }), change('2018-10-18'), change('2019-01-10'), change('2019-05-14')], fires: ['C1', 'C2'] },
  ])('$name', ({ events, fires }) => {
    expect(subjectsFiring(workerChurnRule, buildFamily({ people, events }), '2021-12-31')).toEqual(fires)
  })

  it('alerts the family when the changes are about no child', () => {
    const doc = buildFamily({ people: [buildAdult('M1'), buildChild('C1', { born: '2020-01-01' })], events: [change('2018-10-18', { subjects: ['M1'] }), change('2019-01-10', { subjects: ['M1'] }), change('2019-05-14', { subjects: ['M1'] })] })
    expect(subjectsFiring(workerChurnRule, doc, '2019-06-01')).toEqual(['family'])
  })

  it('names the run and the threshold in words; count, months and roles are configurable', () => {
    const doc = buildFamily({ people, events: [change('2018-10-18'), change('2019-01-10'), change('2019-05-14', { role: 'team_manager' }), change('2019-06-01')] })
    expect(evaluateRule(workerChurnRule, doc, '2019-06-01')).toEqual([
      { subject: 'C1', events: ['E1', 'E2', 'E4'], threshold: '3 changes of social_worker within 12 months (2018-10-18 to 2019-06-01); the threshold is 3 within 12 months' },
      { subject: 'C2', events: ['E1', 'E2', 'E4'], threshold: '3 changes of social_worker within 12 months (2018-10-18 to 2019-06-01); the threshold is 3 within 12 months' },
    ])
    expect(subjectsFiring(workerChurnRule, doc, '2019-06-01', { count: 4 })).toEqual([])
    expect(subjectsFiring(workerChurnRule, doc, '2019-06-01', { count: 4, roles: ['social_worker', 'team_manager'] })).toEqual(['C1', 'C2'])
    expect(subjectsFiring(workerChurnRule, doc, '2019-06-01', { withinMonths: 7 })).toEqual([])
  })

  it('a child reached only by a later run is alerted from that run', () => {
    const doc = buildFamily({ people, events: [change('2018-10-18'), change('2019-01-10'), change('2019-05-14'), change('2019-06-01', { subjects: ['C3'] })] })
    expect(evaluateRule(workerChurnRule, doc, '2019-06-01').find((f) => f.subject === 'C3')?.events).toEqual(['E2', 'E3', 'E4'])
  })

  it('once known, holds for the rest of the replay', () => {
    const doc = buildFamily({ people, events: [change('2018-10-18'), change('2019-01-10'), change('2019-05-14'), buildEvent('note', { date: '2021-01-01' })] })
    expect(replayRule(workerChurnRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2019-05-14', null], ['C2', '2019-05-14', null]])
  })
})
