// fast-check arbitraries for property tests: valid chronology-exchange/1
// documents covering every event type and facet, with real (and partial)
// dates, refs that resolve, unique ids and escalations that refer back.
import fc from 'fast-check'
import type { z } from 'zod'
import { periodEnd, periodStart } from './dates.ts'
import { eventSchema, FORMAT, RELATIONSHIP_TYPES } from './schema.ts'
import type { ChronologyEvent, EventType, FamilyDocument, Person, Relationship } from './schema.ts'

type Model = Record<string, fc.Arbitrary<unknown>>

/** An object with every key of `required` and any of the keys of `optional` (absent, never undefined). */
function withOptional(required: Model, optional: Model): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(fc.record(required), fc.record(optional, { requiredKeys: [] }))
    .map(([a, b]) => ({ ...a, ...b }) as Record<string, unknown>)
}

const schemaByType: ReadonlyMap<string, z.ZodObject> = new Map(eventSchema.options.map((o) => [o.shape.type.value, o]))

/** The allowed values of an enum facet (or a list or optional of one), read from the schema so they never drift. */
function facetValues(type: EventType, field: string): string[] {
  let def: unknown = schemaByType.get(type)?.shape[field]?._zod.def
  for (;;) {
    const d = def as { type?: string; innerType?: { _zod: { def: unknown } }; element?: { _zod: { def: unknown } }; entries?: Record<string, string>; options?: { _zod: { def: unknown } }[] }
    if (d.type === 'optional' && d.innerType !== undefined) def = d.innerType._zod.def
    else if (d.type === 'array' && d.element !== undefined) def = d.element._zod.def
    else if (d.type === 'union' && d.options?.[0] !== undefined) def = d.options[0]._zod.def
    else if (d.type === 'enum' && d.entries !== undefined) return Object.values(d.entries)
    else throw new Error(`no enum values for ${type}.${field}`)
  }
}

const oneOf = (type: EventType, field: string): fc.Arbitrary<string> => fc.constantFrom(...facetValues(type, field))
const someOf = (type: EventType, field: string): fc.Arbitrary<string[]> => fc.shuffledSubarray(facetValues(type, field))

/** Non-empty text with no surrounding space (import trims text). */
// Built once: building string arbitraries (graphemes, regexes) is far slower than drawing from them.
const TEXT = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
  fc.constantFrom('Home visit: mum not in', 'Child said "I am hungry"', 'Zoë seen; bedroom not seen'),
).map((s) => s.trim()).filter((s) => s.length > 0)
const KEY = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,9}$/)
const AGENCY = fc.oneof(
  fc.constantFrom('childrens_social_care', 'police', 'school', 'gp', 'health_visitor', 'housing', 'early_help'),
  fc.stringMatching(/^[a-z][a-z_]{0,11}$/),
)

const NAME = fc.string({ maxLength: 20 })
const IDENTIFIERS = fc.dictionary(fc.constantFrom('nhs_number', 'upn', 'police_id', 'la_id', 'gp_ref'), fc.stringMatching(/^[A-Z0-9]{1,10}$/), { maxKeys: 3 })
const ADDRESS = fc.string({ maxLength: 40 })
const TIME = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)

export const arbText = (): fc.Arbitrary<string> => TEXT
export const arbKey = (): fc.Arbitrary<string> => KEY
const agencyWord = (): fc.Arbitrary<string> => AGENCY

const MIN_DAY = Date.UTC(2000, 0, 1) / 86_400_000
const MAX_DAY = Date.UTC(2030, 11, 31) / 86_400_000

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10)
}

function dayOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000
}

/** A real day, YYYY-MM-DD. */
export const arbFullDate = (): fc.Arbitrary<string> => fc.integer({ min: MIN_DAY, max: MAX_DAY }).map(isoDay)

/** A real date, mostly a day, sometimes only a month or a year. */
export const arbPartialDate = (): fc.Arbitrary<string> =>
  fc.tuple(arbFullDate(), fc.constantFrom('day', 'day', 'day', 'day', 'month', 'year'))
    .map(([d, precision]) => (precision === 'day' ? d : precision === 'month' ? d.slice(0, 7) : d.slice(0, 4)))

interface Cast {
  refs: string[]
  /** Children and unborn children. */
  young: string[]
}

const arbRef = (cast: Cast): fc.Arbitrary<string> => fc.constantFrom(...cast.refs)
const arbYoungRef = (cast: Cast): fc.Arbitrary<string> => fc.constantFrom(...cast.young)
const arbRefs = (cast: Cast): fc.Arbitrary<string[]> => fc.shuffledSubarray(cast.refs)

