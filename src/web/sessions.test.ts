import { describe, expect, it } from 'vitest'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SessionQueries, SessionRow } from '../store/sessionQueries.ts'
import { createSessionManager, SWEEP_EVERY_MS } from './sessions.ts'
import type { RequestSession } from './sessions.ts'

/** Sessions in a map, counting sweeps. */
function buildQueries(): SessionQueries & { rows: Map<string, SessionRow>; sweeps: number } {
  const rows = new Map<string, SessionRow>()
  return {
    rows,
    sweeps: 0,
    async insert(row) { rows.set(row.idHash, { ...row }) },
    async find(idHash) { return rows.get(idHash) ?? null },
    async touch(idHash, at) { const row = rows.get(idHash); if (row !== undefined) row.lastSeenAt = at },
    async delete(idHash) { rows.delete(idHash) },
    async deleteExpired() { this.sweeps++; return 0 },
  }
}

const buildRequest = (): FastifyRequest => ({ cookies: {}, session: { row: null, csrfSecret: undefined } as RequestSession }) as unknown as FastifyRequest
const buildReply = (): FastifyReply => ({ setCookie() { return this }, clearCookie() { return this } }) as unknown as FastifyReply

describe('session manager', () => {
  it('sweeps expired sessions at most once every few minutes', async () => {
    const queries = buildQueries()
    const now = { t: Date.parse('2024-06-30T09:00:00Z') }
    const sessions = createSessionManager({ queries, clock: () => new Date(now.t), secureCookies: true })
    for (let i = 0; i < 5; i++) await sessions.startForUser(buildRequest(), buildReply(), 1)
    expect(queries.rows.size).toBe(5)
    expect(queries.sweeps).toBe(1)
    now.t += SWEEP_EVERY_MS - 1
    await sessions.startForUser(buildRequest(), buildReply(), 1)
    expect(queries.sweeps).toBe(1)
    now.t += 1
    await sessions.startForUser(buildRequest(), buildReply(), 1)
    expect(queries.sweeps).toBe(2)
  })

  it('reads an anonymous request without writing anything', async () => {
    const queries = buildQueries()
    const sessions = createSessionManager({ queries, clock: () => new Date(), secureCookies: true })
    const session = await sessions.load(buildRequest())
    expect(session.row).toBeNull()
    expect(queries.rows.size).toBe(0)
    expect(queries.sweeps).toBe(0)
  })
})
