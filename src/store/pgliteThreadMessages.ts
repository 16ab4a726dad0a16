// What the main thread and the embedded database's worker thread say to each
// other (pgliteThread.ts, pgliteWorker.ts).

export interface PgliteResult {
  command?: string | undefined
  rowCount?: number | undefined
  affectedRows?: number | undefined
  rows: unknown[]
  /** Columns holding json or jsonb, sent as their text: parsed on arrival. */
  json?: string[]
}

export type PgliteThreadRequest =
  | { id: number; op: 'query'; sql: string; parameters: unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'close' }

/** A database error as plain data: its message and PostgreSQL's fields (code, detail, constraint...). */
export interface ErrorDescription {
  name: string
  message: string
  fields: Record<string, string | number>
}

export type PgliteThreadReply =
  | { id: number; result: PgliteResult | null }
  | { id: number; results: PgliteResult[] }
  | { id: number; error: ErrorDescription }

export function describeError(e: unknown): ErrorDescription {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e), fields: {} }
  const fields: Record<string, string | number> = {}
  for (const [key, value] of Object.entries(e)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value
  }
  return { name: e.name, message: e.message, fields }
}

/** The error again on the main thread, with the same message and fields. */
export function rebuildError(d: ErrorDescription): Error {
  const e = new Error(d.message)
  e.name = d.name
  return Object.assign(e, d.fields)
}
