// Reads an exchange file: one family document, a batch
// `{ format, families: [...] }`, or JSON Lines (one family per line).
// JSON Lines stream line by line with bounded memory; whole documents are read
// whole, up to a size limit.
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { TextDecoder } from 'node:util'
import type { Problem } from '../errors/errors.ts'
import { describeJsonValue, isRecord } from './locateProblem.ts'
import { parseJsonText } from './parseJsonText.ts'
import { scanJson } from './scanJson.ts'
import { FORMAT } from './schema.ts'
import { splitLines } from './splitLines.ts'
import type { RawLine } from './splitLines.ts'
import { validateFamilyDocument } from './validateFamilyDocument.ts'
import type { ValidationResult } from './validateFamilyDocument.ts'

/**
 * One family read from a file. `index` is the family's place in the file
 * (0-based); problems with a file as a whole (unreadable, empty, too large,
 * not JSON) come as one failed item with index 0, and problems with a batch's
 * envelope (its format or fields) as a failed item with index -1.
 */
export interface ExchangeItem {
  file: string
  index: number
  /** The line of a JSON Lines file the family is on. */
  line?: number
  result: ValidationResult
}

export interface ReadExchangeOptions {
  onProgress?: ((bytesRead: number, totalBytes: number) => void) | undefined
  /** Largest whole-document file, and largest line of a JSON Lines file. */
  maxDocumentBytes?: number | undefined
}

export const DEFAULT_MAX_DOCUMENT_BYTES = 64 * 1024 * 1024

const JSON_LINES_EXTENSIONS = ['.jsonl', '.ndjson']
const BATCH_FIELDS = ['format', 'families']

