// Who is asking, and what they may do. The pure predicates live in
// accessPredicates.ts; the store applies the same rules in its WHERE clauses
// (caseRepository.ts), so nothing reaches a page, export or command unchecked.

export const ROLES = ['practitioner', 'manager', 'partnership_analyst', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** The agency whose practitioners may see restricted entries of every agency, and grant access. */
export const CHILDRENS_SOCIAL_CARE = 'childrens_social_care'

export interface User {
  id: number
  username: string
  displayName: string
  /** An agency word of the exchange format, e.g. `school`, `health_visitor`. */
  agency: string
  roles: readonly Role[]
  disabled: boolean
}

/** A user as their session sees them: whether they must first replace a password someone else chose. */
export interface SignedInUser extends User {
  mustChangePassword: boolean
}

/** A signed-in user, or the system itself (nightly evaluation, migrations). */
export type Actor =
  | { kind: 'user'; user: User; /** set when the request carries a break-glass reason */ via?: 'web' | 'cli' }
  | { kind: 'system'; name: string }

export const AUDIT_ACTIONS = [
  'view', 'export', 'record', 'import', 'acknowledge', 'resolve', 'reopen', 'break-glass', 'refused', 'sign-in',
  'sign-in-failed', 'sign-out', 'search', 'access-request', 'access-grant', 'access-refuse', 'user-admin',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** What an audit row says was touched. */
export interface AuditTarget {
  familyRef?: string
  childRef?: string
  eventId?: string
  alertId?: number
}

/** How much of a family a user sees. */
export const VISIBILITY = ['none', 'contributor', 'granted', 'break-glass'] as const
export type Visibility = (typeof VISIBILITY)[number]
