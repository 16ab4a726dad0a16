import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { longProtectionPlanRule } from './longProtectionPlanRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const plan = (date: string, change: 'start' | 'review' | 'end', overrides: Partial<EventOf<'plan'>> = {}) =>
  buildEvent('plan', { date, change, plan: 'child_protection', category: 'neglect', ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]

describe('long-protection-plan', () => {
  it.each([
    { name: 'open 12 months to the day', events: [plan('2020-03-15', 'start')], asOf: '2021-03-15', fires: ['C1'] },
    { name: 'open one day short of 12 months', events: [plan('2020-03-15', 'start')], asOf: '2021-03-14', fires: [] },
    { name: 'ended on the anniversary: the end day is off the plan', events: [plan('2020-03-15', 'start'), plan('2021-03-15', 'end')], asOf: '2021-03-15', fires: [] },
    { name: 'ended the day after the anniversary', events: [plan('2020-03-15', 'start'), plan('2021-03-16', 'end')], asOf: '2021-03-15', fires: ['C1'] },
    { name: 'month-end start: 31 Jan + 12 months', events: [plan('2020-01-31', 'start')], asOf: '2021-01-31', fires: ['C1'] },
    { name: '29 Feb start: fires on 1 Mar in a common year', events: [plan('2020-02-29', 'start')], asOf: '2021-03-01', fires: ['C1'] },
    { name: '29 Feb start: not on 28 Feb', events: [plan('2020-02-29', 'start')], asOf: '2021-02-28', fires: [] },
    { name: 'a review opens the plan when none is open', events: [plan('2020-03-15', 'review')], asOf: '2021-03-15', fires: ['C1'] },
    { name: 'a new plan restarts the clock', events: [plan('2019-01-01', 'start'), plan('2019-06-01', 'end'), plan('2020-03-15', 'start')], asOf: '2021-03-14', fires: [] },
    { name: 'a child in need plan does not count', events: [plan('2020-03-15', 'start', { plan: 'child_in_need' })], asOf: '2022-01-01', fires: [] },
    { name: 'an unknown end does not stop it', events: [plan('2020-03-15', 'start'), plan('2021-01-01', 'end', { recorded: '2021-04-01' })], asOf: '2021-03-31', fires: ['C1'] },
    { name: 'only the children the plan names', events: [plan('2020-03-15', 'start', { subjects: ['C2', 'M1'] })], asOf: '2021-03-15', fires: ['C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(longProtectionPlanRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the start and the threshold', () => {
    const doc = buildFamily({ people, events: [plan('2020-03-15', 'start')] })
    expect(evaluateRule(longProtectionPlanRule, doc, '2021-06-01')).toEqual([{
      subject: 'C1', events: ['E1'], threshold: 'child protection plan open since 2020-03-15; the threshold is 12 months',
    }])
    expect(subjectsFiring(longProtectionPlanRule, doc, '2020-09-15', { months: 6 })).toEqual(['C1'])
  })

  it('replays from the anniversary to the end of the plan, and resolves when an end becomes known', () => {
    const doc = buildFamily({ people, events: [plan('2020-03-15', 'start'), plan('2021-01-01', 'end', { recorded: '2021-04-01' })] })
    expect(replayRule(longProtectionPlanRule, doc)).toMatchObject([{ subject: 'C1', first_fired: '2021-03-15', until: '2021-04-01' }])
  })
})
