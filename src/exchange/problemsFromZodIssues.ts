// zod issues as Problems that say, in plain words, what was expected.
import type { z } from 'zod'
import type { Problem } from '../errors/errors.ts'
import { describeJsonValue, formatPath, isRecord, locateProblem, readableKey, valueAt } from './locateProblem.ts'
import type { Path } from './locateProblem.ts'
import { EVENT_TYPES, FORMAT } from './schema.ts'

type Issue = z.core.$ZodIssue

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
}

export const UNKNOWN_TYPE_NOTE = 'an unknown type is refused; use note for anything else'

/** Parse-level messages for issues whose schema gives none; `is required` and `not X` are added later, where the input is known. */
export const exchangeErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${TYPE_WORDS[iss.expected] ?? iss.expected}`
    case 'invalid_value':
      return iss.values.length === 1 ? `expected ${String(iss.values[0])}` : `expected one of ${iss.values.map(String).join(', ')}`
    case 'too_big':
    case 'too_small': {
      const bound = iss.code === 'too_big' ? `at most ${String(iss.maximum)}` : `at least ${String(iss.minimum)}`
      if (iss.origin === 'string') return `expected ${bound} characters`
      if (iss.origin === 'array') return `expected ${bound} items`
      return `expected a number of ${bound}`
    }
    case 'invalid_union': {
      const values = iss.errors.flat().flatMap((e) => (e.code === 'invalid_value' ? e.values.map(String) : []))
      return values.length > 0 ? `expected one of ${[...new Set(values)].join(', ')}, or a list of them` : 'is not valid'
    }
    case 'invalid_key':
      return 'has a key that is not allowed (keys are at most 200 characters)'
    case 'invalid_format':
      return `expected ${iss.format}`
    default:
      return 'is not valid'
  }
}

/** Fields whose absence deserves a more precise "expected" than their JSON type. */
const REQUIRED_HINTS: Record<string, string> = {
  family: 'an object with ref (and optionally name)',
  people: 'a list of people',
  events: 'a list of events',
  ref: 'a ref (a key unique in the document)',
  id: 'an event id',
  date: 'a date as YYYY-MM-DD, YYYY-MM or YYYY',
  period_end: 'a date as YYYY-MM-DD',
  agency: 'an agency as a lower-case word (for example childrens_social_care)',
  raised_by: 'an agency as a lower-case word (for example childrens_social_care)',
  subjects: 'a list of person refs',
  summary: 'non-empty text',
  words: 'non-empty text',
  child: 'a person ref',
  from: 'a person ref',
  to: 'a person ref',
  attendance_pct: 'a percentage from 0 to 100',
}

function containerName(raw: unknown, path: Path): string {
  if (path.length === 0) return 'in a family document (expected format, family, people, relationships, events, derived)'
  if (path.length === 1 && path[0] === 'family') return 'in family (expected ref, name)'
  if (path.length === 2 && path[0] === 'people') return 'for a person'
  if (path.length === 2 && path[0] === 'relationships') return 'for a relationship'
  if (path.length === 2 && path[0] === 'events') {
    const ev = valueAt(raw, path)
    const type = isRecord(ev) ? readableKey(ev.type) : undefined
    return type === undefined ? 'for an event' : `for an event of type ${type}`
  }
  return `in ${formatPath(path) ?? 'the document'}`
}

function formatMessage(input: unknown, present: boolean): string {
  const shown = typeof input === 'string' && input.length <= 40 ? input : undefined
  if (!present) return `is required: expected ${FORMAT}`
  return shown === undefined
    ? `expected ${FORMAT}, not ${describeJsonValue(input)}`
    : `expected ${FORMAT}, not ${shown} (this version reads only ${FORMAT})`
}

function messageFor(issue: Issue, raw: unknown): string {
  const path = issue.path
  const present = valueAt(raw, path) !== undefined
  const input = valueAt(raw, path)
  const last = path[path.length - 1]
  if (path.length === 1 && last === 'format') return formatMessage(input, present)
  if (issue.code === 'invalid_union' && issue.discriminator === 'type') {
    const expected = `expected one of ${EVENT_TYPES.join(', ')} (${UNKNOWN_TYPE_NOTE})`
    return present ? expected : `is required: ${expected}`
  }
  if (issue.code === 'invalid_type' || issue.code === 'invalid_value') {
    if (!present) {
      const hint = typeof last === 'string' && issue.code === 'invalid_type' ? REQUIRED_HINTS[last] : undefined
      return `is required: ${hint === undefined ? issue.message : `expected ${hint}`}`
    }
    if (issue.code === 'invalid_type') return `${issue.message}, not ${describeJsonValue(input)}`
  }
  return issue.message
}

/** Every zod issue as Problems (one per unknown key), located by event id and field. */
export function problemsFromZodIssues(issues: readonly Issue[], raw: unknown, base: Problem | Omit<Problem, 'message'>): Problem[] {
  const problems: Problem[] = []
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const where = containerName(raw, issue.path)
      for (const key of issue.keys) {
        problems.push({ ...base, ...locateProblem(raw, [...issue.path, key]), message: `is not allowed ${where}` })
      }
      continue
    }
    problems.push({ ...base, ...locateProblem(raw, issue.path), message: messageFor(issue, raw) })
  }
  return problems
}
