// One family document, checked against chronology-exchange/1: the zod schema
// plus the cross-references it cannot express. Every problem is reported.
import { z } from 'zod'
import type { Problem } from '../errors/errors.ts'
import { crossReferenceProblems } from './crossReferenceProblems.ts'
import { describeJsonValue, isRecord, readableKey } from './locateProblem.ts'
import { exchangeErrorMap, problemsFromZodIssues } from './problemsFromZodIssues.ts'
import { commonEventFields, EVENT_TYPES, familyDocumentSchema } from './schema.ts'
import type { FamilyDocument } from './schema.ts'

export interface ValidationContext {
  /** The file's name as shown to the user. */
  file: string
  /** Position of the family in a batch or JSON Lines file (0-based). */
  index?: number | undefined
  /** Line of a JSON Lines file (1-based). */
  line?: number | undefined
}

export type ValidationResult =
  | { ok: true; doc: FamilyDocument }
  | { ok: false; problems: Problem[] }

/** Beyond this many problems in one document the rest are only counted. */
export const MAX_PROBLEMS_PER_DOCUMENT = 1000

/** Common fields only: an event of unknown type still gets them checked. */
const commonEventSchema = z.object(commonEventFields)
const knownTypes: ReadonlySet<unknown> = new Set(EVENT_TYPES)

/** The family as problems name it: its ref, else its place in the file. */
function familyLabel(raw: Record<string, unknown>, ctx: ValidationContext): string | undefined {
  const ref = isRecord(raw.family) ? readableKey(raw.family.ref) : undefined
  if (ref !== undefined) return ref
  if (ctx.line !== undefined) return `on line ${ctx.line}`
  if (ctx.index !== undefined) return `#${ctx.index + 1}`
  return undefined
}

function unknownTypeProblems(raw: Record<string, unknown>, base: Omit<Problem, 'message'>): Problem[] {
  const events = Array.isArray(raw.events) ? raw.events : []
  const problems: Problem[] = []
  events.forEach((ev, i) => {
    if (!isRecord(ev) || knownTypes.has(ev.type)) return
    const parsed = commonEventSchema.safeParse(ev, { error: exchangeErrorMap })
    if (parsed.success) return
    const issues = parsed.error.issues.map((issue) => ({ ...issue, path: ['events', i, ...issue.path] }))
    problems.push(...problemsFromZodIssues(issues, raw, base))
  })
  return problems
}

function capped(problems: Problem[], base: Omit<Problem, 'message'>, max: number): Problem[] {
  if (problems.length <= max) return problems
  const more = problems.length - max
  return [...problems.slice(0, max), { ...base, message: `and ${more} more problem${more === 1 ? '' : 's'}` }]
}

export function validateFamilyDocument(
  raw: unknown,
  ctx: ValidationContext,
  options: { maxProblems?: number } = {},
): ValidationResult {
  if (!isRecord(raw)) {
    const family = ctx.line !== undefined ? `on line ${ctx.line}` : ctx.index !== undefined ? `#${ctx.index + 1}` : undefined
    const where = family === undefined ? { file: ctx.file } : { file: ctx.file, family }
    return { ok: false, problems: [{ ...where, message: `expected a family document (a JSON object), not ${describeJsonValue(raw)}` }] }
  }
  const family = familyLabel(raw, ctx)
  const base: Omit<Problem, 'message'> = family === undefined ? { file: ctx.file } : { file: ctx.file, family }
  const parsed = familyDocumentSchema.safeParse(raw, { error: exchangeErrorMap })
  const problems = [
    ...(parsed.success ? [] : problemsFromZodIssues(parsed.error.issues, raw, base)),
    ...unknownTypeProblems(raw, base),
    ...crossReferenceProblems(raw, base),
  ]
  if (problems.length > 0 || !parsed.success) {
    return { ok: false, problems: capped(problems, base, options.maxProblems ?? MAX_PROBLEMS_PER_DOCUMENT) }
  }
  // The derived section is the system's own output: import ignores it, so it is never stored.
  const { derived: _derived, ...doc } = parsed.data
  return { ok: true, doc }
}
