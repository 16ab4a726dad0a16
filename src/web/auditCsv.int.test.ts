// The audit CSV holds every matching row, however many: the repository gives
// at most a page at a time, and the route pages through it.
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countAuditRows, writeAudit } from '../store/auditQueries.ts'
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
    const total = await countAuditRows(t.store.db)
    expect(total).toBeGreaterThan(EXTRA_ROWS)
    const res = await admin.get('/audit?format=csv')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit.csv"')
    const rows = parse(res.body) as string[][]
    expect(rows[0]?.[0]).toBe('at')
    expect(rows.length - 1).toBe(total)
    const reasons = new Set(rows.map((r) => r[9]).filter((r) => r?.startsWith('row ')))
    expect(reasons.size).toBe(EXTRA_ROWS)
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
