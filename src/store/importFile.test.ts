import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ValidationError } from '../errors/errors.ts'
import { readExchangeFile } from '../exchange/readExchangeFile.ts'
import { sameChronology } from '../exchange/sameChronology.ts'
import { serializeFamilyDocument } from '../exchange/canonicalFamilyDocument.ts'
import type { FamilyDocument } from '../exchange/schema.ts'
import { buildFamiliesJsonl, buildSeededFamilyDocument } from './buildSeededFamilies.ts'
import type { Store } from './createStore.ts'
import { defaultSourceName, IMPORT_LOCK_KEY, importFamilies, importFile } from './importFile.ts'
import { listFamilies, loadFamilyDocument } from './loadFamilyDocument.ts'
import { createTestStore, testBackend } from './testStore.ts'

const scenarioDir = resolve(process.env.THROUGHLINE_SCENARIOS || join(import.meta.dirname, '..', '..', '..', 'shared', 'scenarios'))
const scenarioFiles = existsSync(scenarioDir)
  ? readdirSync(scenarioDir).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json')).sort()
  : []
if (scenarioFiles.length === 0) console.warn(`No scenarios at ${scenarioDir}: scenario round trips skipped`)

let dir: string
let store: Store
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'throughline-import-')) })
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })
beforeEach(async () => { store = await createTestStore() })
afterEach(async () => { await store.close() })

function writeDoc(name: string, doc: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc))
  return path
}

async function readOne(path: string): Promise<FamilyDocument> {
  for await (const item of readExchangeFile(path)) {
    if (!item.result.ok) throw new ValidationError(item.result.problems)
    return item.result.doc
  }
  throw new Error(`no family in ${path}`)
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const table of ['sources', 'imports', 'families', 'people', 'relationships', 'events'] as const) {
    const r = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    out[table] = Number(r.n)
  }
  return out
}

describe.skipIf(scenarioFiles.length === 0)('scenario round trips', () => {
  it.each(scenarioFiles)('%s imports, exports and re-imports as the same chronology', async (name) => {
    const original = await readOne(join(scenarioDir, name))
    const first = await importFile(store, join(scenarioDir, name), { actor: 'tester' })
    expect(first.families).toEqual([expect.objectContaining({ ref: original.family.ref, status: 'created', eventsAdded: original.events.length })])

    const exported = await loadFamilyDocument(store, original.family.ref)
    expect(exported).not.toBeNull()
    const comparison = sameChronology(original, exported!)
    expect(comparison.differences).toEqual([])
    expect(comparison.same).toBe(true)

    const before = await counts()
    const path = writeDoc(name, serializeFamilyDocument(exported!, { pretty: true }))
    const again = await importFile(store, path, { actor: 'tester' })
    expect(again.source).toBe(first.source)
    expect(again.families).toEqual([expect.objectContaining({ status: 'updated', eventsAdded: 0, eventsUpdated: 0, eventsRemoved: 0 })])
    const after = await counts()
    expect(after).toEqual({ ...before, imports: before.imports! + 1 })
    expect(sameChronology(original, (await loadFamilyDocument(store, original.family.ref))!).same).toBe(true)
  })
})

