// What every page's layout needs: who is signed in, their navigation, the
// CSRF token for forms and the CSP nonce for GOV.UK's inline start-up line.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { canAdministerUsers, canImport, canSeeAudit, canSeeCaseData, canSeeFigures } from '../access/accessPredicates.ts'
import type { User } from '../access/types.ts'

export interface NavItem {
  text: string
  href: string
  active: boolean
}

export function navigationFor(user: User, path: string): NavItem[] {
  const items: { text: string; href: string; show: boolean }[] = [
    { text: 'Caseload', href: '/caseload', show: canSeeCaseData(user) },
    { text: 'Find a person', href: '/find-person', show: canSeeCaseData(user) },
    { text: 'Access requests', href: '/access-requests', show: canSeeCaseData(user) },
    { text: 'Import', href: '/import', show: canImport(user) },
    { text: 'Audit', href: '/audit', show: canSeeAudit(user) },
    { text: 'Figures', href: '/figures', show: canSeeFigures(user) },
    { text: 'Users', href: '/users', show: canAdministerUsers(user) },
  ]
  return items.filter((i) => i.show).map((i) => ({ text: i.text, href: i.href, active: path === i.href || path.startsWith(`${i.href}/`) || (i.href === '/caseload' && path.startsWith('/families')) }))
}

export function layoutContext(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  const path = request.url.split('?')[0] ?? '/'
  const user = request.user
  return {
    user,
    // Nothing else is open to a user who must first change their password.
    navigation: user !== null && !user.mustChangePassword ? navigationFor(user, path) : [],
    // Only a stored session has a secret a later POST can be checked against.
    csrfToken: request.session.row !== null ? reply.generateCsrf() : undefined,
    cspNonce: reply.cspNonce?.script,
    currentPath: path,
  }
}
