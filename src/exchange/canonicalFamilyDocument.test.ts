import { placedDate } from './dates.ts'
import { PassThrough } from 'node:stream'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatProblem } from '../errors/errors.ts'
import { arbFamilyDocument, EVENT_TYPE_LIST } from './arbitraries.ts'
import { buildFamilyDocument } from './buildFamilyDocument.ts'
import { canonicalFamilyDocument, compareIds, serializeFamilyDocument } from './canonicalFamilyDocument.ts'
import { readExchangeFile } from './readExchangeFile.ts'
import { sameChronology } from './sameChronology.ts'
import type { FamilyDocument } from './schema.ts'
import { validateFamilyDocument } from './validateFamilyDocument.ts'
import { writeJsonLines } from './writeJsonLines.ts'

/** What import makes of exported text. */
function imported(text: string): FamilyDocument {
  const result = validateFamilyDocument(JSON.parse(text), { file: 'export.json' })
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'))
  return result.doc
}

/** People and relationships reversed; events reversed across days but, within a day, in their sent order. */
function reversed(doc: FamilyDocument): FamilyDocument {
  const days = [...new Set(doc.events.map((e) => placedDate(e)))].sort().reverse()
  const events = days.flatMap((d) => doc.events.filter((e) => placedDate(e) === d))
  return { ...doc, people: [...doc.people].reverse(), relationships: doc.relationships && [...doc.relationships].reverse(), events }
}

describe('arbFamilyDocument', () => {
  it('generates only valid documents', () => {
    fc.assert(fc.property(arbFamilyDocument({ everyType: true }), (doc) => {
      const result = validateFamilyDocument(doc, { file: 'gen.json' })
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([])
    }), { numRuns: 150 })
  })

  it('covers every event type, partial dates and escalations that refer back', () => {
    const docs = fc.sample(arbFamilyDocument({ minEvents: 10 }), 200)
    const events = docs.flatMap((d) => d.events)
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(EVENT_TYPE_LIST))
    expect(events.some((e) => e.date.length === 7)).toBe(true)
    expect(events.some((e) => e.date.length === 4)).toBe(true)
    expect(events.some((e) => e.type === 'escalation' && e.refers_to !== undefined)).toBe(true)
    expect(events.some((e) => e.type === 'visit' && (e.child_seen_alone?.length ?? 0) > 0)).toBe(true)
  })
})

describe('canonicalFamilyDocument and serializeFamilyDocument', () => {
  it('import(export(x)) gives the same chronology', () => {
    fc.assert(fc.property(arbFamilyDocument({ everyType: true }), fc.boolean(), (doc, pretty) => {
      const back = imported(serializeFamilyDocument(doc, { pretty }))
      expect(sameChronology(doc, back).differences).toEqual([])
    }), { numRuns: 150 })
  })

  it('is idempotent', () => {
    fc.assert(fc.property(arbFamilyDocument(), (doc) => {
      const once = canonicalFamilyDocument(doc)
      expect(canonicalFamilyDocument(once)).toEqual(once)
      expect(serializeFamilyDocument(once)).toBe(serializeFamilyDocument(doc))
    }), { numRuns: 150 })
  })

  it('does not depend on the order of people, relationships or days', () => {
    fc.assert(fc.property(arbFamilyDocument(), (doc) => {
      expect(serializeFamilyDocument(reversed(doc))).toBe(serializeFamilyDocument(doc))
    }), { numRuns: 100 })
  })

  it('orders people by ref, events by placed date in sent order, and keys as the spec lists them', () => {
    const doc = buildFamilyDocument({
      events: [
        { id: 'E10', date: '2020-06-15', agency: 'gp', type: 'note', subjects: ['C1'], summary: 'b' },
        { summary: 'a', subjects: ['C1'], type: 'appointment', agency: 'gp', date: '2020-06', id: 'E9', status: 'attended', service: 'gp', time: undefined },
        { id: 'E2', date: '2020-06-01', agency: 'gp', type: 'note', subjects: ['C1'], summary: 'c' },
      ],
    })
    const out = canonicalFamilyDocument(reversed(doc))
    expect(out.people.map((p) => p.ref)).toEqual(['A1', 'C1', 'C2', 'U1'])
    expect(out.events.map((e) => e.id)).toEqual(['E9', 'E2', 'E10'])
    expect(Object.keys(out.events[0] ?? {})).toEqual(['id', 'date', 'agency', 'type', 'subjects', 'summary', 'service', 'status'])
    expect(Object.keys(out)).toEqual(['format', 'family', 'people', 'relationships', 'events'])
    expect(serializeFamilyDocument(doc, { pretty: true })).toContain('\n  "family": {\n    "ref": "WT",')
  })

  it('keeps a derived section on export', () => {
    const out = canonicalFamilyDocument({ ...buildFamilyDocument(), derived: { alerts: [] } })
    expect(Object.keys(out).at(-1)).toBe('derived')
  })

  it('compares ids naturally', () => {
    expect(['E10', 'E9', 'E1', 'D2', 'E9a'].sort(compareIds)).toEqual(['D2', 'E1', 'E9', 'E9a', 'E10'])
  })
})

