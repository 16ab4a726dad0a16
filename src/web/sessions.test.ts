import { describe, expect, it } from 'vitest'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SignedInUser } from '../access/types.ts'
import type { SessionQueries, SessionRow } from '../store/sessionQueries.ts'
import { createSessionManager, IDLE_MS, SESSION_COOKIE, SWEEP_EVERY_MS } from './sessions.ts'
import type { RequestSession } from './sessions.ts'

const sam: SignedInUser = { id: 1, username: 'sam', displayName: 'Sam', agency: 'school', roles: ['practitioner'], disabled: false, mustChangePassword: false }

/** Sessions in a map (every one belonging to `users`' account of its user id), counting reads, touches and sweeps. */
function buildQueries(users: readonly SignedInUser[] = [sam]): SessionQueries & { rows: Map<string, SessionRow>; sweeps: number; finds: number; touches: number } {
  const rows = new Map<string, SessionRow>()
  return {
    rows,
    sweeps: 0,
    finds: 0,
    touches: 0,
    async insert(row) { rows.set(row.idHash, { ...row }) },
    async find(idHash) {
      this.finds++
      const row = rows.get(idHash)
      return row === undefined ? null : { row, user: users.find((u) => u.id === row.userId) ?? null }
    },
    async touch(idHash, at) { this.touches++; const row = rows.get(idHash); if (row !== undefined) row.lastSeenAt = at },
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
    const loaded = await sessions.load(buildRequest())
    expect(loaded).toEqual({ session: { row: null, csrfSecret: undefined }, user: null })
    expect(queries.rows.size).toBe(0)
    expect(queries.sweeps).toBe(0)
    expect(queries.finds).toBe(0)
  })

  it('loads a session with its user in one read, and writes only when last seen over a minute ago', async () => {
    const queries = buildQueries()
    const now = { t: Date.parse('2024-06-30T09:00:00Z') }
    const sessions = createSessionManager({ queries, clock: () => new Date(now.t), secureCookies: true })
    const cookies: Record<string, string> = {}
    const reply = { setCookie(name: string, value: string) { cookies[name] = value; return this }, clearCookie() { return this } } as unknown as FastifyReply
    await sessions.startForUser(buildRequest(), reply, sam.id)
    const request = { cookies } as unknown as FastifyRequest
    now.t += 30_000
    const loaded = await sessions.load(request)
    expect(loaded.user).toEqual(sam)
    expect(loaded.session.row?.userId).toBe(sam.id)
    expect(loaded.session.csrfSecret).toBe(loaded.session.row?.csrfSecret)
    expect([queries.finds, queries.touches]).toEqual([1, 0])
    now.t += 60_001
    await sessions.load(request)
    expect([queries.finds, queries.touches]).toEqual([2, 1])
    now.t += IDLE_MS + 1
    expect(await sessions.load(request)).toEqual({ session: { row: null, csrfSecret: undefined }, user: null })
    expect(queries.rows.size).toBe(0)
    expect(cookies[SESSION_COOKIE]).toBeDefined()
  })

  it('gives a session whose account is gone no user', async () => {
    const queries = buildQueries([])
    const sessions = createSessionManager({ queries, clock: () => new Date(), secureCookies: true })
    const cookies: Record<string, string> = {}
    const reply = { setCookie(name: string, value: string) { cookies[name] = value; return this }, clearCookie() { return this } } as unknown as FastifyReply
    await sessions.startForUser(buildRequest(), reply, 7)
    const loaded = await sessions.load({ cookies } as unknown as FastifyRequest)
    expect(loaded.session.row?.userId).toBe(7)
    expect(loaded.user).toBeNull()
  })
})
