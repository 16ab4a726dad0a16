// CSRF for the sign-in form, which is shown before there is a session: a
// double-submit token. GET /sign-in puts a random token in a cookie and the
// same token in the form; POST /sign-in accepts it only if both match. No
// session row is written for someone who only looks at the sign-in page. In
// production (secure cookies) the cookie is `__Host-` prefixed, so no other
// host (a subdomain) can plant one; SameSite=Strict keeps other sites' posts
// from sending it.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ForbiddenError } from '../errors/errors.ts'

const TOKEN = /^[A-Za-z0-9_-]{43}$/

export const CSRF_REFUSED_MESSAGE = 'The form had expired or did not come from this service. Go back, reload the page and try again.'

export interface SignInCsrf {
  cookieName: string
  /** The token for the form: the one the browser already holds, or a new one set in the cookie. */
  issue(request: FastifyRequest, reply: FastifyReply): string
  /** Throws ForbiddenError unless the form's `_csrf` equals the cookie's token. */
  check(request: FastifyRequest): void
  /** After sign-in the session's own secret takes over. */
  clear(reply: FastifyReply): void
}

export function createSignInCsrf(options: { secureCookies: boolean }): SignInCsrf {
  const cookieName = options.secureCookies ? '__Host-throughline_signin' : 'throughline_signin'
  const cookieOptions = { path: '/', httpOnly: true, secure: options.secureCookies, sameSite: 'strict' } as const
  const held = (request: FastifyRequest): string | undefined => {
    const value = request.cookies[cookieName]
    return value !== undefined && TOKEN.test(value) ? value : undefined
  }
  return {
    cookieName,
    issue(request, reply) {
      const existing = held(request)
      if (existing !== undefined) return existing
      const token = randomBytes(32).toString('base64url')
      reply.setCookie(cookieName, token, cookieOptions)
      return token
    },
    check(request) {
      const cookie = held(request)
      const sent = (request.body as { _csrf?: unknown } | undefined)?._csrf
      const ok = cookie !== undefined && typeof sent === 'string' && sent.length === cookie.length
        && timingSafeEqual(Buffer.from(sent), Buffer.from(cookie))
      if (!ok) throw new ForbiddenError(CSRF_REFUSED_MESSAGE)
    },
    clear(reply) {
      reply.clearCookie(cookieName, cookieOptions)
    },
  }
}
