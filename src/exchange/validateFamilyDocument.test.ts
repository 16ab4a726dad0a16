import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { formatProblem } from '../errors/errors.ts'
import { buildFamilyDocument } from './buildFamilyDocument.ts'
import { readExchangeFile } from './readExchangeFile.ts'
import { EVENT_TYPES } from './schema.ts'
import { validateFamilyDocument } from './validateFamilyDocument.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SCENARIOS = process.env.THROUGHLINE_SCENARIOS ?? resolve(REPO_ROOT, '../shared/scenarios')

const DELETE = Symbol('delete')
type Edit = [path: string, value: unknown]

/** A JSON copy of the test document with edits applied at dotted paths (`events.1.status`). */
function edited(edits: Edit[]): unknown {
  const doc: unknown = JSON.parse(JSON.stringify(buildFamilyDocument()))
  for (const [path, value] of edits) {
    const keys = path.split('.')
    const last = keys.pop()
    let here: unknown = doc
    for (const k of keys) here = (here as Record<string, unknown>)[k]
    const container = here as Record<string, unknown>
    if (last === undefined) throw new Error('empty path')
    if (value === DELETE) delete container[last]
    else container[last] = value
  }
  return doc
}

function messages(raw: unknown): string[] {
  const result = validateFamilyDocument(raw, { file: 't.json' })
  return result.ok ? [] : result.problems.map(formatProblem)
}

const TYPES = EVENT_TYPES.join(', ')
const ROLES = 'child, adult, unborn'
const F = 't.json: family WT'

describe('validateFamilyDocument: scenarios', () => {
  const present = existsSync(SCENARIOS)
  const files = present ? readdirSync(SCENARIOS).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json')) : []
  it.skipIf(!present)(`every scenario in ${SCENARIOS} validates with zero problems${present ? '' : ' (folder not found: set THROUGHLINE_SCENARIOS)'}`, async () => {
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      const problems: string[] = []
      let families = 0
      for await (const item of readExchangeFile(join(SCENARIOS, f))) {
        families++
        if (!item.result.ok) problems.push(...item.result.problems.map(formatProblem))
      }
      expect(problems, f).toEqual([])
      expect(families, f).toBeGreaterThan(0)
    }
  })
})

describe('validateFamilyDocument: a valid document', () => {
  it('accepts it and returns it without the derived section', () => {
    const result = validateFamilyDocument({ ...buildFamilyDocument(), derived: { alerts: [{ deep: { any: ['thing'] } }] } }, { file: 't.json' })
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.doc.events).toHaveLength(8)
      expect('derived' in result.doc).toBe(false)
    }
  })

  it('trims surrounding space from free text', () => {
    const result = validateFamilyDocument(edited([['events.0.summary', '  Home visit \n']]), { file: 't.json' })
    expect(result.ok && result.doc.events[0]?.summary).toBe('Home visit')
  })
})