function failed(file: string, problems: Problem[], index = 0, line?: number): ExchangeItem {
  const item: ExchangeItem = { file, index, result: { ok: false, problems } }
  if (line !== undefined) item.line = line
  return item
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

function isFileSystemError(e: unknown): boolean {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string'
}

function readFailure(e: unknown): string {
  const code = isRecord(e) && typeof e.code === 'string' ? e.code : undefined
  if (code === 'ENOENT') return 'cannot be read: there is no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied'
  if (code === 'EISDIR') return 'cannot be read: it is a folder, not a file'
  return `cannot be read${code === undefined ? '' : ` (${code})`}`
}

const utf8 = (): TextDecoder => new TextDecoder('utf-8', { fatal: true })

function decode(bytes: Uint8Array): string | undefined {
  try {
    return utf8().decode(bytes)
  } catch {
    return undefined
  }
}

const NOT_UTF8 = 'is not UTF-8 text: expected JSON in UTF-8'

function isBlank(bytes: Buffer | undefined): boolean {
  if (bytes === undefined) return false
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false
  return true
}

/** Whether a first line holds a whole JSON value by itself (or breaks off mid-line), as JSON Lines do. */
function looksLikeOneLineValue(line: RawLine): boolean {
  if (line.bytes === undefined) return false
  const text = decode(line.bytes)?.replace(/^\uFEFF/, '').trim()
  if (text === undefined || !text.startsWith('{')) return false
  const scan = scanJson(text)
  return scan.ok || scan.offset < text.length
}

async function* jsonLinesItems(file: string, lines: AsyncIterable<RawLine>, maxBytes: number): AsyncGenerator<ExchangeItem> {
  let index = 0
  for await (const line of lines) {
    if (isBlank(line.bytes)) continue
    const at = index++
    if (line.bytes === undefined) {
      yield failed(file, [{ file, message: `line ${line.number}: is ${megabytes(line.length)}; one family document may be at most ${megabytes(maxBytes)}` }], at, line.number)
      continue
    }
    const text = decode(line.bytes)
    if (text === undefined) {
      yield failed(file, [{ file, message: `line ${line.number}: ${NOT_UTF8}` }], at, line.number)
      continue
    }
    const parsed = parseJsonText(text, line.number)
    if (!parsed.ok) {
      yield failed(file, [{ file, message: parsed.message }], at, line.number)
      continue
    }
    yield { file, index: at, line: line.number, result: validateFamilyDocument(parsed.value, { file, index: at, line: line.number }) }
  }
}

/** A whole-document file as a parsed value, or the problem that stops it. */
async function readWholeDocument(path: string, file: string, size: number, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; problem: Problem }> {
  if (size > maxBytes) {
    return { ok: false, problem: { file, message: `is ${megabytes(size)}; a single-document or batch file may be at most ${megabytes(maxBytes)} (send bigger loads as JSON Lines, one family per line)` } }
  }
  const text = decode(await readFile(path))
  if (text === undefined) return { ok: false, problem: { file, message: NOT_UTF8 } }
  const parsed = parseJsonText(text)
  return parsed.ok ? parsed : { ok: false, problem: { file, message: parsed.message } }
}

function* documentItems(file: string, value: unknown): Generator<ExchangeItem> {
  if (!isRecord(value)) {
    yield failed(file, [{ file, message: `expected a family document or a batch (a JSON object), not ${describeJsonValue(value)}` }])
    return
  }
  if (!Object.hasOwn(value, 'families')) {
    yield { file, index: 0, result: validateFamilyDocument(value, { file }) }
    return
  }
  const envelope: Problem[] = []
  if (value.format !== FORMAT) {
    envelope.push({ file, field: 'format', message: value.format === undefined ? `is required: expected ${FORMAT}` : `expected ${FORMAT} (this version reads only ${FORMAT})` })
  }
  for (const key of Object.keys(value)) {
    if (!BATCH_FIELDS.includes(key)) envelope.push({ file, field: key.length > 60 ? `${key.slice(0, 60)}…` : key, message: 'is not allowed in a batch (expected format, families)' })
  }
  const families = value.families
  if (!Array.isArray(families)) envelope.push({ file, field: 'families', message: `expected a list of family documents, not ${describeJsonValue(families)}` })
  if (envelope.length > 0) yield failed(file, envelope, -1)
  if (!Array.isArray(families)) return
  for (let index = 0; index < families.length; index++) {
    yield { file, index, result: validateFamilyDocument(families[index], { file, index }) }
  }
}

export async function* readExchangeFile(path: string, opts: ReadExchangeOptions = {}): AsyncGenerator<ExchangeItem> {
  const file = basename(path)
  const maxBytes = opts.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES
  const onProgress = opts.onProgress ?? (() => {})
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) {
      yield failed(file, [{ file, message: 'cannot be read: it is not a file' }])
      return
    }
    size = info.size
  } catch (e) {
    yield failed(file, [{ file, message: readFailure(e) }])
    return
  }
  if (size === 0) {
    onProgress(0, 0)
    yield failed(file, [{ file, message: 'is empty: expected a chronology-exchange/1 JSON document' }])
    return
  }

  let bytesRead = 0
  const onBytes = (n: number): void => {
    bytesRead += n
    onProgress(bytesRead, size)
  }
  const lines = splitLines(createReadStream(path), maxBytes, onBytes)[Symbol.asyncIterator]()
  try {
    // Detect JSON Lines by name, or by a first line that holds a whole value with more lines after it.
    const peeked: RawLine[] = []
    let jsonLines = JSON_LINES_EXTENSIONS.includes(extname(path).toLowerCase())
    if (!jsonLines) {
      let nonBlank = 0
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        peeked.push(next.value)
        if (isBlank(next.value.bytes)) continue
        nonBlank++
        if (nonBlank === 1 && !looksLikeOneLineValue(next.value)) break
        if (nonBlank === 2) {
          jsonLines = true
          break
        }
      }
    }
    if (jsonLines) {
      const all = async function* (): AsyncGenerator<RawLine> {
        yield* peeked
        for (let next = await lines.next(); !next.done; next = await lines.next()) yield next.value
      }
      yield* jsonLinesItems(file, all(), maxBytes)
      return
    }
  } catch (e) {
    if (!isFileSystemError(e)) throw e
    yield failed(file, [{ file, message: readFailure(e) }])
    return
  } finally {
    await lines.return(undefined)
  }

  let whole: Awaited<ReturnType<typeof readWholeDocument>>
  try {
    whole = await readWholeDocument(path, file, size, maxBytes)
  } catch (e) {
    if (!isFileSystemError(e)) throw e
    yield failed(file, [{ file, message: readFailure(e) }])
    return
  }
  onProgress(size, size)
  if (!whole.ok) {
    yield failed(file, [whole.problem])
    return
  }
  yield* documentItems(file, whole.value)
}
