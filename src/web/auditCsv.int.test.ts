// The audit CSV holds every matching row, however many: the repository gives
// at most a page at a time, and the route pages through it.
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countAuditRows, writeAudit } from '../store/auditQueries.ts'
import { auditPages } from './routes/auditRoutes.ts'
import { browser } from './testing/appHarness.ts'
import { createTestWorld, type TestWorld } from './testing/testWorld.ts'

const EXTRA_ROWS = 2345

describe('audit CSV', () => {
  let t: TestWorld
  beforeAll(async () => {
    t = await createTestWorld()
    const system = { kind: 'system', name: 'audit-filler' } as const
    await t.store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < EXTRA_ROWS; i++) await writeAudit(trx, system, { action: 'view', familyRef: 'F1', reason: `row ${i}` })
    })
  })
  afterAll(async () => { await t.close() })

  it('downloads every row, not only the first page of the repository', async () => {
    const admin = browser(t.app)
    await admin.signIn('admin')
    const before = await countAuditRows(t.store.db)
    expect(before).toBeGreaterThan(EXTRA_ROWS)
    const res = await admin.get('/audit?format=csv')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit.csv"')
    const rows = parse(res.body) as string[][]
    expect(rows[0]?.[0]).toBe('at')
    // Every row there was; rows written while it was read (if reading is audited) may or may not be in.
    expect(rows.length - 1).toBeGreaterThanOrEqual(before)
    expect(rows.length - 1).toBeLessThanOrEqual(await countAuditRows(t.store.db))
    const filler = rows.filter((r) => r[1] === 'audit-filler')
    expect(filler.length).toBe(EXTRA_ROWS)
    expect(new Set(filler.map((r) => r[9])).size).toBe(EXTRA_ROWS)
  })

  it('keeps the filters on every page', async () => {
    const admin = browser(t.app)
    await admin.signIn('admin')
    const res = await admin.get('/audit?format=csv&username=audit-filler')
    const rows = parse(res.body) as string[][]
    expect(rows.length - 1).toBe(EXTRA_ROWS)
    expect(rows.slice(1).every((r) => r[1] === 'audit-filler')).toBe(true)
  })
})

describe('auditPages', () => {
  const row = (id: number) => ({ id, at: new Date(0), username: 'u', agency: 'a', roles: '', action: 'view' as const, familyRef: null, childRef: null, eventId: null, alertId: null, reason: null })

  it('ends, without repeats, though every read of the log adds a row to it', async () => {
    // A log of 25 rows, newest first, read 10 at a time; each read writes one more row on top.
    const ids = Array.from({ length: 25 }, (_, i) => 25 - i)
    let next = 26
    const repository = {
      async audit(_actor: unknown, query: { limit?: number; offset?: number }) {
        ids.unshift(next++)
        return { rows: ids.slice(query.offset ?? 0, (query.offset ?? 0) + (query.limit ?? 10)).slice(0, 10).map(row), total: ids.length }
      },
    } as unknown as Parameters<typeof auditPages>[0]['repository']
    const actor = { kind: 'system', name: 'test' } as const
    const first = await repository.audit(actor, { limit: 10, offset: 0 })
    const seen: number[] = []
    for await (const rows of auditPages({ repository }, actor, {}, first)) seen.push(...rows.map((r) => r.id))
    expect(seen).toEqual(Array.from({ length: 26 }, (_, i) => 26 - i))
  })
})
