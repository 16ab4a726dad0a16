import { describe, expect, it } from 'vitest'
import type { ChronologyEvent } from '../exchange/schema.ts'
import { median, quietSiblingRule } from './quietSiblingRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildUnborn, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

/** n notes on a date naming the children given. */
const named = (subjects: string[], n: number, date = '2020-03-02', recorded?: string): ChronologyEvent[] =>
  Array.from({ length: n }, () => buildEvent('note', { date, subjects, ...(recorded ? { recorded } : {}) }))

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2'), buildChild('C3'), buildChild('C4')]
const threeChildren = people.slice(0, 4)

describe('quiet-sibling', () => {
  it.each([
    { name: '1 event against a median of 6', people: threeChildren, events: [...named(['C1'], 1), ...named(['C2', 'C3'], 6)], fires: ['C1'] },
    { name: '2 events against a median of 6: 3 × 2 is not under 6', people: threeChildren, events: [...named(['C1'], 2), ...named(['C2', 'C3'], 6)], fires: [] },
    { name: 'none against a median of 5: the median must be at least 6', people: threeChildren, events: named(['C2', 'C3'], 5), fires: [] },
    { name: 'an even number of others: the mean of the middle two is 6', people: threeChildren, events: [...named(['C2', 'C3'], 4), ...named(['C3'], 4)], fires: ['C1'] },
    { name: 'an even number of others: the mean of the middle two is 5.5', people: threeChildren, events: [...named(['C2', 'C3'], 4), ...named(['C3'], 3)], fires: [] },
    { name: 'an odd number of others: the middle one', people, events: [...named(['C2', 'C3', 'C4'], 1), ...named(['C3', 'C4'], 5)], fires: ['C1', 'C2'] },
    { name: 'two children compared: the other\'s count is the median', people: people.slice(0, 3), events: named(['C2'], 6), fires: ['C1'] },
    { name: 'one child compared is no comparison', people: people.slice(0, 2), events: named(['M1'], 6), fires: [] },
    { name: 'events naming no child count for none', people: threeChildren, events: [...named(['C2', 'C3'], 5), ...named(['M1'], 6)], fires: [] },
    { name: 'a child with no date of birth is not compared', people: [buildAdult('M1'), buildChild('C1', { born: undefined }), buildChild('C2'), buildChild('C3')], events: named(['C2', 'C3'], 6), fires: [] },
    { name: 'an unborn child is not compared', people: [buildAdult('M1'), buildUnborn('U1'), buildChild('C2'), buildChild('C3')], events: named(['C2', 'C3'], 6), fires: [] },
  ])('$name', ({ people: family, events, fires }) => {
    expect(subjectsFiring(quietSiblingRule, buildFamily({ people: family, events }), '2020-06-01')).toEqual(fires)
  })

  const baby = buildFamily({ people: [buildAdult('M1'), buildChild('C1'), buildChild('B1', { born: '2019-06-01' })], events: named(['B1'], 6, '2020-03-02') })
  const yearOld = buildFamily({ people: threeChildren, events: named(['C2', 'C3'], 6, '2019-06-01') })
  const late = buildFamily({ people: threeChildren, events: [...named(['C2', 'C3'], 6), ...named(['C1'], 1), ...named(['C1'], 1, '2020-03-02', '2020-04-01')] })
  it.each([
    { name: 'a baby is not compared on its first birthday', doc: baby, asOf: '2020-06-01', fires: [] },
    { name: 'a baby is compared the day after its first birthday', doc: baby, asOf: '2020-06-02', fires: ['C1'] },
    { name: 'events 12 months old are in the window (readings §6)', doc: yearOld, asOf: '2020-06-01', fires: ['C1'] },
    { name: 'events 12 months and a day old are not', doc: yearOld, asOf: '2020-06-02', fires: [] },
    { name: 'an event recorded later than dated: not before it is known', doc: late, asOf: '2020-03-31', fires: ['C1'] },
    { name: 'an event recorded later than dated: counts from its known date', doc: late, asOf: '2020-04-01', fires: [] },
  ])('$name', ({ doc, asOf, fires }) => {
    expect(subjectsFiring(quietSiblingRule, doc, asOf)).toEqual(fires)
  })

  it('names the quiet child\'s events, with the counts and the threshold in words', () => {
    const doc = buildFamily({ people: threeChildren, events: [...named(['C1'], 1), ...named(['C2', 'C3'], 6)] })
    expect(evaluateRule(quietSiblingRule, doc, '2020-06-01')).toEqual([{
      subject: 'C1', events: ['E1'],
      threshold: '1 events naming the child in the 12 months to 2020-06-01, against a median of 6 for the other 2 children; the threshold is under 1/3 of the median, with a median of at least 6',
    }])
    expect(subjectsFiring(quietSiblingRule, doc, '2020-06-01', { ratio: 6 })).toEqual([])
    expect(subjectsFiring(quietSiblingRule, doc, '2020-06-01', { minMedian: 7 })).toEqual([])
    expect(subjectsFiring(quietSiblingRule, doc, '2020-06-01', { minChildren: 4 })).toEqual([])
  })

  it('replays: holds while the siblings\' events are in the window, resolves the day after they leave it', () => {
    const doc = buildFamily({ people: threeChildren, events: [...named(['C2', 'C3'], 6, '2020-03-02'), buildEvent('note', { date: '2021-12-31', subjects: ['M1'] })] })
    expect(replayRule(quietSiblingRule, doc).map((a) => [a.subject, a.first_fired, a.until])).toEqual([['C1', '2020-03-02', '2021-03-03']])
  })

  it('median: odd, even and empty', () => {
    expect(median([9, 1, 5])).toBe(5)
    expect(median([8, 1, 4, 5])).toBe(4.5)
    expect(median([])).toBeUndefined()
  })
})
