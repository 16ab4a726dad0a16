import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Store } from './createStore.ts'
import { auditRowsFrom, countAuditRows, queryAudit, writeAudit } from './auditQueries.ts'
import type { AuditEntry, AuditWho } from './auditQueries.ts'
import { insertUser } from './userQueries.ts'
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

describe('queryAudit', () => {
  it('names the users of the rows in the reader\'s scope only, by account, not by the username a row records', async () => {
    const account = async (username: string, displayName: string, agency: string) => {
      const row = await insertUser(store.db, { username, displayName, agency, roles: ['practitioner'], passwordHash: 'x' })
      if (row === undefined) throw new Error('fixture user not created')
      return { kind: 'user', user: { id: row.id, username, displayName, agency, roles: ['practitioner'], disabled: false } } as const
    }
    await writeAudit(store.db, await account('pat', 'Pat School', 'school'), { action: 'view', familyRef: 'F1' })
    await writeAudit(store.db, await account('olu', 'Olu Police', 'police'), { action: 'view', familyRef: 'F2' })
    await writeAudit(store.db, { kind: 'unknown', username: 'olu' }, { action: 'sign-in-failed' })
    const scoped = await queryAudit(store.db, { scope: { agency: 'school', familyVisible: sql<boolean>`false` } }, { limit: 50, offset: 0 })
    expect(scoped.rows.map((r) => [r.username, r.display_name])).toEqual([['pat', 'Pat School']])
    const all = await queryAudit(store.db, {}, { limit: 50, offset: 0 })
    // The failed sign-in for `olu` has no account behind it, so no name.
    expect(all.rows.map((r) => [r.username, r.display_name])).toEqual([['olu', null], ['olu', 'Olu Police'], ['pat', 'Pat School'], ['test', null]])
  })
})

describe('auditRowsFrom', () => {
  const user: AuditWho = { kind: 'user', via: 'web', user: { id: 7, username: 'pat', displayName: 'Pat', agency: 'school', roles: ['practitioner', 'manager'], disabled: false } }
  const cases: [string, AuditWho, Omit<AuditEntry, 'familyId'>][] = [
    ['a user through the web', user, { action: 'view', familyRef: 'F1', childRef: 'C1' }],
    ['a user with every column and nested details', { ...user, via: 'cli' }, {
      action: 'export', familyRef: 'F1', childRef: null, eventId: 'E1', alertId: 3, reason: 'a "quoted" reason, é',
      details: { format: 'json', events: 2, nested: { list: [1, 'two', null], flag: true } },
    }],
    ['the system', { kind: 'system', name: 'nightly' }, { action: 'view', familyRef: 'F1' }],
  ]

  it.each(cases)('writes, for %s, the row writeAudit writes, once per row of its source, with the family id from it', async (_name, actor, entry) => {
    const before = await countAuditRows(store.db)
    await writeAudit(store.db, actor, { ...entry, familyId: 41 })
    await store.db.with('found', (db) => db.selectNoFrom(sql<number>`41`.as('id')))
      .with('audit', () => auditRowsFrom(store.db, 'found', actor, entry))
      .selectFrom('found').select('id').execute()
    expect(await countAuditRows(store.db)).toBe(before + 2)
    const rows = await store.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(2).execute()
    const [composed, written] = rows.map(({ id: _id, at: _at, ...row }) => row)
    expect(composed).toEqual(written)
    expect(written?.family_id).toBe(41)
  })

  it('writes nothing when its source is empty', async () => {
    const before = await countAuditRows(store.db)
    const rows = await store.db.with('found', (db) => db.selectNoFrom(sql<number>`41`.as('id')).where(sql<boolean>`false`))
      .with('audit', () => auditRowsFrom(store.db, 'found', user, { action: 'view', familyRef: 'F1' }))
      .selectFrom('found').select('id').execute()
    expect(rows).toEqual([])
    expect(await countAuditRows(store.db)).toBe(before)
  })
})
