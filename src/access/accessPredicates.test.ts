import { describe, expect, it } from 'vitest'
import {
  canAdministerUsers, canGrantAccess, canImport, canReadRestricted, canSeeAudit, canSeeCaseData, canSeeFamily, canSeeFigures,
  familyVisibility, hasRole,
} from './accessPredicates.ts'
import type { FamilyAccessFacts } from './accessPredicates.ts'
import { RULE_SEVERITY, ruleSeverityRank, sortRulesBySeverity } from './ruleSeverity.ts'
import { RULE_IDS } from '../rules/ruleCatalogue.ts'
import type { Role, User, Visibility } from './types.ts'

function buildUser(overrides: Partial<User> = {}): User {
  return { id: 1, username: 'u', displayName: 'U', agency: 'school', roles: ['practitioner'], disabled: false, ...overrides }
}

function buildFacts(overrides: Partial<FamilyAccessFacts> = {}): FamilyAccessFacts {
  return { contributingAgencies: ['childrens_social_care', 'school'], grantedAgencies: ['gp'], breakGlassActive: false, ...overrides }
}

const csc = 'childrens_social_care'

describe('familyVisibility and canSeeFamily', () => {
  const rows: [string, Partial<User>, Partial<FamilyAccessFacts>, Visibility][] = [
    ['contributing practitioner', { agency: 'school' }, {}, 'contributor'],
    ['contributing manager', { agency: 'school', roles: ['manager'] }, {}, 'contributor'],
    ['granted agency', { agency: 'gp' }, {}, 'granted'],
    ['agency not involved', { agency: 'police' }, {}, 'none'],
    ['not involved, break-glass', { agency: 'police' }, { breakGlassActive: true }, 'break-glass'],
    ['contributor with break-glass too', { agency: 'school' }, { breakGlassActive: true }, 'contributor'],
    ['children\'s social care not involved', { agency: csc }, { contributingAgencies: ['school'] }, 'none'],
    ['admin of a contributing agency', { agency: 'school', roles: ['admin'] }, {}, 'none'],
    ['admin who is also a practitioner', { agency: 'school', roles: ['admin', 'practitioner'] }, {}, 'contributor'],
    ['partnership analyst', { agency: 'school', roles: ['partnership_analyst'] }, {}, 'none'],
    ['analyst with break-glass', { agency: 'police', roles: ['partnership_analyst'] }, { breakGlassActive: true }, 'none'],
    ['disabled practitioner', { agency: 'school', disabled: true }, {}, 'none'],
    ['no roles', { agency: 'school', roles: [] }, {}, 'none'],
  ]
  it.each(rows)('%s', (_name, user, facts, expected) => {
    expect(familyVisibility(buildUser(user), buildFacts(facts))).toBe(expected)
    expect(canSeeFamily(buildUser(user), buildFacts(facts))).toBe(expected !== 'none')
  })
})

describe('canReadRestricted', () => {
  const rows: [string, Partial<User>, string, boolean][] = [
    ['recording agency', { agency: 'camhs' }, 'camhs', true],
    ['children\'s social care', { agency: csc }, 'camhs', true],
    ['children\'s social care manager', { agency: csc, roles: ['manager'] }, 'camhs', true],
    ['another agency', { agency: 'school' }, 'camhs', false],
    ['admin of children\'s social care', { agency: csc, roles: ['admin'] }, 'camhs', false],
    ['disabled recording agency', { agency: 'camhs', disabled: true }, 'camhs', false],
  ]
  it.each(rows)('%s', (_name, user, eventAgency, expected) => {
    expect(canReadRestricted(buildUser(user), eventAgency)).toBe(expected)
  })
})

describe('canGrantAccess', () => {
  const rows: [string, Partial<User>, Visibility, boolean][] = [
    ['children\'s social care practitioner, contributor', { agency: csc }, 'contributor', true],
    ['children\'s social care manager, granted', { agency: csc, roles: ['manager'] }, 'granted', true],
    ['children\'s social care practitioner, break-glass', { agency: csc }, 'break-glass', false],
    ['children\'s social care, not visible', { agency: csc }, 'none', false],
    ['school manager, contributor', { agency: 'school', roles: ['manager'] }, 'contributor', true],
    ['school practitioner, contributor', { agency: 'school' }, 'contributor', false],
    ['school manager, break-glass', { agency: 'school', roles: ['manager'] }, 'break-glass', false],
    ['children\'s social care admin', { agency: csc, roles: ['admin'] }, 'contributor', false],
    ['disabled manager', { agency: 'school', roles: ['manager'], disabled: true }, 'contributor', false],
  ]
  it.each(rows)('%s', (_name, user, visibility, expected) => {
    expect(canGrantAccess(buildUser(user), visibility)).toBe(expected)
  })
})

describe('role predicates', () => {
  // [roles, case data, audit, figures, administer users, import]
  const rows: [Role[], boolean, boolean, boolean, boolean, boolean][] = [
    [['practitioner'], true, false, false, false, true],
    [['manager'], true, true, true, false, true],
    [['partnership_analyst'], false, false, true, false, false],
    [['admin'], false, true, false, true, true],
    [['admin', 'practitioner'], true, true, false, true, true],
    [[], false, false, false, false, false],
  ]
  it.each(rows)('%j', (roles, caseData, audit, figures, administer, importing) => {
    const user = buildUser({ roles })
    expect(canSeeCaseData(user)).toBe(caseData)
    expect(canSeeAudit(user)).toBe(audit)
    expect(canSeeFigures(user)).toBe(figures)
    expect(canAdministerUsers(user)).toBe(administer)
    expect(canImport(user)).toBe(importing)
  })

  it('a disabled user has no role at all', () => {
    const user = buildUser({ roles: ['manager', 'admin'], disabled: true })
    expect(hasRole(user, 'manager')).toBe(false)
    expect(canSeeAudit(user)).toBe(false)
    expect(canAdministerUsers(user)).toBe(false)
  })
})

describe('rule severity', () => {
  it('ranks every rule exactly once', () => {
    expect([...RULE_SEVERITY].sort()).toEqual([...RULE_IDS].sort())
  })

  it('sorts most serious first, unknown rules last', () => {
    expect(sortRulesBySeverity(['frequent-moves', 'not-a-rule', 'injury-explanation-accepted', 'child-not-seen']))
      .toEqual(['injury-explanation-accepted', 'child-not-seen', 'frequent-moves', 'not-a-rule'])
    expect(ruleSeverityRank('not-a-rule')).toBeGreaterThan(ruleSeverityRank('frequent-moves'))
  })
})