describe('validateFamilyDocument: broken input, one exact message each', () => {
  const cases: [name: string, edits: Edit[], expected: string][] = [
    ['wrong format version', [['format', 'chronology-exchange/2']], `${F}, field format: expected chronology-exchange/1, not chronology-exchange/2 (this version reads only chronology-exchange/1)`],
    ['format of the wrong kind', [['format', 1]], `${F}, field format: expected chronology-exchange/1, not a number`],
    ['missing format', [['format', DELETE]], `${F}, field format: is required: expected chronology-exchange/1`],
    ['unknown top-level field', [['colour', 'red']], `${F}, field colour: is not allowed in a family document (expected format, family, people, relationships, events, derived)`],
    ['missing family.ref', [['family.ref', DELETE]], 't.json: field family.ref: is required: expected a ref (a key unique in the document)'],
    ['unknown field in family', [['family.colour', 'red']], `${F}, field family.colour: is not allowed in family (expected ref, name)`],
    ['people empty', [['people', []], ['relationships', []], ['events', []]], `${F}, field people: expected at least one person`],
    ['person missing role', [['people.1.role', DELETE]], `${F}, field people[1].role: is required: expected one of ${ROLES}`],
    ['bad role', [['people.1.role', 'teenager']], `${F}, field people[1].role: expected one of ${ROLES}`],
    ['unknown field on a person', [['people.1.colour', 'red']], `${F}, field people[1].colour: is not allowed for a person`],
    ['duplicate person ref', [['people.4', { ref: 'C1', given_name: 'Kayden', role: 'child' }]], `${F}, field people[4].ref: C1 is already the ref of people[1]; expected each person's ref once`],
    ['born impossible date', [['people.1.born', '2021-02-30']], `${F}, field people[1].born: expected a real date as YYYY-MM-DD, YYYY-MM or YYYY`],
    ['expected on a child', [['people.1.expected', '2021-05']], `${F}, field people[1].expected: is only for a person with role unborn (the expected date of delivery); this person's role is child`],
    ['born on an unborn person', [['people.3.born', '2021-05-10']], `${F}, field people[3].born: expected no born date for a person with role unborn (a birth event gives the date)`],
    ['unknown relationship type', [['relationships.0.type', 'cousin']], `${F}, field relationships[0].type: expected one of mother, father, stepfather, stepmother, partner, sibling, half_sibling, grandmother, grandfather, great_grandparent, aunt, uncle, kinship_carer, foster_carer, other`],
    ['relationship to unknown ref', [['relationships.0.to', 'Z9']], `${F}, field relationships[0].to: Z9 is not in people; expected the ref of a listed person`],
    ['missing events', [['events', DELETE]], `${F}, field events: is required: expected a list of events`],
    ['event not an object', [['events.7', 'note']], `${F}, field events[7]: expected an object, not text`],
    ['event missing id', [['events.1.id', DELETE]], `${F}, field events[1].id: is required: expected an event id`],
    ['duplicate event id', [['events.1.id', 'E1']], `${F}, event E1, field id: is also the id of events[0]; expected each event id once`],
    ['unknown event type', [['events.7.type', 'phone_call']], `${F}, event E8, field type: expected one of ${TYPES} (an unknown type is refused; use note for anything else)`],
    ['missing event type', [['events.7.type', DELETE]], `${F}, event E8, field type: is required: expected one of ${TYPES} (an unknown type is refused; use note for anything else)`],
    ['wrong enum (appointment status)', [['events.1.status', 'no_show']], `${F}, event E2, field status: expected one of attended, was_not_brought, did_not_attend, cancelled_by_family, cancelled_by_service`],
    ['unknown field for the type', [['events.0.colour', 'red']], `${F}, event E1, field colour: is not allowed for an event of type visit`],
    ['facet of another type', [['events.7.status', 'attended']], `${F}, event E8, field status: is not allowed for an event of type note`],
    ['missing required facet (visit access)', [['events.0.access', DELETE]], `${F}, event E1, field access: is required: expected one of full, partial, refused, no_answer`],
    ['missing summary', [['events.1.summary', DELETE]], `${F}, event E2, field summary: is required: expected non-empty text`],
    ['blank summary', [['events.1.summary', '   ']], `${F}, event E2, field summary: expected non-empty text`],
    ['summary of the wrong kind', [['events.1.summary', 5]], `${F}, event E2, field summary: expected text, not a number`],
    ['10 MB string in summary', [['events.1.summary', 'x'.repeat(10 * 1024 * 1024)]], `${F}, event E2, field summary: expected text of at most 20000 characters`],
    ['subjects empty', [['events.1.subjects', []]], `${F}, event E2, field subjects: expected at least one person ref`],
    ['subject repeated', [['events.1.subjects', ['C1', 'C1']]], `${F}, event E2, field subjects: expected each person once, but a ref is repeated`],
    ['subject unknown ref', [['events.1.subjects', ['C1', 'Z9']]], `${F}, event E2, field subjects[1]: Z9 is not in people; expected the ref of a listed person`],
    ['child_seen unknown ref', [['events.0.child_seen', ['C1', 'Z9']], ['events.0.child_seen_alone', []]], `${F}, event E1, field child_seen[1]: Z9 is not in people; expected the ref of a listed person`],
    ['child_seen_alone not in child_seen', [['events.0.child_seen_alone', ['C1', 'A1']]], `${F}, event E1, field child_seen_alone[1]: A1 is not in child_seen; expected every child seen alone to be listed as seen`],
    ['child seen on a refused visit', [['events.0.access', 'refused'], ['events.0.child_seen_alone', DELETE]], `${F}, event E1, field child_seen: expected no child seen on a visit with access refused`],
    ['date impossible', [['events.1.date', '2020-13-01']], `${F}, event E2, field date: expected a real date as YYYY-MM-DD, YYYY-MM or YYYY`],
    ['date in a bad format', [['events.1.date', '01/02/2020']], `${F}, event E2, field date: expected a real date as YYYY-MM-DD, YYYY-MM or YYYY`],
    ['recorded before date', [['events.1.recorded', '2020-01-01']], `${F}, event E2, field recorded: 2020-01-01 is before the event's date 2020-02-03; expected the day it was recorded, on or after the date`],
    ['recorded partial', [['events.1.recorded', '2020-03']], `${F}, event E2, field recorded: expected a real date as YYYY-MM-DD`],
    ['time 25:00', [['events.1.time', '25:00']], `${F}, event E2, field time: expected a time as HH:MM`],
    ['approximate not a boolean', [['events.1.approximate', 'yes']], `${F}, event E2, field approximate: expected true or false, not text`],
    ['agency not a lower-case word', [['events.1.agency', 'GP Surgery']], `${F}, event E2, field agency: expected an agency as a lower-case word (for example childrens_social_care)`],
    ['attendance_pct 120', [['events.4.attendance_pct', 120]], `${F}, event E5, field attendance_pct: expected a percentage from 0 to 100`],
    ['attendance period_end after the date', [['events.4.period_end', '2020-07-17']], `${F}, event E5, field period_end: 2020-07-17 is after the event's date 2020-06; expected the end of the period on or before 2020-06-30`],
    ['weeks -1', [['events.5.weeks', -1]], `${F}, event E6, field weeks: expected a number of weeks from 0 to 45`],
    ['pregnancy child an adult', [['events.5.child', 'A1']], `${F}, event E6, field child: A1 is an adult; expected the ref of a child or unborn person`],
    ['birth child unknown', [['events.6.child', 'Z9']], `${F}, event E7, field child: Z9 is not in people; expected the ref of a listed person`],
    ['refers_to unknown id', [['events.3.refers_to', 'E99']], `${F}, event E4, field refers_to: E99 is not an event of this document; expected the id of the escalation this entry resolves`],
    ['refers_to non-escalation', [['events.3.refers_to', 'E2']], `${F}, event E4, field refers_to: E2 is not an escalation; expected the id of the escalation this entry resolves`],
    ['refers_to itself', [['events.3.refers_to', 'E4']], `${F}, event E4, field refers_to: names this event itself; expected the id of an earlier escalation`],
    ['refers_to dated after', [['events.2.date', '2020-05-01']], `${F}, event E4, field refers_to: E3 is dated after this entry; expected an escalation dated on or before 2020-04-01`],
    ['refers_to on a raised entry', [['events.3.status', 'raised']], `${F}, event E4, field refers_to: is only for a later resolved or unresolved entry; expected status resolved or unresolved with it`],
    ['plan category outside the list', [['events.7', { id: 'E8', date: '2021', agency: 'childrens_social_care', type: 'plan', subjects: ['C1'], summary: 'CP plan', plan: 'child_protection', change: 'start', category: ['neglect', 'poverty'] }]], `${F}, event E8, field category: expected one of neglect, physical_abuse, emotional_abuse, sexual_abuse, multiple, or a list of them`],
    ['gcp2 score out of range', [['events.7', { id: 'E8', date: '2021', agency: 'childrens_social_care', type: 'assessment', subjects: ['C1'], summary: 'GCP2', kind: 'neglect_tool', tool: 'gcp2', scores: { safety: 7 } }]], `${F}, event E8, field scores.safety: expected a gcp2 score from 1 (best) to 5 (worst)`],
  ]

  it.each(cases)('%s', (_name, edits, expected) => {
    expect(messages(edited(edits))).toEqual([expected])
  })

  it('refuses a top level that is not an object', () => {
    expect(messages([buildFamilyDocument()])).toEqual(['t.json: expected a family document (a JSON object), not a list'])
    expect(messages(null)).toEqual(['t.json: expected a family document (a JSON object), not null'])
  })

  it('names a family without a readable ref by its place in the file', () => {
    const raw = edited([['family', {}]])
    const inBatch = validateFamilyDocument(raw, { file: 'b.json', index: 2 })
    const onLine = validateFamilyDocument(raw, { file: 'b.jsonl', index: 2, line: 7 })
    expect(inBatch.ok ? [] : inBatch.problems.map(formatProblem)).toEqual(['b.json: family #3, field family.ref: is required: expected a ref (a key unique in the document)'])
    expect(onLine.ok ? [] : onLine.problems.map(formatProblem)).toEqual(['b.jsonl: family on line 7, field family.ref: is required: expected a ref (a key unique in the document)'])
  })

  it('never echoes a long id or key', () => {
    const long = 'x'.repeat(5000)
    const out = messages(edited([['events.1.id', long], ['events.1.status', 'nope'], [long, 1]]))
    expect(out).toHaveLength(3)
    for (const m of out) expect(m.length).toBeLessThan(400)
  })
})