/** Each type's own facets; common fields are added by arbEvent. `date` is the event's date. */
function facets(type: EventType, cast: Cast, date: string): fc.Arbitrary<Record<string, unknown>> {
  const bool = fc.boolean()
  switch (type) {
    case 'referral':
      return withOptional({ referrer: oneOf(type, 'referrer') }, { referrer_agency: agencyWord(), concerns: someOf(type, 'concerns'), referral_outcome: oneOf(type, 'referral_outcome') })
    case 'visit':
      return fc.tuple(oneOf(type, 'access'), arbRefs(cast), fc.nat(), fc.constantFrom('none', 'seen', 'alone')).chain(([access, seen, aloneCount, recorded]) => {
        // child_seen_alone only with child_seen, and no child seen without access.
        const noAccess = access === 'refused' || access === 'no_answer'
        const seenFacets = noAccess || recorded === 'none' ? {}
          : recorded === 'seen' ? { child_seen: seen }
            : { child_seen: seen, child_seen_alone: seen.slice(0, aloneCount % (seen.length + 1)) }
        return withOptional({ access: fc.constant(access) }, {
          kind: oneOf(type, 'kind'),
          areas_seen: someOf(type, 'areas_seen'),
          home_conditions: oneOf(type, 'home_conditions'),
          parenting_observed: bool,
        }).map((v) => ({ ...v, ...seenFacets }))
      })
    case 'appointment':
      return withOptional({ service: oneOf(type, 'service'), status: oneOf(type, 'status') }, { reason: arbText() })
    case 'attendance':
      return withOptional({
        period_end: fc.integer({ min: 0, max: 90 }).map((back) => isoDay(Math.max(MIN_DAY, dayOf(periodEnd(date)) - back))),
        attendance_pct: fc.integer({ min: 0, max: 1000 }).map((n) => n / 10),
      }, { lates: fc.nat({ max: 60 }), reason: arbText() })
    case 'education':
      return fc.record({ status: oneOf(type, 'status') })
    case 'police_incident':
      return withOptional({ category: oneOf(type, 'category') }, {
        children_present: arbRefs(cast), victim: arbRef(cast), perpetrator: arbRef(cast), injuries: bool, substances: bool,
      })
    case 'injury':
      return withOptional({}, { explanation: arbText(), explanation_accepted: bool, medical_opinion: oneOf(type, 'medical_opinion'), reported_to_csc: bool })
    case 'observation':
      return withOptional({}, { indicators: someOf(type, 'indicators'), risk_factors: someOf(type, 'risk_factors') })
    case 'child_voice':
      return withOptional({ words: arbText() }, { words_form: oneOf(type, 'words_form'), risk_factors: someOf(type, 'risk_factors'), method: oneOf(type, 'method') })
    case 'assessment':
      return fc.oneof(
        withOptional({ kind: oneOf(type, 'kind'), tool: fc.constant('gcp2') }, {
          carer: arbRef(cast),
          scores: fc.record({ physical_care: fc.integer({ min: 1, max: 5 }), safety: fc.integer({ min: 1, max: 5 }), love: fc.integer({ min: 1, max: 5 }), esteem: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: ['safety'] }),
        }),
        withOptional({ kind: oneOf(type, 'kind') }, {
          tool: fc.constantFrom('wecan', 'graded_care_profile', 'other'),
          carer: arbRef(cast),
          scores: fc.dictionary(arbKey(), fc.integer({ min: -100, max: 100 }), { minKeys: 1, maxKeys: 4 }),
        }),
      )
    case 'plan':
      return withOptional({ plan: oneOf(type, 'plan'), change: oneOf(type, 'change') }, {
        category: fc.oneof(oneOf(type, 'category'), fc.shuffledSubarray(facetValues(type, 'category'), { minLength: 1 })),
        reason: arbText(),
      })
    case 'meeting':
      return withOptional({ kind: oneOf(type, 'kind') }, { attended: fc.array(agencyWord(), { maxLength: 5 }), invited_absent: fc.array(agencyWord(), { maxLength: 3 }), decision: arbText() })
    case 'decision':
      return withOptional({}, { from: fc.constantFrom('section_47', 'child_protection'), to: fc.constantFrom('section_17', 'child_in_need'), partners_informed: bool })
    case 'worker_change':
      return fc.record({ role: oneOf(type, 'role') })
    case 'address_change':
      return withOptional({}, { new_address: arbText(), local_authority: arbText(), home_conditions: oneOf(type, 'home_conditions') })
    case 'placement':
      return withOptional({}, { carer: arbRef(cast), kind: oneOf(type, 'kind'), carer_assessed: bool, checks: someOf(type, 'checks'), change: oneOf(type, 'change') })
    case 'escalation':
      // refers_to is added once the events are known (arbFamilyDocument).
      return withOptional({ raised_by: agencyWord() }, { about: arbText(), status: oneOf(type, 'status'), resolution: arbText() })
    case 'case_closure':
      return withOptional({ reason: oneOf(type, 'reason') }, { risk_assessed: bool })
    case 'adult_factor':
      return withOptional({ factor: oneOf(type, 'factor') }, { other_party: arbRef(cast), status: oneOf(type, 'status') })
    case 'pregnancy':
      return withOptional({}, { weeks: fc.integer({ min: 0, max: 45 }), expected: arbFullDate(), child: arbYoungRef(cast) })
    case 'birth':
      return withOptional({ child: arbYoungRef(cast) }, { neonatal_abstinence: bool })
    case 'court':
      return withOptional({ application: oneOf(type, 'application') }, { result: oneOf(type, 'result') })
    case 'note':
      return fc.constant({})
  }
}

