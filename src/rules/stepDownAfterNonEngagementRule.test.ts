import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { stepDownAfterNonEngagementRule } from './stepDownAfterNonEngagementRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const referral = (date: string, overrides: Partial<EventOf<'referral'>> = {}) =>
  buildEvent('referral', { date, agency: 'mash', referral_outcome: 'early_help', ...overrides })
const notEngaging = (date: string, overrides: Partial<EventOf<'observation'>> = {}) =>
  buildEvent('observation', { date, agency: 'school', risk_factors: ['non_engagement'], ...overrides })
const closed = (date: string, overrides: Partial<EventOf<'case_closure'>> = {}) =>
  buildEvent('case_closure', { date, agency: 'early_help', reason: 'non_engagement', risk_assessed: true, ...overrides })
const earlyHelpPlan = (date: string, change: 'start' | 'end') =>
  buildEvent('plan', { date, agency: 'childrens_social_care', plan: 'early_help', change })

const people = [buildAdult('M1'), buildAdult('F1'), buildChild('C1'), buildChild('C2', { born: '2020-06-01' })]

describe('step-down-after-non-engagement', () => {
  it.each([
    { name: 'non-engagement exactly 12 months before', events: [notEngaging('2019-03-31'), referral('2020-03-31')], asOf: '2020-03-31', fires: ['C1'] },
    { name: 'non-engagement 12 months and a day before', events: [notEngaging('2019-03-30'), referral('2020-03-31')], asOf: '2020-12-31', fires: [] },
    { name: '12 months after 29 Feb 2020 is 1 Mar 2021', events: [notEngaging('2020-02-29'), referral('2021-03-01')], asOf: '2021-03-01', fires: ['C1'] },
    { name: '2 Mar 2021 is past it', events: [notEngaging('2020-02-29'), referral('2021-03-02')], asOf: '2021-12-31', fires: [] },
    { name: 'on the referral\'s own day', events: [notEngaging('2020-03-31'), referral('2020-03-31')], asOf: '2020-03-31', fires: ['C1'] },
    { name: 'non-engagement after the referral does not count', events: [referral('2020-03-31'), notEngaging('2020-04-01')], asOf: '2020-12-31', fires: [] },
    { name: 'no further action counts', events: [notEngaging('2020-01-01'), referral('2020-03-31', { referral_outcome: 'no_further_action' })], asOf: '2020-03-31', fires: ['C1'] },
    { name: 'passed to allocated worker does not count', events: [notEngaging('2020-01-01'), referral('2020-03-31', { referral_outcome: 'passed_to_allocated_worker' })], asOf: '2020-12-31', fires: [] },
    { name: 'an assessment outcome does not count', events: [notEngaging('2020-01-01'), referral('2020-03-31', { referral_outcome: 'assessment' })], asOf: '2020-12-31', fires: [] },
    { name: 'no recorded outcome does not count (the outcome column is free text)', events: [notEngaging('2020-01-01'), referral('2020-03-31', { referral_outcome: undefined, outcome: 'early help' })], asOf: '2020-12-31', fires: [] },
    { name: 'no history of non-engagement', events: [referral('2020-03-31')], asOf: '2020-12-31', fires: [] },
    { name: 'an observation without the risk factor', events: [notEngaging('2020-01-01', { risk_factors: ['overcrowding'] }), referral('2020-03-31')], asOf: '2020-12-31', fires: [] },
    { name: 'an observation about an adult counts (anyone in the family)', events: [notEngaging('2020-01-01', { subjects: ['F1'] }), referral('2020-03-31')], asOf: '2020-03-31', fires: ['C1'] },
    { name: 'an early help closure for non-engagement, even when risk-assessed', events: [closed('2020-01-01'), referral('2020-03-31')], asOf: '2020-03-31', fires: ['C1'] },
    { name: 'a closure for another reason', events: [closed('2020-01-01', { reason: 'consent_withdrawn' }), referral('2020-03-31')], asOf: '2020-12-31', fires: [] },
    { name: 'a social care closure with no early help plan', events: [closed('2020-01-01', { agency: 'childrens_social_care' }), referral('2020-03-31')], asOf: '2020-12-31', fires: [] },
    { name: 'a social care closure during an early help plan', events: [earlyHelpPlan('2019-10-01', 'start'), closed('2020-01-01', { agency: 'childrens_social_care' }), referral('2020-03-31')], asOf: '2020-03-31', fires: ['C1'] },
    { name: 'a social care closure on the early help plan\'s end day', events: [earlyHelpPlan('2019-10-01', 'start'), earlyHelpPlan('2020-01-01', 'end'), closed('2020-01-01', { agency: 'childrens_social_care' }), referral('2020-03-31')], asOf: '2020-03-31', fires: ['C1'] },
    { name: 'a social care closure the day after the early help plan ended', events: [earlyHelpPlan('2019-10-01', 'start'), earlyHelpPlan('2019-12-31', 'end'), closed('2020-01-01', { agency: 'childrens_social_care' }), referral('2020-03-31')], asOf: '2020-12-31', fires: [] },
    { name: 'history recorded later: not before it is known', events: [notEngaging('2020-01-01', { recorded: '2020-04-15' }), referral('2020-03-31')], asOf: '2020-04-14', fires: [] },
    { name: 'history recorded later: from its recorded date', events: [notEngaging('2020-01-01', { recorded: '2020-04-15' }), referral('2020-03-31')], asOf: '2020-04-15', fires: ['C1'] },
    { name: 'alerts the referral\'s children', events: [notEngaging('2020-01-01'), referral('2020-07-01', { subjects: ['M1', 'C2'] })], asOf: '2020-07-01', fires: ['C2'] },
    { name: 'a referral naming no child alerts every child born by then', events: [notEngaging('2020-01-01'), referral('2020-07-01', { subjects: ['M1'] })], asOf: '2020-07-01', fires: ['C1', 'C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(stepDownAfterNonEngagementRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the referral and the history, one alert per referral, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [notEngaging('2019-06-01'), closed('2020-01-01'), referral('2020-03-31'), referral('2020-09-01', { referral_outcome: 'no_further_action' })] })
    expect(evaluateRule(stepDownAfterNonEngagementRule, doc, '2020-09-01')).toEqual([
      { subject: 'C1', events: ['E3', 'E1', 'E2'], key: 'E3', threshold: 'referral on 2020-03-31 stepped down to early help with 2 records of non-engagement in the 12 months before it; the threshold is 1 within 12 months' },
      { subject: 'C1', events: ['E4', 'E2'], key: 'E4', threshold: 'referral on 2020-09-01 stepped down to no further action with 1 record of non-engagement in the 12 months before it; the threshold is 1 within 12 months' },
    ])
    expect(subjectsFiring(stepDownAfterNonEngagementRule, doc, '2020-09-01', { lookbackMonths: 2 })).toEqual([])
    expect(replayRule(stepDownAfterNonEngagementRule, doc).map((a) => [a.key, a.first_fired, a.until])).toEqual([
      ['E3', '2020-03-31', null],
      ['E4', '2020-09-01', null],
    ])
  })
})
