import { describe, expect, it } from 'vitest'
import { familyDocumentSchema, type FamilyDocument } from '../exchange/schema.ts'
import { validateFamilyDocument } from '../exchange/validateFamilyDocument.ts'
import { RULE_IDS } from '../rules/ruleCatalogue.ts'
import { demoFamilies } from './demoFamilies.ts'
import { childCount, generateFamilies, type GenerateOptions, type GeneratedFamily } from './generateFamilies.ts'
import { isValidNhsNumber } from './identifiers.ts'

function buildOptions(overrides: Partial<GenerateOptions> = {}): GenerateOptions {
  return { children: 150, seed: 'test', ...overrides }
}

function lines(options: GenerateOptions): string[] {
  return [...generateFamilies(options)].map((f) => JSON.stringify(f))
}

/** Every ref an event or relationship uses names a person; event ids are unique. */
function refProblems(doc: FamilyDocument): string[] {
  const people = new Set(doc.people.map((p) => p.ref))
  const problems: string[] = []
  if (people.size !== doc.people.length) problems.push('duplicate person ref')
  const ids = new Set(doc.events.map((e) => e.id))
  if (ids.size !== doc.events.length) problems.push('duplicate event id')
  for (const r of doc.relationships ?? []) if (!people.has(r.from) || !people.has(r.to)) problems.push(`relationship ${r.from}->${r.to}`)
  for (const ev of doc.events) {
    const refs = [...ev.subjects]
    if (ev.type === 'visit') refs.push(...(ev.child_seen ?? []), ...(ev.child_seen_alone ?? []))
    if (ev.type === 'police_incident') refs.push(...(ev.children_present ?? []), ...[ev.victim, ev.perpetrator].filter((x): x is string => x !== undefined))
    if (ev.type === 'assessment' && ev.carer) refs.push(ev.carer)
    if (ev.type === 'placement' && ev.carer) refs.push(ev.carer)
    if (ev.type === 'adult_factor' && ev.other_party) refs.push(ev.other_party)
    if ((ev.type === 'birth' || ev.type === 'pregnancy') && ev.child) refs.push(ev.child)
    for (const r of refs) if (!people.has(r)) problems.push(`${ev.id} names ${r}`)
    if (ev.type === 'escalation' && ev.refers_to !== undefined && !ids.has(ev.refers_to)) problems.push(`${ev.id} refers to ${ev.refers_to}`)
  }
  return problems
}

