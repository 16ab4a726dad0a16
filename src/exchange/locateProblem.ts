// Where in a family document a problem is: the event id instead of
// `events[12]` when the id is readable, and a dotted field path.
import { MAX_KEY } from './schema.ts'

export type Path = readonly PropertyKey[]

const MAX_SHOWN_KEY = 60

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** A short key or ref, or undefined when it is not one (so a hostile 10 MB "id" is never echoed). */
export function readableKey(x: unknown): string | undefined {
  return typeof x === 'string' && x.length > 0 && x.length <= MAX_KEY ? x : undefined
}

function showKey(k: PropertyKey): string {
  const s = String(k)
  return s.length > MAX_SHOWN_KEY ? `${s.slice(0, MAX_SHOWN_KEY)}…` : s
}

/** `['people', 2, 'born']` as `people[2].born`. */
export function formatPath(path: Path): string | undefined {
  let out = ''
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`
    else out += out === '' ? showKey(k) : `.${showKey(k)}`
  }
  return out === '' ? undefined : out
}

/** The value at a path of a parsed JSON value, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
  let here: unknown = root
  for (const k of path) {
    if (Array.isArray(here) && typeof k === 'number') here = here[k]
    else if (isRecord(here) && typeof k === 'string' && Object.hasOwn(here, k)) here = here[k]
    else return undefined
  }
  return here
}

/** The event id (when readable) and the field path of a problem at `path`. */
export function locateProblem(raw: unknown, path: Path): { event?: string; field?: string } {
  if (path[0] === 'events' && typeof path[1] === 'number') {
    const ev = valueAt(raw, path.slice(0, 2))
    const id = isRecord(ev) ? readableKey(ev.id) : undefined
    if (id !== undefined) {
      const field = formatPath(path.slice(2))
      return field === undefined ? { event: id } : { event: id, field }
    }
  }
  const field = formatPath(path)
  return field === undefined ? {} : { field }
}

/** What a JSON value is, in plain words. */
export function describeJsonValue(x: unknown): string {
  if (x === null) return 'null'
  if (Array.isArray(x)) return 'a list'
  if (typeof x === 'string') return 'text'
  if (typeof x === 'number') return 'a number'
  if (typeof x === 'boolean') return x ? 'true' : 'false'
  if (typeof x === 'object') return 'an object'
  return typeof x
}
