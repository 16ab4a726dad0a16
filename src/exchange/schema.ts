// The chronology-exchange/1 format (shared/spec/chronology-exchange.md) as zod
// schemas: the single source of truth for the format's types.
import { z } from 'zod'
import { isRealDate, isRealPartialDate } from './dates.ts'

export const FORMAT = 'chronology-exchange/1' as const

/** Longest free text we accept in one field; a chronology entry is a paragraph, not a book. */
export const MAX_TEXT = 20_000
/** Longest ref, id, or code. */
export const MAX_KEY = 200

export const KNOWN_AGENCIES = [
  'childrens_social_care', 'early_help', 'mash', 'police', 'school', 'nursery', 'gp',
  'health_visitor', 'midwifery', 'hospital', 'dental', 'camhs', 'adult_mental_health',
  'substance_misuse', 'probation', 'housing', 'domestic_abuse_service',
  'environmental_health', 'court',
] as const

export const RELATIONSHIP_TYPES = [
  'mother', 'father', 'stepfather', 'stepmother', 'partner', 'sibling', 'half_sibling',
  'grandmother', 'grandfather', 'great_grandparent', 'aunt', 'uncle', 'kinship_carer',
  'foster_carer', 'other',
] as const

export const HOME_CONDITIONS = ['good', 'adequate', 'poor', 'unfit'] as const
export const RISK_FACTORS = [
  'domestic_abuse', 'parental_mental_health', 'parental_substance_misuse',
  'parental_alcohol_misuse', 'offending', 'young_carer', 'poor_home_conditions',
  'overcrowding', 'financial_hardship', 'non_engagement',
] as const
export const NEGLECT_ASPECTS = ['medical', 'nutritional', 'emotional', 'educational', 'physical', 'supervision'] as const
export const PLAN_KINDS = ['early_help', 'child_in_need', 'child_protection', 'plo_pre_proceedings', 'care_proceedings', 'looked_after'] as const
export const PLAN_CATEGORIES = ['neglect', 'physical_abuse', 'emotional_abuse', 'sexual_abuse', 'multiple'] as const

const text = z.string().trim().min(1, 'expected non-empty text').max(MAX_TEXT, `expected text of at most ${MAX_TEXT} characters`)
const key = z.string().min(1, 'expected a non-empty key').max(MAX_KEY, `expected a key of at most ${MAX_KEY} characters`)
const fullDate = z.string().refine(isRealDate, 'expected a real date as YYYY-MM-DD')
const partialDate = z.string().refine(isRealPartialDate, 'expected a real date as YYYY-MM-DD, YYYY-MM or YYYY')
const agency = z.string().max(MAX_KEY, `expected an agency of at most ${MAX_KEY} characters`).regex(/^[a-z][a-z_]*$/, 'expected an agency as a lower-case word (for example childrens_social_care)')
const ref = key
const refs = z.array(ref).max(1000)
/** A list of distinct values from a fixed set. */
const enumList = <T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.enum(values)).refine((xs) => new Set(xs).size === xs.length, 'expected each value once, but a value is repeated')

export const personSchema = z.strictObject({
  ref,
  given_name: z.string().max(MAX_KEY),
  family_name: z.string().max(MAX_KEY).optional(),
  born: partialDate.optional(),
  expected: partialDate.optional(),
  sex: z.enum(['female', 'male', 'unknown']).optional(),
  role: z.enum(['child', 'adult', 'unborn']),
  identifiers: z.record(z.string().max(MAX_KEY), z.string().max(MAX_KEY)).optional(),
  address: z.string().max(MAX_TEXT).optional(),
})

export const relationshipSchema = z.strictObject({
  from: ref,
  to: ref,
  type: z.enum(RELATIONSHIP_TYPES),
})

