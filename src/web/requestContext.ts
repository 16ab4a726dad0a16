// What each request carries once the session hook has run, and the helpers
// routes use to require a signed-in user.
import type { FastifyRequest } from 'fastify'
import type { Actor, Role, SignedInUser, User } from '../access/types.ts'
import { ForbiddenError, UnauthenticatedError } from '../errors/errors.ts'
import type { RequestSession } from './sessions.ts'

declare module 'fastify' {
  interface FastifyRequest {
    session: RequestSession
    user: SignedInUser | null
  }
  interface FastifyReply {
    /** Renders a page template with the layout's context (user, CSRF token, CSP nonce). */
    page(template: string, context?: Record<string, unknown>): FastifyReply
  }
}

/** The signed-in user as an actor, or UnauthenticatedError (the error handler sends them to sign in). */
export function actorOf(request: FastifyRequest): Actor & { kind: 'user' } {
  if (request.user === null) throw new UnauthenticatedError()
  return { kind: 'user', user: request.user, via: 'web' }
}

export function hasRole(user: User | null, ...roles: Role[]): boolean {
  return user !== null && user.roles.some((r) => roles.includes(r))
}

/** For pages only some roles have: the repository checks again, this only gives a clear 403 early. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): Actor & { kind: 'user' } {
  const actor = actorOf(request)
  if (!hasRole(actor.user, ...roles)) throw new ForbiddenError()
  return actor
}

/** Where a user whose password someone else chose is sent, and may stay, until they choose their own. */
export const CHANGE_PASSWORD_PATH = '/account/password'

/**
 * What a user who must change their password may still reach: the page to
 * change it, signing out, and what any page needs (styles, scripts, health).
 */
export function allowedBeforePasswordChange(method: string, routeUrl: string | undefined): boolean {
  if (routeUrl === undefined) return false
  if (routeUrl === CHANGE_PASSWORD_PATH) return method === 'GET' || method === 'HEAD' || method === 'POST'
  if (routeUrl === '/sign-out') return method === 'POST'
  if (routeUrl === '/health') return method === 'GET' || method === 'HEAD'
  return ['/assets/*', '/govuk/*', '/moj/*', '/static/*'].includes(routeUrl)
}
