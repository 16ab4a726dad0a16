// Form and query validation helpers: zod schemas beside each route, their
// issues turned into the GOV.UK error summary (each linking to its field)
// and per-field messages.
import type { z } from 'zod'
import { NotFoundError, ValidationError } from '../errors/errors.ts'

export interface ErrorItem {
  text: string
  href: string
}

export interface FormErrors {
  errorList: ErrorItem[]
  /** By field name: the message shown above the field. */
  fieldErrors: Record<string, string>
}

export const NO_ERRORS: FormErrors = { errorList: [], fieldErrors: {} }

/** A field's element id from its name: `subjects[0]` and `a.b` become `subjects-0`, `a-b`. */
export function fieldId(name: string): string {
  return name.replace(/[[\].]+/g, '-').replace(/-+$/, '')
}

/** One message per field, in the order given; `href` overrides the link (a date input links to its day box). */
export function formErrors(problems: { field: string; message: string; href?: string }[]): FormErrors {
  const fieldErrors: Record<string, string> = {}
  const errorList: ErrorItem[] = []
  for (const p of problems) {
    if (fieldErrors[p.field] !== undefined) continue
    fieldErrors[p.field] = p.message
    errorList.push({ text: p.message, href: p.href ?? `#${fieldId(p.field)}` })
  }
  return { errorList, fieldErrors }
}

export function zodProblems(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'form', message: i.message }))
}

/** Route params: anything that does not fit the schema names no page, so 404. */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const parsed = schema.safeParse(params)
  if (!parsed.success) throw new NotFoundError()
  return parsed.data
}

/** Query strings and bodies of pages without a form to show again: 400 listing each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input ?? {})
  if (!parsed.success) throw new ValidationError(zodProblems(parsed.error).map((p) => ({ field: p.field, message: p.message })))
  return parsed.data
}

/** `''` from an empty form field or query parameter means "not given". */
export function emptyToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value
}

export interface Choice {
  value: string
  text: string
}

/** Items for govukSelect: an "All" (or other) first item, then the choices, the current one selected. */
export function selectItems(choices: Choice[], selected: string | undefined, first: string | null = 'All'): { value: string; text: string; selected: boolean }[] {
  const items = choices.map((c) => ({ ...c, selected: c.value === selected }))
  return first === null ? items : [{ value: '', text: first, selected: selected === undefined }, ...items]
}
