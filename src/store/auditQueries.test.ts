import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Store } from './createStore.ts'
import { countAuditRows, writeAudit } from './auditQueries.ts'
import { createTestStore } from './testStore.ts'

let store: Store

beforeEach(async () => {
  store = await createTestStore()
  await writeAudit(store.db, { kind: 'system', name: 'test' }, { action: 'view', familyRef: 'F1', reason: 'checking' })
})

afterEach(async () => {
  await store.close()
})

describe('audit_log takes inserts only', () => {
  it('refuses UPDATE', async () => {
    await expect(sql`update audit_log set reason = 'changed'`.execute(store.db)).rejects.toThrow(/inserts only/)
    const row = await store.db.selectFrom('audit_log').select('reason').executeTakeFirstOrThrow()
    expect(row.reason).toBe('checking')
  })

  it('refuses DELETE, even of no row', async () => {
    await expect(sql`delete from audit_log`.execute(store.db)).rejects.toThrow(/inserts only/)
    await expect(sql`delete from audit_log where id < 0`.execute(store.db)).rejects.toThrow(/inserts only/)
    expect(await countAuditRows(store.db)).toBe(1)
  })

  it('refuses TRUNCATE', async () => {
    await expect(sql`truncate audit_log`.execute(store.db)).rejects.toThrow(/inserts only/)
    expect(await countAuditRows(store.db)).toBe(1)
  })

  it('records who, as what, and the details', async () => {
    const row = await store.db.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({ username: 'test', agency: 'system', roles: [], action: 'view', family_ref: 'F1', reason: 'checking' })
    expect(row.at).toBeInstanceOf(Date)
  })
})