describe('generateFamilies', () => {
  it('gives the same bytes for the same seed, and different ones for another seed', () => {
    const a = lines(buildOptions({ seed: 7 }))
    expect(lines(buildOptions({ seed: 7 }))).toEqual(a)
    expect(lines(buildOptions({ seed: '7' }))).toEqual(a)
    expect(lines(buildOptions({ seed: 8 }))).not.toEqual(a)
  })

  it('makes exactly the number of children asked for', () => {
    for (const children of [1, 2, 37, 500]) {
      const total = [...generateFamilies(buildOptions({ children }))].reduce((n, f) => n + childCount(f), 0)
      expect(total).toBe(children)
    }
    expect([...generateFamilies(buildOptions({ children: 0 }))]).toEqual([])
  })

  it('passes the schema and the format validator, with every ref resolving, over many seeds', () => {
    for (const seed of ['a', 'b', 'c', 1, 2, 3, 'long-seed-xyz']) {
      for (const family of generateFamilies(buildOptions({ seed, children: 250, patternShare: 0.4 }))) {
        expect(familyDocumentSchema.safeParse(family.doc).error?.issues ?? []).toEqual([])
        const checked = validateFamilyDocument(JSON.parse(JSON.stringify(family.doc)), { file: 'generated' })
        expect(checked.ok ? [] : checked.problems).toEqual([])
        expect(refProblems(family.doc)).toEqual([])
      }
    }
  })

  it('keeps every event within the record and gives valid NHS numbers', () => {
    for (const family of generateFamilies(buildOptions({ children: 400, end: '2025-03-31' }))) {
      for (const ev of family.doc.events) expect(ev.date <= '2025-03-31').toBe(true)
      for (const p of family.doc.people) {
        const nhs = p.identifiers?.['nhs_number']
        if (nhs !== undefined) expect(isValidNhsNumber(nhs)).toBe(true)
      }
    }
  })

  it('records planted patterns whose events are in the document and whose dates fall inside the record', () => {
    const families = [...generateFamilies(buildOptions({ children: 1500, patternShare: 1, seed: 'planted' }))]
    const rules = new Set<string>()
    for (const { doc, planted } of families) {
      expect(planted.length).toBeGreaterThan(0)
      const ids = new Set(doc.events.map((e) => e.id))
      const people = new Set(doc.people.map((p) => p.ref))
      const last = doc.events.map((e) => e.recorded ?? e.date).sort().at(-1) ?? ''
      for (const p of planted) {
        rules.add(p.rule)
        expect(RULE_IDS).toContain(p.rule)
        expect(p.subject === 'family' || people.has(p.subject)).toBe(true)
        expect(p.events.length).toBeGreaterThan(0)
        for (const id of p.events) expect(ids.has(id)).toBe(true)
        expect(p.from <= last).toBe(true)
      }
    }
    // Every planter finds a place somewhere in a caseload this size.
    expect(rules.size).toBeGreaterThanOrEqual(17)
  })

  it('plants patterns in about the share of families asked for', () => {
    const families = [...generateFamilies(buildOptions({ children: 3000, patternShare: 0.15, seed: 'share' }))]
    const share = families.filter((f) => f.planted.length > 0).length / families.length
    expect(share).toBeGreaterThan(0.1)
    expect(share).toBeLessThan(0.2)
    expect([...generateFamilies(buildOptions({ children: 500, patternShare: 0 }))].every((f) => f.planted.length === 0)).toBe(true)
  })

  it('averages 40 to 60 events per child, with a few large families', () => {
    let children = 0, events = 0, largest = 0
    for (const f of generateFamilies(buildOptions({ children: 2000, seed: 'volume' }))) {
      children += childCount(f)
      events += f.doc.events.length
      largest = Math.max(largest, f.doc.events.length)
    }
    expect(events / children).toBeGreaterThanOrEqual(40)
    expect(events / children).toBeLessThanOrEqual(60)
    expect(largest).toBeGreaterThan(400)
    expect(largest).toBeLessThanOrEqual(2500)
  })

  it('is lazy: the first family comes without generating the rest', () => {
    const first = generateFamilies(buildOptions({ children: 50_000_000 })).next()
    expect(first.done).toBe(false)
    expect((first.value as GeneratedFamily).doc.format).toBe('chronology-exchange/1')
  })

  it('refuses bad options', () => {
    expect(() => generateFamilies(buildOptions({ children: -1 })).next()).toThrow(RangeError)
    expect(() => generateFamilies(buildOptions({ patternShare: 2 })).next()).toThrow(RangeError)
    expect(() => generateFamilies(buildOptions({ end: '2026-02-30' })).next()).toThrow(RangeError)
    expect(() => generateFamilies(buildOptions({ start: '2026-01-01', end: '2026-06-01' })).next()).toThrow(RangeError)
  })
})

describe('demoFamilies', () => {
  it('is a fixed set of 12 families and 30 children, ordinary and patterned, ending 2026-10-31', () => {
    const demo = demoFamilies()
    expect(demo.map((f) => JSON.stringify(f))).toEqual(demoFamilies().map((f) => JSON.stringify(f)))
    expect(demo).toHaveLength(12)
    expect(demo.reduce((n, f) => n + childCount(f), 0)).toBe(30)
    expect(demo.filter((f) => f.planted.length === 0).length).toBeGreaterThanOrEqual(4)
    expect(new Set(demo.flatMap((f) => f.planted.map((p) => p.rule))).size).toBeGreaterThanOrEqual(12)
    for (const f of demo) {
      expect(refProblems(f.doc)).toEqual([])
      expect(f.doc.events.every((e) => e.date <= '2026-10-31')).toBe(true)
      expect(f.doc.events.some((e) => e.date >= '2026-06-01')).toBe(true)
    }
  })
})
