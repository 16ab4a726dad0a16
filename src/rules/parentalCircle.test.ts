import { describe, expect, it } from 'vitest'
import { buildFamilyView } from './familyView.ts'
import { parentalCircle } from './parentalCircle.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildRelationship } from './testing.ts'

describe('parentalCircle', () => {
  const doc = buildFamily({
    people: [buildAdult('M1'), buildAdult('P1'), buildChild('C1'), buildChild('C2'), buildChild('C3')],
    relationships: [buildRelationship('M1', 'C1', 'mother'), buildRelationship('M1', 'C2', 'mother'), buildRelationship('P1', 'M1', 'partner')],
    events: [
      buildEvent('observation', { date: '2020-01-01', subjects: ['M1'], risk_factors: ['domestic_abuse'] }),
      buildEvent('observation', { date: '2020-01-02', subjects: ['C2'], risk_factors: ['domestic_abuse'] }),
      buildEvent('observation', { date: '2020-01-03', subjects: ['C3'], risk_factors: ['domestic_abuse'] }),
      buildEvent('observation', { date: '2020-01-04', subjects: ['P1'], risk_factors: ['domestic_abuse'] }),
    ],
  })
  const view = buildFamilyView(doc, '2020-12-31')
  const circle = parentalCircle(view, 'C1')

  it('holds the carers and the children sharing one, not a partner or an unrelated child', () => {
    expect([...circle.carers]).toEqual(['M1'])
    expect([...circle.siblings].sort()).toEqual(['C1', 'C2'])
  })

  it('counts observations about a carer, a sibling, or no child at all (§9: about every child), not about an unrelated child', () => {
    expect(view.ofType('observation').filter((e) => circle.observationCounts(e)).map((e) => e.id)).toEqual(['E1', 'E2', 'E4'])
  })
})
