import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { noNeglectToolRule } from './noNeglectToolRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildUnborn, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const plan = (date: string, change: 'start' | 'review' | 'end' = 'start', overrides: Partial<EventOf<'plan'>> = {}) =>
  buildEvent('plan', { date, change, plan: 'child_protection', category: 'neglect', ...overrides })
const tool = (date: string, overrides: Partial<EventOf<'assessment'>> = {}) =>
  buildEvent('assessment', { date, kind: 'neglect_tool', tool: 'gcp2', ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]

describe('no-neglect-tool', () => {
  it.each([
    { name: 'never assessed: caught on the plan\'s first day', events: [plan('2020-03-02')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'never assessed: not the day before the plan', events: [plan('2020-03-02', 'start', { recorded: '2020-03-02' })], asOf: '2020-03-01', fires: [] },
    { name: 'a tool before the plan counts: last day of its window', events: [tool('2019-10-01'), plan('2020-03-02')], asOf: '2020-04-01', fires: [] },
    { name: 'a tool before the plan counts: the day after its window', events: [tool('2019-10-01'), plan('2020-03-02')], asOf: '2020-04-02', fires: ['C1'] },
    { name: 'month-end clamping: 31 Aug + 6 months is 29 Feb', events: [tool('2019-08-31'), plan('2020-01-02')], asOf: '2020-02-29', fires: [] },
    { name: 'month-end clamping: 1 Mar is past it', events: [tool('2019-08-31'), plan('2020-01-02')], asOf: '2020-03-01', fires: ['C1'] },
    { name: 'a plan with no category', events: [plan('2020-03-02', 'start', { category: undefined })], asOf: '2020-12-31', fires: [] },
    { name: 'a plan for another category', events: [plan('2020-03-02', 'start', { category: 'emotional_abuse' })], asOf: '2020-12-31', fires: [] },
    { name: 'a list including neglect', events: [plan('2020-03-02', 'start', { category: ['emotional_abuse', 'neglect'] })], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'multiple counts for neglect', events: [plan('2020-03-02', 'start', { category: 'multiple' })], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'a child in need plan with category neglect counts', events: [plan('2020-03-02', 'start', { plan: 'child_in_need' })], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'a review adds neglect: not before it', events: [plan('2020-03-02', 'start', { category: 'emotional_abuse' }), plan('2020-06-01', 'review')], asOf: '2020-05-31', fires: [] },
    { name: 'a review adds neglect: from its date', events: [plan('2020-03-02', 'start', { category: 'emotional_abuse' }), plan('2020-06-01', 'review')], asOf: '2020-06-01', fires: ['C1'] },
    { name: 'a review with no category keeps neglect', events: [plan('2020-03-02'), plan('2020-06-01', 'review', { category: undefined })], asOf: '2020-06-01', fires: ['C1'] },
    { name: 'the plan\'s end day is off the plan', events: [plan('2020-03-02'), plan('2020-06-01', 'end')], asOf: '2020-06-01', fires: [] },
    { name: 'a tool of another child does not count', events: [tool('2020-03-01', { subjects: ['C2'] }), plan('2020-03-02')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'another kind of assessment does not count', events: [buildEvent('assessment', { date: '2020-03-01', kind: 'single' }), plan('2020-03-02')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'a tool dated in the window but recorded later: before it is known', events: [plan('2020-03-02'), tool('2020-03-10', { recorded: '2020-04-20' })], asOf: '2020-04-19', fires: ['C1'] },
    { name: 'a tool dated in the window but recorded later: once known', events: [plan('2020-03-02'), tool('2020-03-10', { recorded: '2020-04-20' })], asOf: '2020-04-20', fires: [] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(noNeglectToolRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  describe('a baby on a neglect plan from before birth', () => {
    const family = buildFamily({
      people: [buildAdult('M1'), buildUnborn('U1')],
      events: [
        plan('2020-01-02', 'start', { subjects: ['M1', 'U1'] }),
        buildEvent('birth', { date: '2020-01-15', child: 'U1', subjects: ['M1', 'U1'] }),
      ],
    })

    it.each([
      ['2020-01-14', []],
      ['2020-01-15', []],
      // Not while D <= birth + 6 months (15 July).
      ['2020-07-15', []],
      ['2020-07-16', ['U1']],
    ])('as of %s: %j', (asOf, fires) => {
      expect(subjectsFiring(noNeglectToolRule, family, asOf)).toEqual(fires)
    })

    it('replays from the day after it is 6 months old', () => {
      const doc = buildFamily({ people: family.people, relationships: family.relationships ?? [], events: [...family.events, buildEvent('note', { date: '2020-12-31', subjects: ['M1'] })] })
      expect(replayRule(noNeglectToolRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['U1', '2020-07-16', null]])
    })
  })

  it('a child with no date of birth is caught without a crash', () => {
    const doc = buildFamily({ people: [buildAdult('M1'), buildChild('C1', { born: undefined })], events: [plan('2020-03-02')] })
    expect(subjectsFiring(noNeglectToolRule, doc, '2020-03-02')).toEqual(['C1'])
  })

  it('names the plan and the last tool, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [tool('2019-10-01', { subjects: ['C1', 'C2'] }), plan('2020-03-02', 'start', { subjects: ['C1', 'C2'] })] })
    expect(evaluateRule(noNeglectToolRule, doc, '2020-04-02')).toEqual(['C1', 'C2'].map((subject) => ({
      subject, events: ['E2', 'E1'],
      threshold: 'on a child protection plan with category neglect since 2020-03-02, last neglect tool assessment on 2019-10-01; the threshold is one within 6 months',
    })))
    expect(subjectsFiring(noNeglectToolRule, doc, '2020-04-02', { windowMonths: 7 })).toEqual([])
  })

  it('replays: fires on the plan\'s first day, resolves on a tool, fires again the day after its window', () => {
    const doc = buildFamily({ people, events: [plan('2020-03-02'), tool('2020-03-10'), buildEvent('note', { date: '2020-12-31' })] })
    expect(replayRule(noNeglectToolRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([
      ['C1', '2020-03-02', '2020-03-10'],
      ['C1', '2020-09-11', null],
    ])
  })
})