describe('sameChronology', () => {
  it('names each difference', () => {
    const a = buildFamilyDocument()
    const b: FamilyDocument = {
      ...a,
      people: a.people.filter((p) => p.ref !== 'C2').map((p) => (p.ref === 'C1' ? { ...p, born: '2015-03-03' } : p)),
      relationships: [{ from: 'A1', to: 'C1', type: 'mother' }],
      events: [...a.events.map((e) => (e.id === 'E2' ? { ...e, summary: 'Jabs' } : e)), { id: 'E9', date: '2022', agency: 'gp', type: 'note', subjects: ['A1'], summary: 'x' }],
    }
    expect(sameChronology(a, b)).toEqual({
      same: false,
      differences: [
        'person C1 born: "2015-03-02" in the first, "2015-03-03" in the second',
        'person C2 only in the first',
        'event E2 summary: "Immunisations" in the first, "Jabs" in the second',
        'event E9 only in the second',
        'relationship A1 is mother of C2: 1 in the first, 0 in the second',
      ],
    })
  })

  it('ignores order, the order of lists inside events, and derived', () => {
    const a = buildFamilyDocument()
    const b = { ...reversed(a), derived: { alerts: [1] }, events: reversed(a).events.map((e) => (e.type === 'visit' ? { ...e, child_seen: ['C2', 'C1'] } : e)) }
    expect(sameChronology(a, b)).toEqual({ same: true, differences: [] })
  })
})

describe('writeJsonLines', () => {
  it('writes one canonical document a line, which reads back as the same chronologies', async () => {
    const docs = fc.sample(arbFamilyDocument({ maxEvents: 8 }), 25)
    async function* source(): AsyncGenerator<FamilyDocument> {
      yield* docs
    }
    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on('data', (c: Buffer) => chunks.push(c))
    expect(await writeJsonLines(source(), out)).toBe(docs.length)
    out.end()
    const text = Buffer.concat(chunks).toString('utf8')
    expect(text.split('\n')).toHaveLength(docs.length + 1)

    const dir = await mkdtemp(join(tmpdir(), 'throughline-export-'))
    try {
      await writeFile(join(dir, 'export.jsonl'), text)
      const back: FamilyDocument[] = []
      for await (const item of readExchangeFile(join(dir, 'export.jsonl'))) {
        if (!item.result.ok) throw new Error(item.result.problems.map(formatProblem).join('\n'))
        back.push(item.result.doc)
      }
      expect(back).toHaveLength(docs.length)
      back.forEach((doc, i) => expect(sameChronology(docs[i] ?? doc, doc).differences).toEqual([]))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('event order within a day', () => {
  it('keeps the order events of one day were sent in (readings §1.1)', () => {
    fc.assert(fc.property(arbFamilyDocument(), (doc) => {
      const out = canonicalFamilyDocument(doc).events
      for (const day of new Set(doc.events.map((e) => placedDate(e)))) {
        expect(out.filter((e) => placedDate(e) === day).map((e) => e.id)).toEqual(doc.events.filter((e) => placedDate(e) === day).map((e) => e.id))
      }
    }), { numRuns: 100 })
  })
})
