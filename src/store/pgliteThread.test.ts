import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PGLITE_SUBFOLDER, createDatabase } from './createDatabase.ts'
import type { DatabaseHandle } from './createDatabase.ts'
import { openPgliteThread } from './pgliteThread.ts'

describe('PGlite in a worker thread', () => {
  // One data folder for the file: creating one runs initdb (seconds).
  let dataDir = ''
  let handle: DatabaseHandle
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'throughline-pglite-thread-'))
    handle = await createDatabase({ dataDir })
  })
  afterAll(async () => {
    await handle.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('answers queries with parsed values: bigint as number, date as text', async () => {
    const { rows } = await sql<{ n: number; d: string; t: Date }>`SELECT 9007199254740::int8 AS n, DATE '2024-02-29' AS d, TIMESTAMPTZ '2024-01-02T03:04:05Z' AS t`.execute(handle.db)
    expect(rows).toEqual([{ n: 9007199254740, d: '2024-02-29', t: new Date('2024-01-02T03:04:05Z') }])
  })

  it('sends parameters and rows across as in-process PGlite gives them: JSON, arrays, null, bytes, dates', async () => {
    const { rows } = await sql`SELECT ${'{"a":[1,{"b":null}],"__proto__":"kept"}'}::jsonb AS j, ${['x', null]}::text[] AS t,
      ${null}::text AS n, ${true}::boolean AS b, ${Buffer.from([0, 255])}::bytea AS y, ${new Date('2024-05-06T07:08:09.010Z')}::timestamptz AS at, 1.5::numeric AS d`.execute(handle.db)
    expect(rows).toEqual([{ j: JSON.parse('{"a":[1,{"b":null}],"__proto__":"kept"}'), t: ['x', null], n: null, b: true, y: new Uint8Array([0, 255]), at: new Date('2024-05-06T07:08:09.010Z'), d: '1.5' }])
    expect(Object.keys((rows[0] as { j: object }).j)).toEqual(['a', '__proto__'])
  })

  it('parses json and jsonb on arrival: arrays, a JSON string value, null; text stays text', async () => {
    const { rows } = await sql`SELECT json_build_array(1, 'a', null) AS a, ${'"text"'}::jsonb AS s, ${null}::json AS n, ${'{"x":1}'}::text AS plain`.execute(handle.db)
    expect(rows).toEqual([{ a: [1, 'a', null], s: 'text', n: null, plain: '{"x":1}' }])
  })

  it('keeps PostgreSQL error fields (code, constraint) on the main thread', async () => {
    const { db } = handle
    await sql`CREATE TABLE unique_ids (id int PRIMARY KEY)`.execute(db)
    await sql`INSERT INTO unique_ids VALUES (1)`.execute(db)
    const error = await sql`INSERT INTO unique_ids VALUES (${1})`.execute(db).then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ code: '23505', constraint: 'unique_ids_pkey', message: expect.stringContaining('duplicate key') })
  })

  it('rolls a failed transaction back, and the next one sees only what committed', async () => {
    const { db } = handle
    await sql`CREATE TABLE rolled (id int PRIMARY KEY)`.execute(db)
    await expect(db.transaction().execute(async (trx) => {
      await sql`INSERT INTO rolled VALUES (${1})`.execute(trx)
      await sql`INSERT INTO rolled VALUES (${1})`.execute(trx)
    })).rejects.toThrow(/duplicate key/)
    await db.transaction().execute(async (trx) => { await sql`INSERT INTO rolled VALUES (${2})`.execute(trx) })
    const { rows } = await sql<{ id: number }>`SELECT id FROM rolled ORDER BY id`.execute(db)
    expect(rows).toEqual([{ id: 2 }])
  })

  it('refuses a parameter that cannot be sent to the thread, and is left waiting for nothing (an idle thread keeps the process alive)', async () => {
    const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length
    const idle = ports()
    // A function cannot be copied to another thread (structured clone).
    const notCloneable = { toJSON: () => 'x' }
    await expect(sql`SELECT ${notCloneable}::jsonb AS j`.execute(handle.db)).rejects.toThrow(/could not be cloned/)
    expect(ports()).toBe(idle)
    expect((await sql<{ n: number }>`SELECT 1 AS n`.execute(handle.db)).rows).toEqual([{ n: 1 }])
    expect(ports()).toBe(idle)
  })

  it('runs statements in the order they were sent, even when sent together', async () => {
    const { db } = handle
    await sql`CREATE TABLE sent (n int, at serial)`.execute(db)
    await Promise.all(Array.from({ length: 50 }, (_, i) => sql`INSERT INTO sent (n) VALUES (${i})`.execute(db)))
    const { rows } = await sql<{ n: number }>`SELECT n FROM sent ORDER BY at`.execute(db)
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  it('keeps what was written across close and reopen; a closed thread refuses statements instead of waiting for ever', async () => {
    await sql`CREATE TABLE kept (s text)`.execute(handle.db)
    await sql`INSERT INTO kept VALUES (${'kept'})`.execute(handle.db)
    await handle.close()
    const thread = await openPgliteThread(join(dataDir, PGLITE_SUBFOLDER))
    expect((await thread.query('SELECT s FROM kept', [])).rows).toEqual([{ s: 'kept' }])
    const [first, second] = await thread.exec(`SELECT '{"a":[1]}'::jsonb AS j; SELECT json_build_object('b', true) AS k`)
    expect([first?.rows, second?.rows]).toEqual([[{ j: { a: [1] } }], [{ k: { b: true } }]])
    await thread.close()
    await expect(thread.query('SELECT 1', [])).rejects.toThrow(/embedded database is closed/)
    handle = await createDatabase({ dataDir })
  })
})
