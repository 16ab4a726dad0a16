import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { ploDriftRule } from './ploDriftRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const plo = (date: string, change: 'start' | 'review' | 'end', overrides: Partial<EventOf<'plan'>> = {}) =>
  buildEvent('plan', { date, change, plan: 'plo_pre_proceedings', subjects: ['C1', 'M1'], ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]

describe('plo-drift', () => {
  // 16 Apr 2019 + 112 days (16 weeks) = 6 Aug 2019; day 113 is 7 Aug.
  it.each([
    { name: 'day 113 after the start: more than 16 weeks', events: [plo('2019-04-16', 'start')], asOf: '2019-08-07', fires: ['C1'] },
    { name: 'day 112: exactly 16 weeks is not more', events: [plo('2019-04-16', 'start')], asOf: '2019-08-06', fires: [] },
    { name: 'ended on day 113: the end day is off the plan', events: [plo('2019-04-16', 'start'), plo('2019-08-07', 'end')], asOf: '2019-08-07', fires: [] },
    { name: 'ended on day 114: still on it on day 113', events: [plo('2019-04-16', 'start'), plo('2019-08-08', 'end')], asOf: '2019-08-07', fires: ['C1'] },
    { name: 'ended long ago: nothing open', events: [plo('2019-04-16', 'start'), plo('2019-06-01', 'end')], asOf: '2020-01-01', fires: [] },
    { name: 'a care proceedings start does not stop it', events: [plo('2019-04-16', 'start'), plo('2019-05-01', 'start', { plan: 'care_proceedings' })], asOf: '2019-08-07', fires: ['C1'] },
    { name: 'an end of another kind does not stop it', events: [plo('2019-04-16', 'start'), plo('2019-05-01', 'end', { plan: 'child_protection' })], asOf: '2019-08-07', fires: ['C1'] },
    { name: 'an end recorded later does not stop it before it is known', events: [plo('2019-04-16', 'start'), plo('2019-06-01', 'end', { recorded: '2019-09-01' })], asOf: '2019-08-31', fires: ['C1'] },
    { name: 'an end recorded later stops it once known', events: [plo('2019-04-16', 'start'), plo('2019-06-01', 'end', { recorded: '2019-09-01' })], asOf: '2019-09-01', fires: [] },
    { name: 'a review opens the plan when none is open', events: [plo('2019-04-16', 'review')], asOf: '2019-08-07', fires: ['C1'] },
    { name: 'a new plan restarts the clock', events: [plo('2018-01-01', 'start'), plo('2018-03-01', 'end'), plo('2019-04-16', 'start')], asOf: '2019-08-06', fires: [] },
    { name: 'a child in need plan does not count', events: [plo('2019-04-16', 'start', { plan: 'child_in_need' })], asOf: '2020-04-16', fires: [] },
    { name: 'only the children the plan names', events: [plo('2019-04-16', 'start', { subjects: ['C2', 'M1'] })], asOf: '2019-08-07', fires: ['C2'] },
    // 8 Dec 2014 + 113 days = 31 Mar 2015 (child-d).
    { name: 'across a year end', events: [plo('2014-12-08', 'start')], asOf: '2015-03-31', fires: ['C1'] },
    { name: 'across a year end, the day before', events: [plo('2014-12-08', 'start')], asOf: '2015-03-30', fires: [] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(ploDriftRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the start, with the threshold in words, and follows the configured weeks', () => {
    const doc = buildFamily({ people, events: [plo('2019-04-16', 'start')] })
    expect(evaluateRule(ploDriftRule, doc, '2019-09-01')).toEqual([{
      subject: 'C1', events: ['E1'],
      threshold: 'pre-proceedings open since 2019-04-16 with no end, more than 16 weeks from 2019-08-07; the threshold is more than 16 weeks',
    }])
    // 12 weeks = 84 days: day 85 is 10 Jul.
    expect(subjectsFiring(ploDriftRule, doc, '2019-07-10', { weeks: 12 })).toEqual(['C1'])
    expect(subjectsFiring(ploDriftRule, doc, '2019-07-09', { weeks: 12 })).toEqual([])
  })

  it('replays from day 113 to the end of the plan', () => {
    const doc = buildFamily({ people, events: [plo('2019-04-16', 'start'), plo('2019-12-03', 'end'), buildEvent('note', { date: '2020-01-31' })] })
    expect(replayRule(ploDriftRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2019-08-07', '2019-12-03']])
  })
})
