import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { neglectStasisRule } from './neglectStasisRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const scores = (physical_care: number, safety: number, love: number, esteem: number) => ({ physical_care, safety, love, esteem })
const tool = (date: string, scored: Record<string, number> | undefined, overrides: Partial<EventOf<'assessment'>> = {}) =>
  buildEvent('assessment', { date, kind: 'neglect_tool', tool: 'gcp2', scores: scored, ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]

describe('neglect-stasis', () => {
  it.each([
    { name: 'unchanged, exactly 3 months apart', events: [tool('2020-01-31', scores(3, 3, 3, 3)), tool('2020-04-30', scores(3, 3, 3, 3))], asOf: '2020-04-30', fires: ['C1'] },
    { name: 'unchanged, 3 months less a day apart', events: [tool('2020-01-31', scores(3, 3, 3, 3)), tool('2020-04-29', scores(3, 3, 3, 3))], asOf: '2020-12-31', fires: [] },
    { name: 'month-end clamping: 30 Nov + 3 months is 29 Feb', events: [tool('2019-11-30', scores(3, 3, 3, 3)), tool('2020-02-29', scores(3, 3, 3, 3))], asOf: '2020-02-29', fires: ['C1'] },
    { name: 'month-end clamping: 28 Feb is short of it', events: [tool('2019-11-30', scores(3, 3, 3, 3)), tool('2020-02-28', scores(3, 3, 3, 3))], asOf: '2020-12-31', fires: [] },
    { name: 'worse in one domain, none better', events: [tool('2020-01-01', scores(3, 3, 3, 3)), tool('2020-04-01', scores(3, 3, 4, 3))], asOf: '2020-04-01', fires: ['C1'] },
    { name: 'one domain improved, none at 4 in both', events: [tool('2020-01-01', scores(3, 3, 3, 3)), tool('2020-04-01', scores(2, 3, 3, 3))], asOf: '2020-12-31', fires: [] },
    { name: 'improved elsewhere, but a domain at 4 in both', events: [tool('2020-01-01', scores(5, 4, 3, 3)), tool('2020-04-01', scores(1, 4, 2, 2))], asOf: '2020-04-01', fires: ['C1'] },
    { name: 'a domain at 4 then 3 (improved) and the rest improved', events: [tool('2020-01-01', scores(4, 4, 4, 4)), tool('2020-04-01', scores(3, 3, 3, 3))], asOf: '2020-12-31', fires: [] },
    { name: 'only domains scored in both are compared', events: [tool('2020-01-01', { love: 3, esteem: 3 }), tool('2020-04-01', { love: 3, safety: 1 })], asOf: '2020-04-01', fires: ['C1'] },
    { name: 'no domain scored in both', events: [tool('2020-01-01', { love: 3 }), tool('2020-04-01', { safety: 3 })], asOf: '2020-12-31', fires: [] },
    { name: 'an assessment without scores does not count', events: [tool('2020-01-01', undefined), tool('2020-04-01', scores(3, 3, 3, 3))], asOf: '2020-12-31', fires: [] },
    { name: 'another kind of assessment does not count', events: [tool('2020-01-01', scores(3, 3, 3, 3), { kind: 'parenting_capacity' }), tool('2020-04-01', scores(3, 3, 3, 3))], asOf: '2020-12-31', fires: [] },
    { name: 'any two, not only consecutive ones', events: [tool('2020-01-01', scores(3, 3, 3, 3)), tool('2020-02-01', scores(1, 1, 1, 1)), tool('2020-04-01', scores(3, 3, 3, 3))], asOf: '2020-04-01', fires: ['C1'] },
    { name: 'another child\'s assessment is not this child\'s', events: [tool('2020-01-01', scores(3, 3, 3, 3)), tool('2020-04-01', scores(3, 3, 3, 3), { subjects: ['C2'] })], asOf: '2020-12-31', fires: [] },
    { name: 'the later one recorded late: not before it is known', events: [tool('2020-01-01', scores(3, 3, 3, 3)), tool('2020-04-01', scores(3, 3, 3, 3), { recorded: '2020-05-05' })], asOf: '2020-05-04', fires: [] },
    { name: 'the later one recorded late: from its recorded date', events: [tool('2020-01-01', scores(3, 3, 3, 3)), tool('2020-04-01', scores(3, 3, 3, 3), { recorded: '2020-05-05' })], asOf: '2020-05-05', fires: ['C1'] },
    { name: 'an assessment of both children', events: [tool('2020-01-01', scores(3, 3, 3, 3), { subjects: ['C1', 'C2'] }), tool('2020-04-01', scores(3, 3, 3, 3), { subjects: ['M1', 'C1', 'C2'] })], asOf: '2020-04-01', fires: ['C1', 'C2'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(neglectStasisRule, buildFamily({ people, events }), asOf)).toEqual(fires)
  })

  it('names the two assessments, with the threshold in words', () => {
    const doc = buildFamily({ people, events: [tool('2020-01-01', scores(5, 4, 3, 3)), tool('2020-04-01', scores(4, 4, 3, 3))] })
    expect(evaluateRule(neglectStasisRule, doc, '2020-04-01')).toEqual([{
      subject: 'C1', events: ['E1', 'E2'],
      threshold: 'neglect tool assessments on 2020-01-01 and 2020-04-01: physical_care, safety at 4 or worse in both; the threshold is 3 months apart with no domain improved or a domain at 4 or worse in both',
    }])
    expect(subjectsFiring(neglectStasisRule, doc, '2020-04-01', { stuckScore: 5 })).toEqual([])
    expect(subjectsFiring(neglectStasisRule, doc, '2020-04-01', { minGapMonths: 4 })).toEqual([])
  })

  it('says when no domain improved', () => {
    const doc = buildFamily({ people, events: [tool('2020-01-01', scores(3, 3, 3, 3)), tool('2020-04-01', scores(3, 3, 3, 3))] })
    expect(evaluateRule(neglectStasisRule, doc, '2020-04-01')[0]?.threshold).toContain('no domain improved (physical_care, safety, love, esteem)')
  })

  it('once known, holds for the rest of the replay', () => {
    const doc = buildFamily({ people, events: [tool('2020-01-01', scores(3, 3, 3, 3)), tool('2020-04-01', scores(3, 3, 3, 3)), tool('2020-08-01', scores(1, 1, 1, 1))] })
    expect(replayRule(neglectStasisRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2020-04-01', null]])
  })
})
