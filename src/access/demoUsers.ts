// Named demo users for several agencies, all with one documented password,
// so the demo can be tried as each kind of user (listed in DEMO_USERS.md).
// Never for real use: `throughline user add` creates real accounts.
import { ConflictError } from '../errors/errors.ts'
import type { Store } from '../store/createStore.ts'
import { createUserService } from './createUserService.ts'
import type { Role, User } from './types.ts'

export const DEMO_PASSWORD = 'throughline-demo'

export interface DemoUser {
  username: string
  displayName: string
  agency: string
  roles: Role[]
  /** What the demo shows as this user. */
  note: string
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'sam.social', displayName: 'Sam Okafor (social worker)', agency: 'childrens_social_care', roles: ['practitioner'], note: 'Sees every family children\'s social care works with, restricted entries included; can grant access.' },
  { username: 'tara.manager', displayName: 'Tara Lewis (team manager)', agency: 'childrens_social_care', roles: ['manager'], note: 'As the social worker, plus the audit log, break-glass reports and figures.' },
  { username: 'priya.school', displayName: 'Priya Shah (designated safeguarding lead)', agency: 'school', roles: ['practitioner'], note: 'Sees only families the school has recorded on; restricted entries of other agencies are redacted.' },
  { username: 'hana.hv', displayName: 'Hana Novak (health visitor)', agency: 'health_visitor', roles: ['practitioner'], note: 'Sees families the health visiting service knows; can read its own restricted entries.' },
  { username: 'owen.police', displayName: 'Owen Reid (police officer)', agency: 'police', roles: ['practitioner'], note: 'Sees families with police records; can find a person and ask for access, or break glass.' },
  { username: 'ana.analyst', displayName: 'Ana Costa (partnership analyst)', agency: 'safeguarding_partnership', roles: ['partnership_analyst'], note: 'Figures only: counts, no names.' },
  { username: 'alex.admin', displayName: 'Alex Morgan (administrator)', agency: 'childrens_social_care', roles: ['admin'], note: 'Manages accounts and reads the audit log; sees no case data.' },
]

/** Creates the demo users that do not exist yet; returns the ones created. */
export async function createDemoUsers(store: Store): Promise<User[]> {
  const users = createUserService(store)
  const actor = { kind: 'system', name: 'demo' } as const
  const created: User[] = []
  for (const u of DEMO_USERS) {
    try {
      created.push(await users.createUser(actor, { username: u.username, displayName: u.displayName, agency: u.agency, roles: u.roles, password: DEMO_PASSWORD }))
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e
    }
  }
  return created
}

/** The demo users as a markdown table (DEMO_USERS.md is this, checked by a test). */
export function demoUsersMarkdown(): string {
  const rows = DEMO_USERS.map((u) => `| \`${u.username}\` | ${u.displayName} | \`${u.agency}\` | ${u.roles.join(', ')} | ${u.note} |`)
  return [
    '| Username | Who | Agency | Roles | What they see |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n')
}
