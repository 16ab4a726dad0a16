// Builders for rule tests: compact, valid families (checked against the
// exchange schema, so a fixture cannot drift from the format) and one-call
// evaluation of a single rule. Test code only.
import type { IsoDate } from '../exchange/dates.ts'
import {
  eventSchema, familyDocumentSchema, FORMAT,
  type ChronologyEvent, type EventOf, type EventType, type FamilyDocument, type Person, type Relationship,
} from '../exchange/schema.ts'
import { replay } from './engine.ts'
import { buildFamilyView } from './familyView.ts'
import { defaultThresholds, type Thresholds } from './thresholds.ts'
import type { AlertEpisode, Finding, Rule, RuleId } from './types.ts'

/** The facets each type requires, with harmless defaults. */
const REQUIRED_FACETS: { readonly [T in EventType]: Record<string, unknown> } = {
  referral: { referrer: 'professional' },
  visit: { access: 'full' },
  appointment: { service: 'gp', status: 'attended' },
  attendance: { attendance_pct: 100 },
  education: { status: 'on_roll' },
  police_incident: { category: 'other' },
  injury: {},
  observation: {},
  child_voice: { words: 'Words recorded for the test.' },
  assessment: { kind: 'other' },
  plan: { plan: 'child_protection', change: 'start' },
  meeting: { kind: 'other' },
  decision: {},
  worker_change: { role: 'social_worker' },
  address_change: {},
  placement: {},
  escalation: { raised_by: 'school' },
  case_closure: { reason: 'needs_met' },
  adult_factor: { factor: 'offending' },
  pregnancy: {},
  birth: { child: 'C1' },
  court: { application: 'other' },
  note: {},
}

type EventOverrides<T extends EventType> = Partial<Omit<EventOf<T>, 'type'>>

/**
 * A valid event of a type. Defaults: dated 2020-01-01, about C1, by
 * children's social care, with the type's required facets; `id` is filled
 * in by buildFamily when left out. An attendance's period_end defaults to its date.
 */
export function buildEvent<T extends EventType>(type: T, overrides: EventOverrides<T> = {}): EventOf<T> {
  const date = overrides.date ?? '2020-01-01'
  const extra = type === 'attendance' ? { period_end: date } : {}
  const event = eventSchema.parse({
    id: 'unset', date, agency: 'childrens_social_care', subjects: ['C1'], summary: `Test ${type}.`,
    ...REQUIRED_FACETS[type], ...extra, ...overrides, type,
  })
  return event as EventOf<T>
}

/** A child; born 2015-01-01 unless overridden (pass born: undefined for none). */
export function buildChild(ref = 'C1', overrides: Partial<Person> = {}): Person {
  return { ref, given_name: ref, born: '2015-01-01', role: 'child', ...overrides }
}

export function buildUnborn(ref = 'U1', overrides: Partial<Person> = {}): Person {
  return { ref, given_name: ref, role: 'unborn', ...overrides }
}

export function buildAdult(ref = 'M1', overrides: Partial<Person> = {}): Person {
  return { ref, given_name: ref, born: '1990-01-01', role: 'adult', ...overrides }
}

export function buildRelationship(from: string, to: string, type: Relationship['type']): Relationship {
  return { from, to, type }
}

export interface FamilyOverrides {
  ref?: string
  /** Default: mother M1 and child C1 (born 2015-01-01). */
  people?: Person[]
  /** Default: M1 is the mother of every child and unborn person. */
  relationships?: Relationship[]
  events?: ChronologyEvent[]
}

/**
 * A valid family document. Events whose id was left out are numbered E1, E2,
 * ... by their position, so a fixture table can name them.
 */
export function buildFamily(overrides: FamilyOverrides = {}): FamilyDocument {
  const people = overrides.people ?? [buildAdult('M1'), buildChild('C1')]
  const relationships = overrides.relationships ?? people
    .filter((p) => p.role !== 'adult')
    .map((p) => buildRelationship('M1', p.ref, 'mother'))
    .filter((r) => people.some((p) => p.ref === r.from))
  const events = (overrides.events ?? []).map((e, i) => (e.id === 'unset' ? { ...e, id: `E${i + 1}` } : e))
  return familyDocumentSchema.parse({ format: FORMAT, family: { ref: overrides.ref ?? 'F1' }, people, relationships, events })
}

/** One rule's findings on asOf, with default thresholds merged with `thresholds`. */
export function evaluateRule<K extends RuleId>(
  rule: Rule<K>, doc: FamilyDocument, asOf: IsoDate, thresholds: Partial<Thresholds[K]> = {},
): Finding[] {
  const view = buildFamilyView(doc, asOf)
  return rule.evaluate(view, asOf, { ...defaultThresholds[rule.id], ...thresholds })
}

/** Subjects a rule fires for on asOf, sorted: a compact thing to compare in a table. */
export function subjectsFiring<K extends RuleId>(
  rule: Rule<K>, doc: FamilyDocument, asOf: IsoDate, thresholds: Partial<Thresholds[K]> = {},
): string[] {
  return [...new Set(evaluateRule(rule, doc, asOf, thresholds).map((f) => f.subject))].sort()
}

/** One rule's replay episodes (engine replay with just that rule). */
export function replayRule<K extends RuleId>(
  rule: Rule<K>, doc: FamilyDocument, options: { until?: IsoDate, thresholds?: Partial<Thresholds[K]> } = {},
): AlertEpisode[] {
  const thresholds = { ...defaultThresholds, [rule.id]: { ...defaultThresholds[rule.id], ...options.thresholds } }
  return replay(doc, { rules: [rule], thresholds, ...(options.until ? { until: options.until } : {}) }).alerts
}
