import { describe, expect, it } from 'vitest'
import { peopleNamedBy } from './peopleNamedBy.ts'

describe('peopleNamedBy', () => {
  it('names the subjects, and the children a visit saw, a police incident found present, a birth or pregnancy is of, each once', () => {
    expect(peopleNamedBy({ type: 'note', subjects: ['M', 'C1'] })).toEqual(['M', 'C1'])
    expect(peopleNamedBy({ type: 'visit', subjects: ['C1'], child_seen: ['C2', 'C1'] })).toEqual(['C1', 'C2'])
    expect(peopleNamedBy({ type: 'police_incident', subjects: ['M'], children_present: ['C1'] })).toEqual(['M', 'C1'])
    expect(peopleNamedBy({ type: 'birth', subjects: ['M'], child: 'C3' })).toEqual(['M', 'C3'])
    expect(peopleNamedBy({ type: 'pregnancy', subjects: ['M'], child: 'U1' })).toEqual(['M', 'U1'])
  })

  it('reads a facet only on the type it belongs to', () => {
    expect(peopleNamedBy({ type: 'note', subjects: ['M'], child_seen: ['C1'], children_present: ['C2'], child: 'C3' })).toEqual(['M'])
    expect(peopleNamedBy({ type: 'visit', subjects: ['M'], children_present: ['C2'], child: 'C3' })).toEqual(['M'])
  })
})
