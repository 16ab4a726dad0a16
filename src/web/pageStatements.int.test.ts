// How many statements the pages every user opens most send to the database,
// BEGIN and COMMIT included: each is a round trip and Node CPU (on PGlite,
// on the web server's own thread), so the family page's count is part of
// its speed (issue 6). The session and its user come in one statement, the
// view (need-to-know test, audit row, record) in another. Counted on an
// in-memory PGlite whose Kysely logs every statement; the count is the same
// on PostgreSQL, whose dialect is the same.
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUserService } from '../access/createUserService.ts'
import { createCaseRepository } from '../store/createCaseRepository.ts'
import type { Store } from '../store/createStore.ts'
import { migrate } from '../store/migrate.ts'
import { createPgliteDialect } from '../store/pgliteDialect.ts'
import { pgliteParsers } from '../store/pgliteParsers.ts'
import type { Database } from '../store/schema.ts'
import { createApp } from './createApp.ts'
import { browser, TEST_PASSWORD } from './testing/appHarness.ts'
import type { Browser } from './testing/appHarness.ts'
import { AS_OF, familyOne, familyTwo, testUsers } from './testing/fixtures.ts'
import { writeJsonLines } from './testing/testWorld.ts'
import type { FastifyInstance } from 'fastify'

describe('statements per page', () => {
  const statements: string[] = []
  let pglite: PGlite
  let store: Store
  let app: FastifyInstance
  let csc: Browser

  beforeAll(async () => {
    pglite = await PGlite.create({ parsers: pgliteParsers })
    const db = new Kysely<Database>({
      dialect: createPgliteDialect(pglite),
      log: (event) => { if (event.level === 'query') statements.push(event.query.sql.replace(/\s+/g, ' ').trim()) },
    })
    store = { db, kind: 'pglite', location: 'memory', close: async () => { await db.destroy(); await pglite.close() } }
    await migrate(db)
    // The clock stands still, so no session is old enough to be touched.
    const now = () => new Date(`${AS_OF}T09:00:00Z`)
    const users = createUserService(store, { clock: now })
    const repository = createCaseRepository(store, { clock: now })
    const system = { kind: 'system', name: 'test-setup' } as const
    for (const u of testUsers()) await users.createUser(system, { ...u, password: TEST_PASSWORD })
    const file = await writeJsonLines([familyOne(), familyTwo()])
    try {
      await repository.importFile(system, file.path, { source: 'fixture', fileName: 'fixture.jsonl', asOf: AS_OF })
    } finally {
      await file.remove()
    }
    app = createApp({ store, repository, users, clock: now, logLevel: 'silent' })
    await app.ready()
    csc = browser(app)
    await csc.signIn('csc')
  })

  afterAll(async () => {
    await app.close()
    await store.close()
  })

  async function statementsOf(url: string): Promise<string[]> {
    statements.length = 0
    const res = await csc.get(url)
    expect(res.statusCode).toBe(200)
    return [...statements]
  }

  it('the family page: two, the session with its user and the view', async () => {
    const sent = await statementsOf('/families/F1')
    expect(sent).toHaveLength(2)
    expect(sent[0]).toMatch(/^select .* from "web_sessions" as "s" left join "users" as "u"/)
    expect(sent[1]).toMatch(/^with "found_family" as materialized \(select .*\), "audit" as \(insert into "audit_log"/)
    expect(sent.join('\n')).not.toMatch(/^(begin|commit)/im)
  })

  it('a child\'s page: two as well', async () => {
    const sent = await statementsOf('/families/F1/children/C1')
    expect(sent).toHaveLength(2)
    expect(sent[1]).toMatch(/^with "found_family" as materialized/)
  })
})