/** Fields every event has. */
export const commonEventFields = {
  id: key,
  date: partialDate,
  approximate: z.boolean().optional(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM').optional(),
  recorded: fullDate.optional(),
  agency,
  subjects: z.array(ref).min(1, 'expected at least one person ref').max(1000)
    .refine((xs) => new Set(xs).size === xs.length, 'expected each person once, but a ref is repeated'),
  summary: text,
  significance: text.optional(),
  action: text.optional(),
  outcome: text.optional(),
  restricted: z.boolean().optional(),
}

const event = <T extends string, S extends z.ZodRawShape>(type: T, facets: S) =>
  z.strictObject({ ...commonEventFields, type: z.literal(type), ...facets })

export const referralEvent = event('referral', {
  referrer: z.enum(['professional', 'family', 'neighbour', 'public', 'self', 'anonymous', 'child']),
  referrer_agency: agency.optional(),
  concerns: enumList(['neglect', 'physical_abuse', 'emotional_abuse', 'sexual_abuse', 'domestic_abuse', 'exploitation', 'other']).optional(),
  referral_outcome: z.enum(['no_further_action', 'information_advice', 'early_help', 'assessment', 'section_17', 'section_47', 'strategy_meeting', 'passed_to_allocated_worker']).optional(),
})
export const visitEvent = event('visit', {
  kind: z.enum(['home', 'school', 'office', 'other']).optional(),
  access: z.enum(['full', 'partial', 'refused', 'no_answer']),
  child_seen: refs.optional(),
  child_seen_alone: refs.optional(),
  areas_seen: enumList(['living_area', 'kitchen', 'bathroom', 'child_bedroom', 'sleeping_arrangements', 'garden']).optional(),
  home_conditions: z.enum(HOME_CONDITIONS).optional(),
  parenting_observed: z.boolean().optional(),
})
export const appointmentEvent = event('appointment', {
  service: z.enum(['gp', 'dental', 'immunisation', 'health_visitor', 'hospital', 'outpatient', 'camhs', 'speech_and_language', 'audiology', 'ophthalmology', 'developmental', 'other']),
  status: z.enum(['attended', 'was_not_brought', 'did_not_attend', 'cancelled_by_family', 'cancelled_by_service']),
  reason: text.optional(),
})
export const attendanceEvent = event('attendance', {
  period_end: fullDate,
  attendance_pct: z.number().min(0, 'expected a percentage from 0 to 100').max(100, 'expected a percentage from 0 to 100'),
  lates: z.number().int('expected a whole number, 0 or more').min(0, 'expected a whole number, 0 or more').optional(),
  reason: text.optional(),
})
export const educationEvent = event('education', {
  status: z.enum(['on_roll', 'elective_home_education', 'child_missing_education', 'excluded', 'part_time_timetable', 'left_school']),
})
export const policeIncidentEvent = event('police_incident', {
  category: z.enum(['domestic_abuse', 'assault', 'drugs', 'disturbance', 'missing_person', 'other']),
  children_present: refs.optional(),
  victim: ref.optional(),
  perpetrator: ref.optional(),
  injuries: z.boolean().optional(),
  substances: z.boolean().optional(),
})
export const injuryEvent = event('injury', {
  explanation: text.optional(),
  explanation_accepted: z.boolean().optional(),
  medical_opinion: z.enum(['accidental', 'non_accidental', 'unclear', 'not_sought']).optional(),
  reported_to_csc: z.boolean().optional(),
})
export const observationEvent = event('observation', {
  indicators: enumList(NEGLECT_ASPECTS).optional(),
  risk_factors: enumList(RISK_FACTORS).optional(),
})
export const childVoiceEvent = event('child_voice', {
  words: text,
  words_form: z.enum(['verbatim', 'reported']).optional(),
  risk_factors: enumList(RISK_FACTORS).optional(),
  method: z.enum(['direct', 'written', 'via_carer', 'via_advocate', 'via_professional', 'behaviour']).optional(),
})
export const assessmentEvent = event('assessment', {
  kind: z.enum(['single', 'pre_birth', 'viability', 'connected_carer', 'neglect_tool', 'postnatal_depression_screen', 'parenting_capacity', 'other']),
  tool: key.optional(),
  carer: ref.optional(),
  scores: z.record(key, z.number().finite()).refine((s) => Object.keys(s).length > 0, 'expected at least one scored domain').optional(),
})
export const planEvent = event('plan', {
  plan: z.enum(PLAN_KINDS),
  change: z.enum(['start', 'review', 'end']),
  category: z.union([z.enum(PLAN_CATEGORIES), enumList(PLAN_CATEGORIES).min(1, 'expected at least one category')]).optional(),
  reason: text.optional(),
})
export const meetingEvent = event('meeting', {
  kind: z.enum(['strategy', 'initial_conference', 'review_conference', 'core_group', 'plo', 'care_planning', 'legal_planning', 'mash', 'marac', 'professionals', 'other']),
  attended: z.array(agency).max(100).optional(),
  invited_absent: z.array(agency).max(100).optional(),
  decision: text.optional(),
})
export const decisionEvent = event('decision', {
  from: text.optional(),
  to: text.optional(),
  partners_informed: z.boolean().optional(),
})
export const workerChangeEvent = event('worker_change', {
  role: z.enum(['social_worker', 'team_manager', 'health_visitor', 'midwife', 'family_support_worker', 'lead_professional', 'conference_chair', 'other']),
})
export const addressChangeEvent = event('address_change', {
  new_address: text.optional(),
  local_authority: text.optional(),
  home_conditions: z.enum(HOME_CONDITIONS).optional(),
})
export const placementEvent = event('placement', {
  carer: ref.optional(),
  kind: z.enum(['emergency', 'short_term', 'kinship', 'private_family_arrangement', 'foster', 'residential']).optional(),
  carer_assessed: z.boolean().optional(),
  checks: enumList(['police', 'health', 'home', 'references']).optional(),
  change: z.enum(['start', 'end']).optional(),
})
export const escalationEvent = event('escalation', {
  raised_by: agency,
  about: text.optional(),
  refers_to: key.optional(),
  status: z.enum(['raised', 'resolved', 'unresolved']).optional(),
  resolution: text.optional(),
})
export const caseClosureEvent = event('case_closure', {
  reason: z.enum(['needs_met', 'non_engagement', 'moved_away', 'stepped_down', 'consent_withdrawn', 'other']),
  risk_assessed: z.boolean().optional(),
})
export const adultFactorEvent = event('adult_factor', {
  other_party: ref.optional(),
  factor: z.enum(['substance_misuse', 'alcohol_misuse', 'mental_health', 'domestic_abuse_victim', 'domestic_abuse_perpetrator', 'offending', 'learning_disability', 'suicide_attempt']),
  status: z.enum(['disclosed', 'suspected', 'confirmed', 'in_treatment', 'relapse']).optional(),
})
export const pregnancyEvent = event('pregnancy', {
  weeks: z.number().min(0, 'expected a number of weeks from 0 to 45').max(45, 'expected a number of weeks from 0 to 45').optional(),
  expected: fullDate.optional(),
  child: ref.optional(),
})
export const birthEvent = event('birth', {
  child: ref,
  neonatal_abstinence: z.boolean().optional(),
})
export const courtEvent = event('court', {
  application: z.enum(['emergency_protection_order', 'interim_care_order', 'care_order', 'supervision_order', 'placement_order', 'other']),
  result: z.enum(['granted', 'refused', 'adjourned', 'withdrawn', 'pending']).optional(),
})
export const noteEvent = event('note', {})

export const eventSchema = z.discriminatedUnion('type', [
  referralEvent, visitEvent, appointmentEvent, attendanceEvent, educationEvent,
  policeIncidentEvent, injuryEvent, observationEvent, childVoiceEvent, assessmentEvent,
  planEvent, meetingEvent, decisionEvent, workerChangeEvent, addressChangeEvent,
  placementEvent, escalationEvent, caseClosureEvent, adultFactorEvent, pregnancyEvent,
  birthEvent, courtEvent, noteEvent,
])

export const EVENT_TYPES = eventSchema.options.map((o) => o.shape.type.value)

/** The system's own additions on export; import ignores them. */
export const derivedSchema = z.record(z.string(), z.unknown())

export const familyDocumentSchema = z.strictObject({
  format: z.literal(FORMAT),
  family: z.strictObject({ ref: key, name: z.string().max(MAX_KEY).optional() }),
  people: z.array(personSchema).min(1, 'expected at least one person'),
  relationships: z.array(relationshipSchema).optional(),
  events: z.array(eventSchema),
  derived: derivedSchema.optional(),
})

export const batchDocumentSchema = z.strictObject({
  format: z.literal(FORMAT),
  families: z.array(z.unknown()),
})

export type Person = z.infer<typeof personSchema>
export type Relationship = z.infer<typeof relationshipSchema>
export type ChronologyEvent = z.infer<typeof eventSchema>
export type EventType = ChronologyEvent['type']
export type EventOf<T extends EventType> = Extract<ChronologyEvent, { type: T }>
export type FamilyDocument = z.infer<typeof familyDocumentSchema>
export type Agency = (typeof KNOWN_AGENCIES)[number] | (string & {})
export type PlanKind = (typeof PLAN_KINDS)[number]
