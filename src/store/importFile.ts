// Loads one exchange file, all or nothing: one transaction for the whole
// file. Every family is validated (and, while all is well, written); if any
// problem turns up anywhere in the file the transaction is rolled back and
// every problem is reported together.
import { basename, extname } from 'node:path'
import { sql } from 'kysely'
import type { Transaction } from 'kysely'
import { readExchangeFile } from '../exchange/readExchangeFile.ts'
import type { ExchangeItem } from '../exchange/readExchangeFile.ts'
import { validateFamilyDocument } from '../exchange/validateFamilyDocument.ts'
import { ValidationError } from '../errors/errors.ts'
import type { Problem } from '../errors/errors.ts'
import { MAX_KEY } from '../exchange/schema.ts'
import type { FamilyDocument } from '../exchange/schema.ts'
import type { Store } from './createStore.ts'
import type { Database } from './schema.ts'
import { writeFamilies } from './writeFamilies.ts'
import { createBatchEvaluation } from '../alerts/createBatchEvaluation.ts'
import type { BatchEvaluation, FamilyToEvaluate } from '../alerts/createBatchEvaluation.ts'
import { storedFormOf } from './loadFamilyDocument.ts'
import type { IsoDate } from '../exchange/dates.ts'
import type { EngineOptions } from '../rules/engine.ts'
import type { FamilyWriteSummary, WriteFamiliesOptions } from './writeFamilies.ts'

/** The advisory lock every import holds for its transaction (keyed by schema, so test schemas do not wait on each other). */
export const IMPORT_LOCK_KEY = 'throughline.import.'

/** Families are written in batches of up to this many events or families. */
const BATCH_EVENTS = 5000
const BATCH_FAMILIES = 200

export interface ImportOptions {
  /** The sender; defaults to the file's base name without its extension. */
  source?: string | undefined
  /** Who is importing (a user name); recorded on every event written. */
  actor: string
  onProgress?: ((bytesRead: number, totalBytes: number) => void) | undefined
  /** Runs inside the import's transaction before it commits (the audit rows); if it throws, nothing is imported. */
  beforeCommit?: ((trx: Transaction<Database>, summary: ImportSummary) => Promise<void>) | undefined
  /**
   * Checks each batch of valid documents, inside the transaction, before it is
   * written; any problem it returns refuses the whole file (with the rest).
   */
  vet?: ((trx: Transaction<Database>, docs: readonly FamilyDocument[]) => Promise<Problem[]>) | undefined
  /** What the file may do to people already stored (default: replace what it sends). */
  people?: WriteFamiliesOptions['people']
  /**
   * Evaluate the written families' alerts in full as of this day, inside the
   * import's transaction: a batch's replays run (in worker threads) while the
   * next batches are written, and the alerts commit with the records.
   */
  evaluate?: { asOf: IsoDate; engine?: EngineOptions | undefined } | undefined
}

export interface ImportSummary {
  file: string
  source: string
  importId: number
  families: FamilyWriteSummary[]
  /** Events in the file. */
  events: number
  /** Alerts raised and updated by the evaluation, when asked for. */
  alerts?: { raised: number; updated: number }
}

/**
 * The written families, each with its record when the import created it from
 * this document alone (every event added), so it need not be read back.
 */
async function toEvaluate(trx: Transaction<Database>, docs: readonly FamilyDocument[], written: readonly FamilyWriteSummary[]): Promise<FamilyToEvaluate[]> {
  const headers = await trx.selectFrom('families').select(['id', 'ref', 'name']).where('ref', 'in', written.map((f) => f.ref)).execute()
  const headerOf = new Map(headers.map((h) => [h.ref, h]))
  return docs.flatMap((doc, i) => {
    const header = headerOf.get(doc.family.ref)
    const w = written[i]
    if (header === undefined || w === undefined) return []
    const created = w.status === 'created' && w.eventsAdded === doc.events.length
    return [{ ...header, ...(created ? { created: storedFormOf(doc) } : {}) }]
  })
}

/** The source a file is imported as when none is given: `police-2024.json` -> `police-2024`. */
export function defaultSourceName(path: string): string {
  const base = basename(path)
  const ext = extname(base)
  return ext === '' ? base : base.slice(0, -ext.length)
}

export async function importFile(store: Store, path: string, options: ImportOptions): Promise<ImportSummary> {
  return importItems(store, readExchangeFile(path, { onProgress: options.onProgress }), {
    file: basename(path),
    source: options.source ?? defaultSourceName(path),
    actor: options.actor,
    beforeCommit: options.beforeCommit,
    vet: options.vet,
    people: options.people,
    evaluate: options.evaluate,
  })
}

interface ItemsImportOptions {
  /** The name problems and the import record give the input. */
  file: string
  source: string
  actor: string
  beforeCommit?: ImportOptions['beforeCommit']
  vet?: ImportOptions['vet']
  people?: ImportOptions['people']
  evaluate?: ImportOptions['evaluate']
}

/**
 * Imports family documents made in the program (the demo families, say) as if
 * they were one file called `file`: each is validated, and all or none are
 * written.
 */
