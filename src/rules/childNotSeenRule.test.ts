import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { childNotSeenRule } from './childNotSeenRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildUnborn, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const plan = (date: string, change: 'start' | 'end' = 'start', overrides: Partial<EventOf<'plan'>> = {}) =>
  buildEvent('plan', { date, change, plan: 'child_protection', ...overrides })
const seen = (date: string, children: string[] = ['C1'], overrides: Partial<EventOf<'visit'>> = {}) =>
  buildEvent('visit', { date, kind: 'home', access: 'full', child_seen: children, subjects: ['M1', ...children], ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]

describe('child-not-seen', () => {
  it.each([
    // 28 Sep 2017 (Thu) + 20 working days = 26 Oct 2017.
    { name: '20 working days since last seen', events: [plan('2017-09-21'), seen('2017-09-28')], asOf: '2017-10-26', fires: ['C1'] },
    { name: '19 working days since last seen', events: [plan('2017-09-21'), seen('2017-09-28')], asOf: '2017-10-25', fires: [] },
    // 18 Dec 2020 + 20 working days skips 25, 28 Dec and 1 Jan: 20 Jan 2021.
    { name: 'bank holidays are not working days: on the 20th', events: [plan('2020-12-01'), seen('2020-12-18')], asOf: '2021-01-20', fires: ['C1'] },
    { name: 'bank holidays are not working days: the day before', events: [plan('2020-12-01'), seen('2020-12-18')], asOf: '2021-01-19', fires: [] },
    { name: 'never seen: caught on the plan\'s first day', events: [plan('2020-03-02')], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'never seen: not the day before the plan', events: [plan('2020-03-02', 'start', { recorded: '2020-03-02' })], asOf: '2020-03-01', fires: [] },
    { name: 'seen before the plan: the clock runs from the sighting', events: [seen('2020-03-02'), plan('2020-03-20')], asOf: '2020-03-27', fires: [] },
    { name: 'seen before the plan: fires 20 working days on', events: [seen('2020-03-02'), plan('2020-03-20')], asOf: '2020-03-30', fires: ['C1'] },
    { name: 'any access counts when the child is listed as seen', events: [plan('2020-03-02'), seen('2020-03-02', ['C1'], { access: 'partial' })], asOf: '2020-03-27', fires: [] },
    { name: 'a visit that did not see this child does not count', events: [plan('2020-03-02'), seen('2020-03-02', ['C2'])], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'a visit naming the child as a subject only does not count', events: [plan('2020-03-02'), seen('2020-03-02', [], { subjects: ['C1'] })], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'the plan\'s end day is off the plan', events: [plan('2020-01-02'), plan('2020-03-30', 'end')], asOf: '2020-03-30', fires: [] },
    { name: 'a child in need plan does not count', events: [plan('2020-01-02', 'start', { plan: 'child_in_need' })], asOf: '2020-06-30', fires: [] },
    { name: 'a sighting known late does not count before it is known', events: [plan('2020-01-02'), seen('2020-01-10', ['C1'], { recorded: '2020-03-01' })], asOf: '2020-02-28', fires: ['C1'] },
    { name: 'a sighting known late counts once known', events: [plan('2020-01-02'), seen('2020-01-10', ['C1'], { recorded: '2020-02-06' })], asOf: '2020-02-06', fires: [] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(childNotSeenRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  describe('a baby on a plan from before birth', () => {
    const family = buildFamily({
      people: [buildAdult('M1'), buildUnborn('U1')],
      events: [
        plan('2021-04-01', 'start', { subjects: ['U1', 'M1'] }),
        // 1 May 2021 is a Saturday; 3 May and 31 May are bank holidays: the 20th working day is 1 June.
        buildEvent('birth', { date: '2021-05-01', child: 'U1', subjects: ['M1', 'U1'] }),
      ],
    })

    it.each([
      ['2021-04-30', []],
      ['2021-05-01', []],
      ['2021-05-31', []],
      ['2021-06-01', ['U1']],
    ])('as of %s: %j', (asOf, fires) => {
      expect(subjectsFiring(childNotSeenRule, family, asOf)).toEqual(fires)
    })
  })

  it('a child with no date of birth and no sighting is caught on the plan\'s first day, without a crash', () => {
    const doc = buildFamily({ people: [buildAdult('M1'), buildChild('C1', { born: undefined })], events: [plan('2020-03-02')] })
    expect(subjectsFiring(childNotSeenRule, doc, '2020-03-02')).toEqual(['C1'])
  })

  it('names the plan and the last sighting, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [plan('2017-09-21'), seen('2017-09-28', ['C1', 'C2'])] })
    expect(evaluateRule(childNotSeenRule, doc, '2017-10-26')).toEqual([{
      subject: 'C1', events: ['E1', 'E2'],
      threshold: '20 working days since last seen on 2017-09-28, on a child protection plan since 2017-09-21; the threshold is 20 working days',
    }])
    expect(subjectsFiring(childNotSeenRule, doc, '2017-10-12', { workingDays: 10 })).toEqual(['C1'])
    expect(subjectsFiring(childNotSeenRule, doc, '2017-10-11', { workingDays: 10 })).toEqual([])
  })

  it('replays: fires on the plan\'s first day (never seen), resolves on each sighting, fires on the 20th working day after it', () => {
    const doc = buildFamily({
      people,
      events: [plan('2017-09-21'), seen('2017-09-28'), seen('2017-11-01'), buildEvent('note', { date: '2017-12-31' })],
    })
    expect(replayRule(childNotSeenRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([
      ['C1', '2017-09-21', '2017-09-28'],
      ['C1', '2017-10-26', '2017-11-01'],
      ['C1', '2017-11-29', null],
    ])
  })
})
