// A small world for route tests: two families, users of each role and
// agency, and a restricted police entry carrying a canary string that must
// never reach anyone who may not read it. Test code only.
import { buildAdult, buildChild, buildEvent, buildFamily } from '../../rules/testing.ts'
import type { FamilyDocument } from '../../exchange/schema.ts'
import type { User } from '../../access/types.ts'

export type TestUser = Pick<User, 'username' | 'displayName' | 'agency' | 'roles'>

export const CANARY = 'CANARY-7f3a9-restricted-content'
export const AS_OF = '2024-06-30'

/** Family F1: school, health visitor, police (restricted) and CSC have all recorded; missed appointments raise was-not-brought. */
export function familyOne(): FamilyDocument {
  return buildFamily({
    ref: 'F1',
    people: [buildAdult('M1', { given_name: 'Mary', family_name: 'Smith' }), buildChild('C1', { given_name: 'Amy', family_name: 'Smith', born: '2018-02-03', identifiers: { nhs: '9434765919' } })],
    events: [
      buildEvent('referral', { date: '2024-01-10', agency: 'school', summary: 'School referred concerns about hunger.', subjects: ['C1'] }),
      buildEvent('appointment', { date: '2024-02-01', agency: 'health_visitor', service: 'health_visitor', status: 'was_not_brought', summary: 'Not brought to review.' }),
      buildEvent('appointment', { date: '2024-03-01', agency: 'health_visitor', service: 'health_visitor', status: 'was_not_brought', summary: 'Not brought again.' }),
      buildEvent('appointment', { date: '2024-04-01', agency: 'gp', service: 'gp', status: 'did_not_attend', summary: 'Did not attend GP.' }),
      buildEvent('police_incident', { date: '2024-04-15', agency: 'police', category: 'domestic_abuse', restricted: true, summary: `Restricted report ${CANARY}.`, subjects: ['M1'] }),
      buildEvent('child_voice', { date: '2024-05-01', agency: 'school', words: 'I am hungry at home.', words_form: 'verbatim', summary: 'Amy spoke to her teacher.' }),
      buildEvent('visit', { date: '2024-05-20', agency: 'childrens_social_care', access: 'full', child_seen: ['C1'], child_seen_alone: ['C1'], summary: 'Home visit.' }),
    ],
  })
}

/** Family F2: only housing has recorded. */
export function familyTwo(): FamilyDocument {
  return buildFamily({
    ref: 'F2',
    people: [buildAdult('M1', { given_name: 'Nadia', family_name: 'Jones' }), buildChild('C1', { given_name: 'Ben', family_name: 'Jones' })],
    events: [buildEvent('address_change', { date: '2024-01-05', agency: 'housing', summary: 'Moved to temporary accommodation.' })],
  })
}

export function testUsers(): TestUser[] {
  return [
    { username: 'csc', displayName: 'Carla Social', agency: 'childrens_social_care', roles: ['practitioner'] },
    { username: 'school', displayName: 'Sam Teacher', agency: 'school', roles: ['practitioner'] },
    { username: 'police', displayName: 'Pat Officer', agency: 'police', roles: ['practitioner'] },
    { username: 'housing', displayName: 'Hal Housing', agency: 'housing', roles: ['practitioner'] },
    { username: 'schoolmanager', displayName: 'Mo Manager', agency: 'school', roles: ['manager'] },
    { username: 'analyst', displayName: 'Ann Analyst', agency: 'childrens_social_care', roles: ['partnership_analyst'] },
    { username: 'admin', displayName: 'Ada Admin', agency: 'childrens_social_care', roles: ['admin'] },
    { username: 'dental', displayName: 'Dee Dentist', agency: 'dental', roles: ['practitioner'] },
  ]
}
