import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { closureForNonEngagementRule } from './closureForNonEngagementRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const closure = (overrides: Partial<EventOf<'case_closure'>> = {}) =>
  buildEvent('case_closure', { date: '2020-03-02', agency: 'early_help', reason: 'non_engagement', ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2', { born: '2021-01-01' })]

describe('closure-for-non-engagement', () => {
  it.each([
    { name: 'non-engagement, risk_assessed absent (not recorded)', events: [closure()], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'non-engagement, risk_assessed false', events: [closure({ risk_assessed: false })], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'non-engagement, risk_assessed true', events: [closure({ risk_assessed: true })], asOf: '2020-03-02', fires: [] },
    { name: 'consent withdrawn counts', events: [closure({ reason: 'consent_withdrawn' })], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'needs met does not count', events: [closure({ reason: 'needs_met' })], asOf: '2020-03-02', fires: [] },
    { name: 'stepped down does not count', events: [closure({ reason: 'stepped_down' })], asOf: '2020-03-02', fires: [] },
    { name: 'not before its date', events: [closure()], asOf: '2020-03-01', fires: [] },
    { name: 'recorded later: not the day before', events: [closure({ recorded: '2020-03-20' })], asOf: '2020-03-19', fires: [] },
    { name: 'recorded later: on its recorded date', events: [closure({ recorded: '2020-03-20' })], asOf: '2020-03-20', fires: ['C1'] },
    { name: 'naming the mother only: every child born by then', events: [closure({ subjects: ['M1'] })], asOf: '2020-03-02', fires: ['C1'] },
    { name: 'naming the mother only, after the second birth', events: [closure({ date: '2021-02-01', subjects: ['M1'] })], asOf: '2021-02-01', fires: ['C1', 'C2'] },
    { name: 'naming one child', events: [closure({ date: '2021-02-01', subjects: ['M1', 'C2'] })], asOf: '2021-02-01', fires: ['C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(closureForNonEngagementRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('a family with no child alerts on the family', () => {
    const doc = buildFamily({ people: [buildAdult('M1')], relationships: [], events: [closure({ subjects: ['M1'] })] })
    expect(subjectsFiring(closureForNonEngagementRule, doc, '2020-03-02')).toEqual(['family'])
  })

  it('names the closure, with the threshold in words, one alert per closure', () => {
    const doc = buildFamily({ people, events: [closure(), closure({ date: '2020-09-01', reason: 'consent_withdrawn', risk_assessed: false })] })
    expect(evaluateRule(closureForNonEngagementRule, doc, '2020-09-01')).toEqual([
      { subject: 'C1', events: ['E1'], key: 'E1', threshold: 'case closed on 2020-03-02 for non engagement, no risk assessment recorded; the threshold is any such closure without a recorded risk assessment' },
      { subject: 'C1', events: ['E2'], key: 'E2', threshold: 'case closed on 2020-09-01 for consent withdrawn, recorded as not risk-assessed; the threshold is any such closure without a recorded risk assessment' },
    ])
    expect(replayRule(closureForNonEngagementRule, doc).map((a) => [a.subject, a.key, a.first_fired, a.until])).toEqual([
      ['C1', 'E1', '2020-03-02', null],
      ['C1', 'E2', '2020-09-01', null],
    ])
  })
})
