// Session policy for the web app: a random 256-bit id in a secure, httpOnly,
// SameSite=Lax cookie; the row (keyed by the id's hash) holds the user and the
// CSRF secret. Sessions end after IDLE_MS without a request or ABSOLUTE_MS
// after sign-in, whichever is first; sign-in always starts a new id. Only
// sign-in creates a session: the sign-in form itself needs none (see
// signInCsrf.ts), so anonymous visits write nothing.
import { createHash, randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SignedInUser } from '../access/types.ts'
import type { SessionQueries, SessionRow } from '../store/sessionQueries.ts'

export const SESSION_COOKIE = 'throughline_session'
export const IDLE_MS = 30 * 60 * 1000
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000
/** Only write last_seen_at when it is this stale, so reading a page is not always a write. */
const TOUCH_AFTER_MS = 60 * 1000
/** Expired rows are swept at sign-in, but no more often than this. */
export const SWEEP_EVERY_MS = 5 * 60 * 1000

/** What a request carries: `csrfSecret` is read by @fastify/csrf-protection (sessionKey). */
export interface RequestSession {
  row: SessionRow | null
  csrfSecret: string | undefined
}

/** A request's session and the account it belongs to (null: none, or gone); read together, in one statement. */
export interface LoadedSession {
  session: RequestSession
  user: SignedInUser | null
}

export interface SessionManagerOptions {
  queries: SessionQueries
  clock: () => Date
  secureCookies: boolean
}

export interface SessionManager {
  /**
   * The live session named by the request's cookie, or an empty one, with
   * its user as stored (a disabled account too: the caller decides).
   * Expired sessions are deleted.
   */
  load(request: FastifyRequest): Promise<LoadedSession>
  /** Replaces whatever session the request had with a new id for this user. */
  startForUser(request: FastifyRequest, reply: FastifyReply, userId: number): Promise<RequestSession>
  end(request: FastifyRequest, reply: FastifyReply): Promise<void>
}

function hashId(id: string): string {
  return createHash('sha256').update(id).digest('hex')
}

export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const { queries, clock, secureCookies } = options
  const empty = (): RequestSession => ({ row: null, csrfSecret: undefined })

  function setCookie(reply: FastifyReply, id: string): void {
    reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, secure: secureCookies, sameSite: 'lax' })
  }

  // This manager's own record of its last sweep (one per app, not per module).
  let lastSweep = Number.NEGATIVE_INFINITY

  async function create(reply: FastifyReply, userId: number | null): Promise<RequestSession> {
    const now = clock()
    if (now.getTime() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = now.getTime()
      await queries.deleteExpired(new Date(now.getTime() - IDLE_MS), new Date(now.getTime() - ABSOLUTE_MS))
    }
    const id = randomBytes(32).toString('base64url')
    const row: SessionRow = {
      idHash: hashId(id), userId, csrfSecret: randomBytes(18).toString('base64url'), createdAt: now, lastSeenAt: now,
    }
    await queries.insert(row)
    setCookie(reply, id)
    return { row, csrfSecret: row.csrfSecret }
  }

  async function load(request: FastifyRequest): Promise<LoadedSession> {
    const none = (): LoadedSession => ({ session: empty(), user: null })
    const id = request.cookies[SESSION_COOKIE]
    if (id === undefined || id === '') return none()
    const idHash = hashId(id)
    const found = await queries.find(idHash)
    if (found === null) return none()
    const { row, user } = found
    const now = clock().getTime()
    if (now - row.lastSeenAt.getTime() > IDLE_MS || now - row.createdAt.getTime() > ABSOLUTE_MS) {
      await queries.delete(idHash)
      return none()
    }
    if (now - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
      const at = new Date(now)
      await queries.touch(idHash, at)
      row.lastSeenAt = at
    }
    return { session: { row, csrfSecret: row.csrfSecret }, user }
  }

  return {
    load,
    async startForUser(request, reply, userId) {
      if (request.session.row !== null) await queries.delete(request.session.row.idHash)
      request.session = await create(reply, userId)
      return request.session
    },
    async end(request, reply) {
      if (request.session.row !== null) await queries.delete(request.session.row.idHash)
      request.session = empty()
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: secureCookies, sameSite: 'lax' })
    },
  }
}
