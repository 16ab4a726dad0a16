import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { repeatReferralsRule } from './repeatReferralsRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const referral = (date: string, overrides: Partial<EventOf<'referral'>> = {}) =>
  buildEvent('referral', { date, agency: 'mash', ...overrides })

const people = [buildAdult('M1'), buildChild('C1', { born: '2015-01-01' }), buildChild('C2', { born: '2019-06-01' })]

describe('repeat-referrals', () => {
  it.each([
    { name: '3 referrals exactly 12 months apart', events: [referral('2020-01-15'), referral('2020-06-01'), referral('2021-01-15')], asOf: '2021-01-15', fires: ['C1'] },
    { name: '3 referrals 12 months and a day apart', events: [referral('2020-01-15'), referral('2020-06-01'), referral('2021-01-16')], asOf: '2022-01-01', fires: [] },
    { name: '2 referrals', events: [referral('2020-01-15'), referral('2020-02-01')], asOf: '2022-01-01', fires: [] },
    { name: 'the third is known the day after it is dated', events: [referral('2020-01-15'), referral('2020-02-01'), referral('2020-03-01', { recorded: '2020-03-02' })], asOf: '2020-03-01', fires: [] },
    { name: 'a later set of 3 fires even after an early lone one', events: [referral('2018-01-01'), referral('2020-01-01'), referral('2020-02-01'), referral('2020-12-31')], asOf: '2020-12-31', fires: ['C1'] },
    { name: 'a 29 Feb referral: 12 months on is 1 Mar', events: [referral('2020-02-29'), referral('2020-06-01'), referral('2021-03-01')], asOf: '2021-03-01', fires: ['C1'] },
    { name: 'a 29 Feb referral: 2 Mar is past it', events: [referral('2020-02-29'), referral('2020-06-01'), referral('2021-03-02')], asOf: '2021-03-02', fires: [] },
    {
      name: 'an event naming no child is about every child born by its date (§9)',
      events: [referral('2019-05-01', { subjects: ['M1'] }), referral('2019-07-01', { subjects: ['M1'] }), referral('2019-08-01', { subjects: ['M1'] })],
      asOf: '2019-08-01', fires: ['C1'],
    },
    {
      name: 'a child named counts, others do not',
      events: [referral('2020-01-01', { subjects: ['C1', 'C2'] }), referral('2020-02-01', { subjects: ['C2'] }), referral('2020-03-01', { subjects: ['C2', 'M1'] })],
      asOf: '2020-03-01', fires: ['C2'],
    },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(repeatReferralsRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the three referrals and the threshold', () => {
    const doc = buildFamily({ people, events: [referral('2020-01-01'), referral('2020-02-01'), referral('2020-03-01'), referral('2020-04-01')] })
    expect(evaluateRule(repeatReferralsRule, doc, '2020-04-01')).toEqual([{
      subject: 'C1', events: ['E1', 'E2', 'E3'],
      threshold: '3 referrals within 12 months (2020-01-01 to 2020-03-01); the threshold is 3 within 12 months',
    }])
  })

  it('follows configured thresholds', () => {
    const doc = buildFamily({ people, events: [referral('2020-01-01'), referral('2020-02-01'), referral('2020-03-01')] })
    expect(subjectsFiring(repeatReferralsRule, doc, '2020-03-01', { count: 4 })).toEqual([])
    expect(subjectsFiring(repeatReferralsRule, doc, '2020-03-01', { withinMonths: 1 })).toEqual([])
    expect(subjectsFiring(repeatReferralsRule, doc, '2020-03-01', { withinMonths: 2 })).toEqual(['C1'])
  })

  it('first fires on the day the third referral is known', () => {
    const doc = buildFamily({ people, events: [referral('2020-01-01'), referral('2020-02-01'), referral('2020-03-01', { recorded: '2020-03-20' })] })
    expect(replayRule(repeatReferralsRule, doc)).toMatchObject([{ subject: 'C1', first_fired: '2020-03-20', until: null }])
  })
})
