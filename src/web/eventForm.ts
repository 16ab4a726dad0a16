// The record-an-event form, generated from the exchange format's zod
// schemas: enums become radios or a select, lists of values checkboxes,
// booleans yes/no radios, dates the GOV.UK date input, references to people
// a choice of the family's people. The same schemas check what comes back.
import { z } from 'zod'
import { eventSchema, EVENT_TYPES, KNOWN_AGENCIES } from '../exchange/schema.ts'
import type { ChronologyEvent, EventType, Person } from '../exchange/schema.ts'
import { fieldId } from './forms.ts'
import { personName } from './familyPageModel.ts'
import { agencyName, humanise, lowerCaseWords } from './views.ts'

export type FieldKind = 'radios' | 'select' | 'checkboxes' | 'yesno' | 'date' | 'number' | 'text' | 'textarea' | 'person' | 'people' | 'agency' | 'agencies' | 'scores'

export interface FormField {
  name: string
  id: string
  label: string
  kind: FieldKind
  required: boolean
  options: { value: string; text: string }[]
  hint?: string
}

/** Fields every event has that the form asks for; id, agency and type are set by the service. */
const COMMON_FIELDS = ['date', 'subjects', 'summary', 'significance', 'action', 'outcome', 'restricted'] as const
const SET_BY_SERVICE = new Set(['id', 'agency', 'type', 'time', 'recorded', 'approximate'])
/** Facets that name a person of the family. */
const PERSON_FIELDS = new Set(['carer', 'victim', 'perpetrator', 'other_party', 'child'])
const PEOPLE_FIELDS = new Set(['subjects', 'child_seen', 'child_seen_alone', 'children_present'])
const DATE_FIELDS = new Set(['date', 'period_end', 'expected'])
const AGENCY_FIELDS = new Set(['raised_by', 'referrer_agency'])
const AGENCY_LIST_FIELDS = new Set(['attended', 'invited_absent'])
const LONG_TEXT = new Set(['summary', 'significance', 'action', 'outcome', 'words', 'reason', 'decision', 'explanation', 'about', 'resolution', 'from', 'to', 'new_address'])

const LABELS: Record<string, string> = {
  date: 'When did it happen?',
  subjects: 'Who is it about?',
  summary: 'What happened',
  significance: 'Significance for the child',
  action: 'Action taken',
  outcome: 'Outcome',
  restricted: 'Is this entry restricted?',
  words: "The child's words",
  attendance_pct: 'Attendance (%)',
}

const HINTS: Record<string, string> = {
  date: 'For example, 27 3 2024. Leave the day empty if you only know the month.',
  restricted: "Only your agency and children's social care will see a restricted entry's content.",
  scores: 'One domain per line, for example: physical = 3',
}

function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean } {
  return schema instanceof z.ZodOptional ? { inner: schema.unwrap() as z.ZodType, optional: true } : { inner: schema, optional: false }
}

function enumOptions(schema: z.ZodType): string[] | null {
  if (schema instanceof z.ZodEnum) return schema.options.map(String)
  if (schema instanceof z.ZodArray && schema.element instanceof z.ZodEnum) return schema.element.options.map(String)
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options) {
      const found = enumOptions(option as z.ZodType)
      if (found !== null) return found
    }
  }
  return null
}

function kindOf(name: string, schema: z.ZodType): FieldKind {
  if (PEOPLE_FIELDS.has(name)) return 'people'
  if (PERSON_FIELDS.has(name)) return 'person'
  if (DATE_FIELDS.has(name)) return 'date'
  if (AGENCY_FIELDS.has(name)) return 'agency'
  if (AGENCY_LIST_FIELDS.has(name)) return 'agencies'
  if (schema instanceof z.ZodBoolean) return 'yesno'
  if (schema instanceof z.ZodNumber) return 'number'
  if (schema instanceof z.ZodRecord) return 'scores'
  if (schema instanceof z.ZodArray || schema instanceof z.ZodUnion) return 'checkboxes'
  if (schema instanceof z.ZodEnum) return schema.options.length > 6 ? 'select' : 'radios'
  return LONG_TEXT.has(name) ? 'textarea' : 'text'
}

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as string[]).includes(value)
}

export function eventTypeChoices(): { value: EventType; text: string }[] {
  return EVENT_TYPES.map((t) => ({ value: t, text: humanise(t) }))
}

function schemaOf(type: EventType): z.ZodObject {
  const found = eventSchema.options.find((o) => o.shape.type.value === type)
  if (found === undefined) throw new Error(`no schema for event type ${type}`)
  return found as unknown as z.ZodObject
}

/** The form's fields for a type: its own facts first, then the common ones. */
export function formFields(type: EventType, people: Person[]): FormField[] {
  const shape = schemaOf(type).shape as Record<string, z.ZodType>
  const facetNames = Object.keys(shape).filter((k) => !SET_BY_SERVICE.has(k) && !(COMMON_FIELDS as readonly string[]).includes(k))
  const names = [...COMMON_FIELDS.slice(0, 2), ...facetNames, ...COMMON_FIELDS.slice(2)]
  const peopleOptions = people.map((p) => ({ value: p.ref, text: personName(p) }))
  const agencyOptions = KNOWN_AGENCIES.map((a) => ({ value: a, text: agencyName(a) }))
  return names.map((name) => {
    const { inner, optional } = unwrap(shape[name] as z.ZodType)
    const kind = kindOf(name, inner)
    const options = kind === 'people' || kind === 'person' ? peopleOptions
      : kind === 'agency' || kind === 'agencies' ? agencyOptions
        : (enumOptions(inner) ?? []).map((v) => ({ value: v, text: humanise(v) }))
    return {
      name, id: fieldId(name), label: LABELS[name] ?? humanise(name), kind, required: !optional, options,
      ...(HINTS[name] !== undefined ? { hint: HINTS[name] } : {}),
    }
  })
}

