// Whether two family documents tell the same chronology, whatever the order
// of their people, relationships, events and lists, and ignoring `derived`.
import { compareText } from './canonicalFamilyDocument.ts'
import type { FamilyDocument } from './schema.ts'

const MAX_SHOWN = 80

/** JSON with object keys sorted and lists in sorted order: lists in the format are sets. */
function normalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(normalJson).sort(compareText).join(',')}]`
  if (typeof x === 'object' && x !== null) {
    const entries = Object.entries(x).filter(([, v]) => v !== undefined).sort(([a], [b]) => compareText(a, b))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${normalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(x) ?? 'undefined'
}

function show(x: unknown): string {
  const s = x === undefined ? 'absent' : JSON.stringify(x)
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s
}

function fieldDifferences(what: string, a: object, b: object): string[] {
  const ra = a as Record<string, unknown>, rb = b as Record<string, unknown>
  const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort(compareText)
  return keys
    .filter((k) => normalJson(ra[k]) !== normalJson(rb[k]))
    .map((k) => `${what} ${k}: ${show(ra[k])} in the first, ${show(rb[k])} in the second`)
}

function byKey<T>(xs: readonly T[], key: (x: T) => string): Map<string, T> {
  return new Map(xs.map((x) => [key(x), x]))
}

function compareKeyed<T extends object>(what: string, a: readonly T[], b: readonly T[], key: (x: T) => string): string[] {
  const ma = byKey(a, key), mb = byKey(b, key)
  const out: string[] = []
  for (const [k, x] of ma) {
    const y = mb.get(k)
    if (y === undefined) out.push(`${what} ${k} only in the first`)
    else out.push(...fieldDifferences(`${what} ${k}`, x, y))
  }
  for (const k of mb.keys()) if (!ma.has(k)) out.push(`${what} ${k} only in the second`)
  if (ma.size !== a.length || mb.size !== b.length) out.push(`a ${what} key is repeated`)
  return out
}

/** Counts of each value, as a multiset. */
function counts(xs: readonly string[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1)
  return m
}

export function sameChronology(a: FamilyDocument, b: FamilyDocument): { same: boolean; differences: string[] } {
  const differences = [
    ...(a.format === b.format ? [] : [`format: ${show(a.format)} in the first, ${show(b.format)} in the second`]),
    ...fieldDifferences('family', a.family, b.family),
    ...compareKeyed('person', a.people, b.people, (p) => p.ref),
    ...compareKeyed('event', a.events, b.events, (e) => e.id),
  ]
  const relationship = (r: { from: string; to: string; type: string }): string => `${r.from} is ${r.type} of ${r.to}`
  const ra = counts((a.relationships ?? []).map(relationship)), rb = counts((b.relationships ?? []).map(relationship))
  for (const [r, n] of ra) if ((rb.get(r) ?? 0) !== n) differences.push(`relationship ${r}: ${n} in the first, ${rb.get(r) ?? 0} in the second`)
  for (const [r, n] of rb) if (!ra.has(r)) differences.push(`relationship ${r}: 0 in the first, ${n} in the second`)
  return { same: differences.length === 0, differences }
}
