// Who may do what, as pure functions of the user and the facts about a family.
// The store applies the same rules in its WHERE clauses (store/familyVisibility.ts);
// these are the readable statement of them, for pages deciding what to show
// and for tests.
import { CHILDRENS_SOCIAL_CARE } from './types.ts'
import type { Role, User, Visibility } from './types.ts'

type Who = Pick<User, 'agency' | 'roles' | 'disabled'>

export interface FamilyAccessFacts {
  /** Agencies with at least one event in the family. */
  contributingAgencies: readonly string[]
  /** Agencies with an unexpired grant to the family. */
  grantedAgencies: readonly string[]
  /** This user has an unexpired break-glass on this family. */
  breakGlassActive: boolean
}

export function hasRole(user: Pick<User, 'roles' | 'disabled'>, role: Role): boolean {
  return !user.disabled && user.roles.includes(role)
}

/** Names, chronologies and alerts: practitioners and managers only (an admin or analyst alone sees none). */
export function canSeeCaseData(user: Who): boolean {
  return hasRole(user, 'practitioner') || hasRole(user, 'manager')
}

/** How the user sees the family, strongest reason first; 'none' when not at all. */
export function familyVisibility(user: Who, facts: FamilyAccessFacts): Visibility {
  if (!canSeeCaseData(user)) return 'none'
  if (facts.contributingAgencies.includes(user.agency)) return 'contributor'
  if (facts.grantedAgencies.includes(user.agency)) return 'granted'
  if (facts.breakGlassActive) return 'break-glass'
  return 'none'
}

export function canSeeFamily(user: Who, facts: FamilyAccessFacts): boolean {
  return familyVisibility(user, facts) !== 'none'
}

/** A restricted event's content: the recording agency and children's social care only. */
export function canReadRestricted(user: Who, eventAgency: string): boolean {
  return canSeeCaseData(user) && (user.agency === eventAgency || user.agency === CHILDRENS_SOCIAL_CARE)
}

/** Record events, act on alerts, ask for access, break glass. */
export function canWorkOnCases(user: Who): boolean {
  return canSeeCaseData(user)
}

/**
 * Grant or refuse another agency's access to a family: a children's social
 * care practitioner or manager, or a manager of any agency, who can see the
 * family in their own right (not through break-glass).
 */
export function canGrantAccess(user: Who, visibility: Visibility): boolean {
  if (visibility !== 'contributor' && visibility !== 'granted') return false
  if (user.agency === CHILDRENS_SOCIAL_CARE) return canSeeCaseData(user)
  return hasRole(user, 'manager')
}

export function canSeeAudit(user: Pick<User, 'roles' | 'disabled'>): boolean {
  return hasRole(user, 'manager') || hasRole(user, 'admin')
}

/** Aggregate figures, no names: partnership analysts and managers. */
export function canSeeFigures(user: Pick<User, 'roles' | 'disabled'>): boolean {
  return hasRole(user, 'partnership_analyst') || hasRole(user, 'manager')
}

export function canAdministerUsers(user: Pick<User, 'roles' | 'disabled'>): boolean {
  return hasRole(user, 'admin')
}

/** Load an exchange file: practitioners, managers, and admins (who run the data feeds). */
export function canImport(user: Pick<User, 'roles' | 'disabled'>): boolean {
  return hasRole(user, 'practitioner') || hasRole(user, 'manager') || hasRole(user, 'admin')
}