type FormBody = Record<string, string | string[] | undefined>

function one(body: FormBody, key: string): string {
  const v = body[key]
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? ''
}

function many(body: FormBody, key: string): string[] {
  const v = body[key]
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => x.trim()).filter((x) => x !== '')
}

/** `27`, `3`, `2024` → `2024-03-27`; no day → `2024-03`; empty → undefined; anything else as typed, for the schema to reject. */
export function dateFromParts(day: string, month: string, year: string): string | undefined {
  if (day === '' && month === '' && year === '') return undefined
  const pad = (s: string) => (/^\d$/.test(s) ? `0${s}` : s)
  if (day === '' && month === '') return year
  if (day === '') return `${year}-${pad(month)}`
  return `${year}-${pad(month)}-${pad(day)}`
}

/** The values the form shows again after a failed save. */
export interface FormValues {
  [name: string]: string | string[] | { day: string; month: string; year: string }
}

export interface ParsedEventForm {
  candidate: Record<string, unknown>
  values: FormValues
  /** Problems found before the schema is asked (a score line that is not `domain = number`). */
  problems: { field: string; message: string }[]
}

/** Reads the posted form into a candidate event (not yet checked) and the values to show again. */
export function readEventForm(type: EventType, fields: FormField[], body: FormBody): ParsedEventForm {
  const candidate: Record<string, unknown> = { type }
  const values: FormValues = {}
  const problems: { field: string; message: string }[] = []
  for (const f of fields) {
    switch (f.kind) {
      case 'date': {
        const parts = { day: one(body, `${f.name}-day`), month: one(body, `${f.name}-month`), year: one(body, `${f.name}-year`) }
        values[f.name] = parts
        const value = dateFromParts(parts.day, parts.month, parts.year)
        if (value !== undefined) candidate[f.name] = value
        break
      }
      case 'people': case 'checkboxes': case 'agencies': {
        const list = many(body, f.name)
        values[f.name] = list
        if (list.length > 0 || f.name === 'subjects') candidate[f.name] = list
        break
      }
      case 'yesno': {
        const v = one(body, f.name)
        values[f.name] = v
        if (v === 'yes' || v === 'no') candidate[f.name] = v === 'yes'
        else if (v !== '') candidate[f.name] = v
        break
      }
      case 'number': {
        const v = one(body, f.name)
        values[f.name] = v
        if (v !== '') candidate[f.name] = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v
        break
      }
      case 'scores': {
        const v = one(body, f.name)
        values[f.name] = v
        if (v === '') break
        const scores: Record<string, number> = {}
        const bad: string[] = []
        for (const line of v.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '')) {
          const m = /^([^=:]+)[=:]\s*(-?\d+(?:\.\d+)?)$/.exec(line)
          if (m === null) bad.push(line)
          else scores[(m[1] ?? '').trim()] = Number(m[2])
        }
        if (bad.length > 0) problems.push({ field: f.name, message: `Enter each score as domain = number, not “${(bad[0] ?? '').slice(0, 40)}”` })
        else candidate[f.name] = scores
        break
      }
      default: {
        const v = one(body, f.name)
        values[f.name] = v
        if (v !== '') candidate[f.name] = v
      }
    }
  }
  return { candidate, values, problems }
}

/** Messages in the words of the form: a missing required field says what to enter. */
function messageFor(field: FormField | undefined, issue: z.core.$ZodIssue): string {
  if (field === undefined) return issue.message
  const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined
  if (missing || (issue.code === 'too_small' && field.kind === 'people')) {
    switch (field.kind) {
      case 'date': return field.name === 'date' ? 'Enter the date it happened' : `Enter ${lowerCaseWords(field.label)}`
      case 'people': return 'Select who it is about'
      case 'radios': case 'select': case 'yesno': case 'person': case 'agency': return `Select ${lowerCaseWords(field.label)}`
      default: return `Enter ${lowerCaseWords(field.label)}`
    }
  }
  if (issue.code === 'invalid_value' && (field.kind === 'radios' || field.kind === 'select')) return `Select ${lowerCaseWords(field.label)} from the list`
  return `${field.label}: ${issue.message}`
}

export type EventFormResult =
  | { ok: true; event: ChronologyEvent }
  | { ok: false; problems: { field: string; message: string; href?: string }[] }

/** Checks the candidate with the format's own schema; every bad field is reported. */
export function checkEventForm(fields: FormField[], parsed: ParsedEventForm, fixed: { id: string; agency: string }): EventFormResult {
  const result = eventSchema.safeParse({ ...parsed.candidate, ...fixed })
  const problems: { field: string; message: string; href?: string }[] = [...parsed.problems]
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? 'form')
      const field = fields.find((f) => f.name === name)
      // A date input's error links to its first box.
      problems.push({ field: name, message: messageFor(field, issue), ...(field?.kind === 'date' ? { href: `#${field.id}-day` } : {}) })
    }
  }
  if (problems.length > 0 || !result.success) return { ok: false, problems: inFormOrder(fields, problems) }
  return { ok: true, event: result.data }
}

/** Problems in the order their fields appear on the form (the error summary's order); any not on the form last. */
export function inFormOrder<P extends { field: string }>(fields: FormField[], problems: P[]): P[] {
  const position = new Map(fields.map((f, i) => [f.name, i]))
  const at = (p: P): number => position.get(p.field) ?? fields.length
  return [...problems].sort((a, b) => at(a) - at(b))
}