export async function importFamilies(
  store: Store,
  docs: Iterable<unknown>,
  options: ItemsImportOptions,
): Promise<ImportSummary> {
  function* items(): Generator<ExchangeItem> {
    let index = 0
    for (const raw of docs) {
      yield { file: options.file, index, result: validateFamilyDocument(raw, { file: options.file, index }) }
      index++
    }
  }
  return importItems(store, items(), options)
}

async function importItems(
  store: Store,
  items: AsyncIterable<ExchangeItem> | Iterable<ExchangeItem>,
  options: ItemsImportOptions,
): Promise<ImportSummary> {
  const file = options.file
  const source = options.source.trim()
  if (source === '' || source.length > MAX_KEY) {
    throw new ValidationError([{ file, message: `the source name must be 1 to ${MAX_KEY} characters` }])
  }
  const evaluation = options.evaluate === undefined ? undefined : createBatchEvaluation(options.evaluate)
  try {
    return await importInTransaction(store, items, { ...options, file, source }, evaluation)
  } finally {
    await evaluation?.close()
  }
}

async function importInTransaction(
  store: Store,
  items: AsyncIterable<ExchangeItem> | Iterable<ExchangeItem>,
  options: ItemsImportOptions,
  evaluation: BatchEvaluation | undefined,
): Promise<ImportSummary> {
  const { file, source } = options
  return store.db.transaction().execute(async (trx) => {
    // Imports run one at a time. A user's import is vetted against the
    // families as they stand (new, or held by the user's agency); without
    // this, another import could create the same family between the vet and
    // the write, and the user's records would join a family their agency
    // had no part in.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${IMPORT_LOCK_KEY} || current_schema()))`.execute(trx)
    const sourceRow = await trx.insertInto('sources').values({ name: source })
      .onConflict((oc) => oc.column('name').doUpdateSet({ name: sql`excluded.name` }))
      .returning('id').executeTakeFirstOrThrow()
    const importRow = await trx.insertInto('imports')
      .values({ source_id: sourceRow.id, file_name: file, imported_by: options.actor })
      .returning(['id', 'imported_at']).executeTakeFirstOrThrow()
    const provenance = {
      sourceId: sourceRow.id,
      importId: importRow.id,
      importedAt: importRow.imported_at,
      importedBy: options.actor,
    }

    const problems: Problem[] = []
    const families: FamilyWriteSummary[] = []
    const seen = new Set<string>()
    let events = 0
    let documents = 0
    // Families are written a batch at a time: few statements, bounded memory.
    let pending: FamilyDocument[] = []
    let pendingEvents = 0
    const write = async (docs: FamilyDocument[]) => {
      // Pushed one at a time: a vet may find a problem in each of 100,000 events, too many to spread as arguments.
      if (options.vet !== undefined) for (const p of await options.vet(trx, docs)) problems.push(p)
      if (problems.length > 0) return
      const written = await writeFamilies(trx, docs, provenance, { people: options.people ?? 'replace' })
      families.push(...written)
      if (evaluation !== undefined) await evaluation.add({ ...store, db: trx }, await toEvaluate(trx, docs, written))
    }
    // One batch is written while the next is read and checked (the database
    // works on its own core); at most one is in flight, so memory stays bounded.
    let writing: Promise<void> = Promise.resolve()
    const flush = async () => {
      await writing
      if (pending.length > 0) writing = write(pending)
      // A failed write is still reported when it is next awaited; keep it from counting as unhandled meanwhile.
      writing.catch(() => {})
      pending = []
      pendingEvents = 0
    }
    try {
      for await (const item of items) {
        documents++
        if (!item.result.ok) {
          problems.push(...item.result.problems)
          continue
        }
        const doc = item.result.doc
        if (seen.has(doc.family.ref)) {
          problems.push({ file, family: doc.family.ref, message: 'this family appears more than once in the file; send each family once' })
          continue
        }
        seen.add(doc.family.ref)
        events += doc.events.length
        // After the first problem nothing more is written (it will all be
        // rolled back), but every family is still checked.
        pending.push(doc)
        pendingEvents += doc.events.length
        if (pendingEvents >= BATCH_EVENTS || pending.length >= BATCH_FAMILIES) await flush()
      }
      await flush()
    } catch (e) {
      // Reading failed while a batch may still be writing: the rollback must
      // wait for it, or its later statements would reach the connection after
      // the ROLLBACK and run outside any transaction (committed at once).
      await writing.catch(() => {})
      throw e
    }
    await writing
    if (documents === 0) problems.push({ file, message: 'the file holds no family document' })
    if (problems.length > 0) throw new ValidationError(problems)

    const alerts = await evaluation?.finish({ ...store, db: trx })
    await trx.updateTable('imports').set({ families: families.length, events })
      .where('id', '=', importRow.id).execute()
    const summary = { file, source, importId: importRow.id, families, events, ...(alerts === undefined ? {} : { alerts }) }
    await options.beforeCommit?.(trx, summary)
    return summary
  })
}
