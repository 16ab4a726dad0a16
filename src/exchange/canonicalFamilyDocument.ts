// A family document in one stable form, for export: people by ref,
// relationships sorted, events by placed date then id, keys in the spec's
// order, absent optional fields left out.
import { placedDate } from './dates.ts'
import { eventSchema, familyDocumentSchema, personSchema } from './schema.ts'
import type { ChronologyEvent, FamilyDocument, Person, Relationship } from './schema.ts'

const DOCUMENT_ORDER = Object.keys(familyDocumentSchema.shape)
const PERSON_ORDER = Object.keys(personSchema.shape)
const FAMILY_ORDER = ['ref', 'name']
const RELATIONSHIP_ORDER = ['from', 'to', 'type']
/** The common columns in the spec's order; each type's facets follow in its schema's order. */
const COMMON_ORDER = ['id', 'date', 'approximate', 'time', 'recorded', 'agency', 'type', 'subjects', 'summary', 'significance', 'action', 'outcome', 'restricted']
const EVENT_ORDER: ReadonlyMap<string, readonly string[]> = new Map(eventSchema.options.map((o) => [
  o.shape.type.value,
  [...COMMON_ORDER, ...Object.keys(o.shape).filter((k) => !COMMON_ORDER.includes(k))],
]))

/** `a` and `b` in code-unit order (not locale order, so the result never depends on the machine). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Ids in natural order (E2 before E10), falling back to code-unit order. */
export function compareIds(a: string, b: string): number {
  const split = (s: string): string[] => s.split(/(\d+)/)
  const pa = split(a), pb = split(b)
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? '', y = pb[i] ?? ''
    if (x === y) continue
    // Odd positions are digit runs.
    if (i % 2 === 1) {
      const byNumber = Number(x) - Number(y)
      if (byNumber !== 0) return byNumber < 0 ? -1 : 1
    }
    return compareText(x, y)
  }
  return pa.length - pb.length || compareText(a, b)
}

/** A copy of `obj` with keys in `order` first, then any others sorted, leaving out undefined values. */
function ordered<T extends object>(obj: T, order: readonly string[]): T {
  const source = obj as Record<string, unknown>
  const out: Record<string, unknown> = {}
  const rest = Object.keys(source).filter((k) => !order.includes(k)).sort(compareText)
  for (const k of [...order, ...rest]) {
    if (Object.hasOwn(source, k) && source[k] !== undefined) out[k] = source[k]
  }
  return out as T
}

function sortedRecord<V>(r: Record<string, V>): Record<string, V> {
  return ordered(r, Object.keys(r).sort(compareText))
}

function canonicalPerson(p: Person): Person {
  const person = ordered(p, PERSON_ORDER)
  if (person.identifiers !== undefined) person.identifiers = sortedRecord(person.identifiers)
  return person
}

function canonicalEvent(ev: ChronologyEvent): ChronologyEvent {
  const event = ordered(ev, EVENT_ORDER.get(ev.type) ?? COMMON_ORDER)
  if (event.type === 'assessment' && event.scores !== undefined) event.scores = sortedRecord(event.scores)
  return event
}

function compareRelationships(a: Relationship, b: Relationship): number {
  return compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.type, b.type)
}

/**
 * By placed date only: the sort is stable, so events of one day keep the order
 * they were sent in (readings §1.1), which some rules read (same-day plan
 * changes, "listed earlier" incidents).
 */
export function compareEvents(a: ChronologyEvent, b: ChronologyEvent): number {
  return compareText(placedDate(a), placedDate(b))
}

export function canonicalFamilyDocument(doc: FamilyDocument): FamilyDocument {
  const out = ordered(doc, DOCUMENT_ORDER)
  out.family = ordered(doc.family, FAMILY_ORDER)
  out.people = [...doc.people].sort((a, b) => compareText(a.ref, b.ref)).map(canonicalPerson)
  if (doc.relationships !== undefined) {
    out.relationships = [...doc.relationships].sort(compareRelationships).map((r) => ordered(r, RELATIONSHIP_ORDER))
  }
  out.events = [...doc.events].sort(compareEvents).map(canonicalEvent)
  return out
}

export function serializeFamilyDocument(doc: FamilyDocument, options: { pretty?: boolean } = {}): string {
  return JSON.stringify(canonicalFamilyDocument(doc), null, options.pretty === true ? 2 : undefined)
}
