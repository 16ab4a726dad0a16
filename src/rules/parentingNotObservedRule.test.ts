import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { parentingNotObservedRule } from './parentingNotObservedRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const plan = (date: string, change: 'start' | 'end' = 'start', overrides: Partial<EventOf<'plan'>> = {}) =>
  buildEvent('plan', { date, change, plan: 'child_protection', subjects: ['C1'], ...overrides })
const visit = (date: string, observed: boolean | undefined, overrides: Partial<EventOf<'visit'>> = {}) =>
  buildEvent('visit', { date, kind: 'home', access: 'full', subjects: ['M1', 'C1'], ...(observed === undefined ? {} : { parenting_observed: observed }), ...overrides })
const notObserved = (date: string, overrides: Partial<EventOf<'visit'>> = {}) => visit(date, false, overrides)

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]
const three = [notObserved('2020-02-01'), notObserved('2020-03-01'), notObserved('2020-04-01')]

describe('parenting-not-observed', () => {
  it.each([
    { name: '3 in a row on a plan', events: [plan('2020-01-02'), ...three], asOf: '2020-04-01', fires: ['C1'] },
    { name: 'the third is not yet known the day before', events: [plan('2020-01-02'), ...three], asOf: '2020-03-31', fires: [] },
    { name: '2 in a row', events: [plan('2020-01-02'), notObserved('2020-02-01'), notObserved('2020-03-01')], asOf: '2020-12-31', fires: [] },
    { name: 'parenting observed breaks the row', events: [plan('2020-01-02'), notObserved('2020-02-01'), visit('2020-02-15', true), notObserved('2020-03-01'), notObserved('2020-04-01')], asOf: '2020-12-31', fires: [] },
    { name: 'a visit not recording it neither breaks nor extends the row', events: [plan('2020-01-02'), notObserved('2020-02-01'), visit('2020-02-15', undefined), notObserved('2020-03-01'), notObserved('2020-04-01')], asOf: '2020-04-01', fires: ['C1'] },
    { name: 'a visit not recording it does not make a third', events: [plan('2020-01-02'), notObserved('2020-02-01'), notObserved('2020-03-01'), visit('2020-04-01', undefined)], asOf: '2020-12-31', fires: [] },
    { name: 'a visit with no kind is a home visit', events: [plan('2020-01-02'), notObserved('2020-02-01', { kind: undefined }), notObserved('2020-03-01'), notObserved('2020-04-01')], asOf: '2020-04-01', fires: ['C1'] },
    { name: 'a school visit is not a home visit', events: [plan('2020-01-02'), notObserved('2020-02-01', { kind: 'school' }), notObserved('2020-03-01'), notObserved('2020-04-01')], asOf: '2020-12-31', fires: [] },
    { name: 'any access counts when the visit records it', events: [plan('2020-01-02'), notObserved('2020-02-01', { access: 'partial' }), notObserved('2020-03-01'), notObserved('2020-04-01')], asOf: '2020-04-01', fires: ['C1'] },
    { name: 'the first visit the day before the plan', events: [plan('2020-02-02'), ...three], asOf: '2020-12-31', fires: [] },
    { name: 'the first visit on the plan\'s first day', events: [plan('2020-02-01'), ...three], asOf: '2020-04-01', fires: ['C1'] },
    { name: 'the third visit on the plan\'s end day is off the plan', events: [plan('2020-01-02'), plan('2020-04-01', 'end'), ...three], asOf: '2020-12-31', fires: [] },
    { name: 'the third visit the day before the end', events: [plan('2020-01-02'), plan('2020-04-02', 'end'), ...three], asOf: '2020-12-31', fires: ['C1'] },
    { name: 'a plan of any kind counts, early help included', events: [plan('2020-01-02', 'start', { plan: 'early_help' }), ...three], asOf: '2020-04-01', fires: ['C1'] },
    { name: 'no plan', events: three, asOf: '2020-12-31', fires: [] },
    { name: 'only the child on a plan at each visit', events: [plan('2020-01-02', 'start', { subjects: ['C2'] }), ...three], asOf: '2020-04-01', fires: ['C2'] },
    { name: 'a row after the plan starts, once a fourth visit completes it', events: [plan('2020-02-15'), ...three, notObserved('2020-05-01')], asOf: '2020-05-01', fires: ['C1'] },
    { name: 'recorded later than dated: not before it is known', events: [plan('2020-01-02'), notObserved('2020-02-01'), notObserved('2020-03-01'), notObserved('2020-04-01', { recorded: '2020-04-20' })], asOf: '2020-04-19', fires: [] },
    { name: 'recorded later than dated: on its recorded date', events: [plan('2020-01-02'), notObserved('2020-02-01'), notObserved('2020-03-01'), notObserved('2020-04-01', { recorded: '2020-04-20' })], asOf: '2020-04-20', fires: ['C1'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(parentingNotObservedRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the three visits, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [plan('2020-01-02'), ...three] })
    expect(evaluateRule(parentingNotObservedRule, doc, '2020-04-01')).toEqual([{
      subject: 'C1', events: ['E2', 'E3', 'E4'],
      threshold: '3 home visits in a row without parenting observed (2020-02-01 to 2020-04-01), on a plan at each; the threshold is 3 in a row',
    }])
    expect(subjectsFiring(parentingNotObservedRule, doc, '2020-03-01', { consecutive: 2 })).toEqual(['C1'])
  })

  it('once known, a row holds for the rest of the replay', () => {
    const doc = buildFamily({ people, events: [plan('2020-01-02'), ...three, visit('2020-05-01', true), buildEvent('note', { date: '2021-01-01' })] })
    expect(replayRule(parentingNotObservedRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2020-04-01', null]])
  })
})