describe('validateFamilyDocument: every problem at once', () => {
  it('reports schema and cross-reference problems of one document together', () => {
    const out = messages(edited([
      ['format', 'chronology-exchange/0'],
      ['people.1.role', 'teenager'],
      ['events.1.status', 'no_show'],
      ['events.1.subjects', ['Z9']],
      ['events.3.refers_to', 'E2'],
      ['events.7.type', 'phone_call'],
      ['events.7.date', '2020-13'],
    ]))
    expect(out).toEqual([
      `${F}, field format: expected chronology-exchange/1, not chronology-exchange/0 (this version reads only chronology-exchange/1)`,
      `${F}, field people[1].role: expected one of ${ROLES}`,
      `${F}, event E2, field status: expected one of attended, was_not_brought, did_not_attend, cancelled_by_family, cancelled_by_service`,
      `${F}, event E8, field type: expected one of ${TYPES} (an unknown type is refused; use note for anything else)`,
      `${F}, event E8, field date: expected a real date as YYYY-MM-DD, YYYY-MM or YYYY`,
      `${F}, event E2, field subjects[0]: Z9 is not in people; expected the ref of a listed person`,
      `${F}, event E4, field refers_to: E2 is not an escalation; expected the id of the escalation this entry resolves`,
    ])
  })

  it('caps the problems of one document with a final count', () => {
    const events = Array.from({ length: 30 }, (_, i) => ({ id: `X${i}`, date: '2020-01-01', agency: 'gp', type: 'note', subjects: ['Z9'], summary: 's' }))
    const result = validateFamilyDocument(edited([['events', events]]), { file: 't.json' }, { maxProblems: 10 })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.problems).toHaveLength(11)
      expect(formatProblem(result.problems[10] ?? { message: '' })).toBe(`${F}: and 20 more problems`)
    }
  })
})