export const EVENT_TYPE_LIST = eventSchema.options.map((o) => o.shape.type.value)

/** One event of `type` (or any type) about people of the cast, with a placeholder id. */
function arbEvent(cast: Cast, type?: EventType): fc.Arbitrary<ChronologyEvent> {
  const arbType = type === undefined ? fc.constantFrom(...EVENT_TYPE_LIST) : fc.constant(type)
  return fc.tuple(arbType, arbPartialDate()).chain(([t, date]) =>
    fc.tuple(
      withOptional({
        date: fc.constant(date),
        agency: agencyWord(),
        type: fc.constant(t),
        subjects: fc.shuffledSubarray(cast.refs, { minLength: 1 }),
        summary: arbText(),
      }, {
        approximate: fc.boolean(),
        time: TIME,
        recorded: fc.integer({ min: 0, max: 120 }).map((later) => isoDay(dayOf(periodStart(date)) + later)),
        significance: arbText(),
        action: arbText(),
        outcome: arbText(),
        restricted: fc.boolean(),
      }),
      facets(t, cast, date),
    ).map(([common, own]) => ({ id: '', ...common, ...own }) as ChronologyEvent))
}

function arbPerson(ref: string, role: Person['role']): fc.Arbitrary<Person> {
  const dates: Model = role === 'unborn' ? { expected: arbPartialDate() } : { born: arbPartialDate() }
  return withOptional({ ref: fc.constant(ref), given_name: NAME, role: fc.constant(role) }, {
    ...dates,
    family_name: NAME,
    sex: fc.constantFrom('female', 'male', 'unknown'),
    identifiers: IDENTIFIERS,
    address: ADDRESS,
  }).map((p) => p as Person)
}

/** Gives escalations that are resolved or unresolved a refers_to to an escalation not dated after them, sometimes. */
function linkEscalations(events: ChronologyEvent[], picks: number[]): ChronologyEvent[] {
  const escalations = events.filter((e) => e.type === 'escalation')
  return events.map((ev, i) => {
    if (ev.type !== 'escalation' || (ev.status !== 'resolved' && ev.status !== 'unresolved')) return ev
    const earlier = escalations.filter((e) => e !== ev && periodStart(e.date) <= periodStart(ev.date))
    const pick = picks[i % Math.max(1, picks.length)] ?? 0
    const target = earlier[pick % (earlier.length + 1)]
    return target === undefined ? ev : { ...ev, refers_to: target.id }
  })
}

export interface FamilyDocumentShape {
  minEvents?: number
  maxEvents?: number
  /** Include at least one event of every type. */
  everyType?: boolean
}

export function arbFamilyDocument(shape: FamilyDocumentShape = {}): fc.Arbitrary<FamilyDocument> {
  const { minEvents = 0, maxEvents = 25, everyType = false } = shape
  const counts = fc.record({ adults: fc.integer({ min: 1, max: 3 }), children: fc.integer({ min: 1, max: 4 }), unborn: fc.integer({ min: 0, max: 1 }) })
  return fc.tuple(counts, fc.uniqueArray(arbKey(), { minLength: 8, maxLength: 8 })).chain(([n, refPool]) => {
    const roles: Person['role'][] = [
      ...Array<Person['role']>(n.adults).fill('adult'),
      ...Array<Person['role']>(n.children).fill('child'),
      ...Array<Person['role']>(n.unborn).fill('unborn'),
    ]
    const refs = roles.map((_, i) => refPool[i] ?? `P${i}`)
    const cast: Cast = { refs, young: refs.filter((_, i) => roles[i] !== 'adult') }
    const people = fc.tuple(...roles.map((role, i) => arbPerson(refs[i] ?? `P${i}`, role)))
    const relationships = fc.array(
      fc.record({ from: fc.constantFrom(...refs), to: fc.constantFrom(...refs), type: fc.constantFrom(...RELATIONSHIP_TYPES) }),
      { maxLength: 6 },
    ).map((rs): Relationship[] => rs)
    const forced = everyType ? fc.tuple(...EVENT_TYPE_LIST.map((t) => arbEvent(cast, t))) : fc.constant([])
    const events = fc.tuple(forced, fc.array(arbEvent(cast), { minLength: minEvents, maxLength: maxEvents }))
      .map(([a, b]) => [...a, ...b])
      .chain((evs) => fc.tuple(
        fc.uniqueArray(arbKey(), { minLength: evs.length, maxLength: evs.length }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
      ).map(([ids, picks]) => linkEscalations(evs.map((ev, i) => ({ ...ev, id: ids[i] ?? `E${i}` })), picks)))
    return withOptional({
      format: fc.constant(FORMAT),
      family: withOptional({ ref: arbKey() }, { name: fc.string({ maxLength: 30 }) }),
      people: people.chain((ps) => fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length })),
      events,
    }, { relationships }).map((d) => d as FamilyDocument)
  })
}
