// Text to a JSON value, with errors that name line and column and never quote
// the input. See scanJson.ts for why the syntax is checked before JSON.parse.
import { lineAndColumn, scanJson } from './scanJson.ts'

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string }

const BOM = '\uFEFF'

/**
 * Parses one JSON value. `firstLine` is the line number of the text's first
 * line in its file (JSON Lines hands in one line at a time). A failure message
 * reads `line 3, column 17: invalid JSON: ...`.
 */
export function parseJsonText(text: string, firstLine = 1): JsonParse {
  const body = text.startsWith(BOM) ? text.slice(1) : text
  const columnShift = body.length === text.length ? 0 : 1
  if (body.trim() === '') return { ok: false, message: 'is empty: expected a chronology-exchange/1 JSON document' }
  const scan = scanJson(body)
  if (!scan.ok) {
    const at = lineAndColumn(body, scan.offset)
    const line = firstLine + at.line - 1
    const column = at.line === 1 ? at.column + columnShift : at.column
    return { ok: false, message: `line ${line}, column ${column}: invalid JSON: ${scan.message}` }
  }
  try {
    return { ok: true, value: JSON.parse(body) as unknown }
  } catch {
    // scanJson accepts exactly JSON, so this is not expected; JSON.parse's own message quotes the input.
    return { ok: false, message: `line ${firstLine}: invalid JSON` }
  }
}