describe('importFile', () => {
  it('writes nothing from a file with one bad event, and reports it', async () => {
    await importFile(store, writeDoc('earlier.json', buildSeededFamilyDocument({ ref: 'EARLIER' })), { actor: 'tester' })
    const before = await counts()
    const families = [buildSeededFamilyDocument({ ref: 'A', events: 30 }), buildSeededFamilyDocument({ ref: 'B', events: 30 }), buildSeededFamilyDocument({ ref: 'C' })]
    const bad = families[1]!.events[7]! as Record<string, unknown>
    bad.status = 'lost'
    const path = writeDoc('bad.jsonl', families.map((f) => JSON.stringify(f)).join('\n'))
    const error = await importFile(store, path, { actor: 'tester' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).problems).toEqual([expect.objectContaining({ file: 'bad.jsonl', family: 'B', event: 'E8' })])
    expect(await counts()).toEqual(before)
  })

  it('reports the problems of every family, not just the first', async () => {
    const a = buildSeededFamilyDocument({ ref: 'A' })
    const b = buildSeededFamilyDocument({ ref: 'B' })
    ;(a.events[0] as Record<string, unknown>).date = '2020-02-30'
    ;(b.events[1] as Record<string, unknown>).agency = 'Not An Agency'
    const error = await importFile(store, writeDoc('two-bad.json', { format: 'chronology-exchange/1', families: [a, b] }), { actor: 'tester' }).catch((e: unknown) => e)
    expect((error as ValidationError).problems.map((p) => p.family)).toEqual(['A', 'B'])
    expect((await counts()).events).toBe(0)
  })

  it('refuses a file that sends one family twice', async () => {
    const path = writeDoc('twice.jsonl', buildFamiliesJsonl(1) + buildFamiliesJsonl(1))
    const error = await importFile(store, path, { actor: 'tester' }).catch((e: unknown) => e)
    expect((error as ValidationError).problems).toEqual([expect.objectContaining({ family: 'F1', message: expect.stringContaining('more than once') })])
    expect((await counts()).families).toBe(0)
  })

  it('reports a missing file as a problem', async () => {
    await expect(importFile(store, join(dir, 'nope.json'), { actor: 'tester' })).rejects.toBeInstanceOf(ValidationError)
  })

  it('imports many families in one file, keeping provenance on every event', async () => {
    const summary = await importFile(store, writeDoc('bulk.jsonl', buildFamiliesJsonl(25, { events: 40 })), { actor: 'alice', source: 'Children’s services' })
    expect(summary).toMatchObject({ file: 'bulk.jsonl', source: 'Children’s services', events: 1000 })
    expect(summary.families).toHaveLength(25)
    const rows = await store.db.selectFrom('events').innerJoin('sources', 'sources.id', 'events.source_id')
      .select(['sources.name', 'import_id', 'imported_by', 'imported_at']).execute()
    expect(rows).toHaveLength(1000)
    expect(new Set(rows.map((r) => `${r.name}|${r.import_id}|${r.imported_by}`))).toEqual(new Set([`Children’s services|${summary.importId}|alice`]))
    expect(rows[0]!.imported_at).toBeInstanceOf(Date)
    const imported = await store.db.selectFrom('imports').selectAll().where('id', '=', summary.importId).executeTakeFirstOrThrow()
    expect(imported).toMatchObject({ file_name: 'bulk.jsonl', families: 25, events: 1000, imported_by: 'alice' })
  })

  it('re-importing from one source replaces that source’s picture and keeps the others', async () => {
    await importFile(store, writeDoc('csc.json', buildSeededFamilyDocument({ events: 10 })), { actor: 'tester' })
    await importFile(store, writeDoc('police.json', buildSeededFamilyDocument({ events: 5, idPrefix: 'P' })), { actor: 'tester' })
    const smaller = buildSeededFamilyDocument({ events: 6, seed: 2 })
    const summary = await importFile(store, writeDoc('csc.json', smaller), { actor: 'tester' })
    expect(summary.families[0]).toEqual({ ref: 'F-TEST', status: 'updated', eventsAdded: 0, eventsUpdated: 6, eventsUnchanged: 0, eventsRemoved: 4 })
    const doc = await loadFamilyDocument(store, 'F-TEST')
    expect(doc!.events.map((e) => e.id).sort()).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'P1', 'P2', 'P3', 'P4', 'P5'])
    expect(await listFamilies(store)).toEqual([expect.objectContaining({ ref: 'F-TEST', events: 11, sources: ['csc', 'police'] })])
  })

  it('imports documents made in the program, validating them all or none', async () => {
    const docs = [buildSeededFamilyDocument({ ref: 'P1' }), buildSeededFamilyDocument({ ref: 'P2' })]
    const summary = await importFamilies(store, docs, { file: 'made', source: 'program', actor: 'tester' })
    expect(summary).toMatchObject({ file: 'made', source: 'program', events: 20 })
    const bad = { ...buildSeededFamilyDocument({ ref: 'P3' }), people: [] }
    const before = await counts()
    const error = await importFamilies(store, [buildSeededFamilyDocument({ ref: 'P4' }), bad], { file: 'made', source: 'program', actor: 'tester' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect(new Set((error as ValidationError).problems.map((p) => `${p.file} ${p.family}`))).toEqual(new Set(['made P3']))
    expect(await counts()).toEqual(before)
  })

  it('changes nothing when reading fails while a batch is still being written', async () => {
    // Families already stored, so a statement run outside the import's transaction would change them for good.
    const stored = Array.from({ length: 200 }, (_, i) => buildSeededFamilyDocument({ ref: `R${i + 1}`, events: 1 }))
    await importFamilies(store, stored, { file: 'made', source: 'program', actor: 'tester' })
    const snapshot = async () => ({
      counts: await counts(),
      people: await store.db.selectFrom('people').select(['ref', 'given_name']).orderBy('id').execute(),
      events: await store.db.selectFrom('events').select(['event_id', 'summary', 'import_id']).orderBy('id').execute(),
    })
    const before = await snapshot()
    let readerFailed!: () => void
    const failed = new Promise<void>((resolve) => { readerFailed = resolve })
    function* docs(): Generator<FamilyDocument> {
      // 200 families make a batch, written while the next is read.
      for (const doc of stored) {
        yield { ...doc, people: doc.people.map((p) => ({ ...p, given_name: 'Changed' })), events: doc.events.map((e) => ({ ...e, summary: 'Changed' })) }
      }
      readerFailed()
      throw new Error('the reader broke')
    }
    const error = await importFamilies(store, docs(), {
      file: 'made', source: 'program', actor: 'tester',
      // Holds the batch's write back until the reader has failed, so it is in flight as the import unwinds.
      vet: async () => { await failed; return [] },
    }).catch((e: unknown) => e)
    expect((error as Error).message).toBe('the reader broke')
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a file with more problems than a function takes arguments, as problems', async () => {
    const problems = Array.from({ length: 200_000 }, (_, i) => ({ file: 'made', family: 'P1', event: `E${i}`, message: 'not yours' }))
    const error = await importFamilies(store, [buildSeededFamilyDocument({ ref: 'P1' })], {
      file: 'made', source: 'program', actor: 'tester', vet: async () => problems,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).problems).toHaveLength(200_000)
  })

  it('names the source after the file by default', () => {
    expect(defaultSourceName('/x/police-2024.json')).toBe('police-2024')
    expect(defaultSourceName('school.export.jsonl')).toBe('school.export')
    expect(defaultSourceName('README')).toBe('README')
  })
})

describe.skipIf(testBackend() !== 'postgres')('imports one at a time (PostgreSQL)', () => {
  it('waits while another import holds the import lock, so a vet never races another import creating the family', async () => {
    const path = writeDoc('queued.json', buildSeededFamilyDocument({ ref: 'QUEUED' }))
    let finished = false
    await store.db.connection().execute(async (other) => {
      await sql`BEGIN`.execute(other)
      await sql`SELECT pg_advisory_xact_lock(hashtext(${IMPORT_LOCK_KEY} || current_schema()))`.execute(other)
      const queued = importFile(store, path, { actor: 'tester' }).then(() => { finished = true })
      await new Promise((r) => setTimeout(r, 500))
      expect(finished).toBe(false)
      await sql`COMMIT`.execute(other)
      await queued
    })
    expect(finished).toBe(true)
    expect((await listFamilies(store)).map((f) => f.ref)).toContain('QUEUED')
  })
})
