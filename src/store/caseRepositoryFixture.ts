// Test fixture for the case repository: families with events of several
// agencies, a restricted entry holding a canary string, an alert whose
// evidence includes it, and users of every role, agency involved or not.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Role, User } from '../access/types.ts'
import { FORMAT } from '../exchange/schema.ts'
import type { FamilyDocument } from '../exchange/schema.ts'
import type { Store } from './createStore.ts'
import { importFile } from './importFile.ts'
import { insertUser, toUser } from './userQueries.ts'

/** Planted in the restricted entry; must never reach a user who may not read it. */
export const CANARY = 'CANARY-7f3a9c-SECRET'

export const FIXTURE_NOW = new Date('2024-06-01T12:00:00Z')

export function buildFixtureFamily(): FamilyDocument {
  return {
    format: FORMAT,
    family: { ref: 'F-A', name: 'Family Alder' },
    people: [
      { ref: 'mother', given_name: 'Alice', family_name: 'Alder', born: '1990-03-04', role: 'adult', identifiers: { nhs_number: '9434765919' } },
      { ref: 'child1', given_name: 'Ben', family_name: 'Alder', born: '2015-05-06', role: 'child', identifiers: { upn: 'A123456789012' } },
    ],
    relationships: [{ from: 'mother', to: 'child1', type: 'mother' }],
    events: [
      { id: 'E1', type: 'visit', date: '2024-01-10', agency: 'childrens_social_care', subjects: ['child1'], summary: 'Home visit, Ben seen', access: 'full', child_seen: ['child1'] },
      { id: 'E2', type: 'plan', date: '2024-01-20', agency: 'childrens_social_care', subjects: ['child1'], summary: 'Child protection plan started', plan: 'child_protection', change: 'start' },
      { id: 'E3', type: 'note', date: '2024-02-01', agency: 'school', subjects: ['child1'], summary: 'Ben tired in class' },
      {
        id: 'E4', type: 'child_voice', date: '2024-02-15', agency: 'camhs', subjects: ['child1'], restricted: true,
        summary: `Session notes ${CANARY}`, significance: `Significance ${CANARY}`, words: `I said ${CANARY}`,
      },
      { id: 'E5', type: 'plan', date: '2024-03-01', agency: 'camhs', subjects: ['child1'], restricted: true, summary: `Plan ${CANARY}`, plan: 'looked_after', change: 'start' },
    ],
  }
}

export function buildOtherFamily(): FamilyDocument {
  return {
    format: FORMAT,
    family: { ref: 'F-B', name: 'Family Birch' },
    people: [{ ref: 'child1', given_name: 'Cara', family_name: 'Birch', born: '2018-01-02', role: 'child' }],
    events: [{ id: 'P1', type: 'police_incident', date: '2024-01-05', agency: 'police', subjects: ['child1'], summary: 'Disturbance', category: 'disturbance' }],
  }
}

export const FIXTURE_USERS = {
  cscPractitioner: { agency: 'childrens_social_care', roles: ['practitioner'] },
  cscManager: { agency: 'childrens_social_care', roles: ['manager'] },
  schoolPractitioner: { agency: 'school', roles: ['practitioner'] },
  schoolManager: { agency: 'school', roles: ['manager'] },
  camhsPractitioner: { agency: 'camhs', roles: ['practitioner'] },
  policePractitioner: { agency: 'police', roles: ['practitioner'] },
  gpPractitioner: { agency: 'gp', roles: ['practitioner'] },
  housingPractitioner: { agency: 'housing', roles: ['practitioner'] },
  analyst: { agency: 'partnership', roles: ['partnership_analyst'] },
  admin: { agency: 'childrens_social_care', roles: ['admin'] },
} as const satisfies Record<string, { agency: string; roles: readonly Role[] }>

export type FixtureUserName = keyof typeof FIXTURE_USERS

/** Writes the documents to a temporary JSON Lines file and imports them as `source`. */
export async function importDocuments(store: Store, docs: FamilyDocument[], source: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'throughline-fixture-'))
  try {
    const path = join(dir, `${source}.jsonl`)
    writeFileSync(path, docs.map((d) => JSON.stringify(d)).join('\n') + '\n')
    await importFile(store, path, { source, actor: 'fixture' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Users of every kind; the password hash is a placeholder (these users never sign in). */
export async function createFixtureUsers(store: Store): Promise<Record<FixtureUserName, User>> {
  const users: Partial<Record<FixtureUserName, User>> = {}
  for (const [name, u] of Object.entries(FIXTURE_USERS) as [FixtureUserName, (typeof FIXTURE_USERS)[FixtureUserName]][]) {
    const row = await insertUser(store.db, {
      username: name.toLowerCase(), displayName: name, agency: u.agency, roles: u.roles, passwordHash: 'not-a-hash',
    })
    if (row === undefined) throw new Error(`fixture user ${name} exists`)
    users[name] = toUser(row)
  }
  return users as Record<FixtureUserName, User>
}

/** An alert on F-A whose evidence includes the restricted entry E4. */
export async function insertRestrictedAlert(store: Store): Promise<number> {
  const family = await store.db.selectFrom('families').select('id').where('ref', '=', 'F-A').executeTakeFirstOrThrow()
  const row = await store.db.insertInto('alerts').values({
    family_id: family.id, rule: 'child-not-heard', subject: 'child1', first_fired: '2024-03-01', until: null,
    state: 'open', resolution: null, events: ['E1', 'E4'], threshold: 'test', updated_at: new Date(),
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** An alert on F-A whose evidence every user who sees F-A may read (E1, E3). */
export async function insertReadableAlert(store: Store): Promise<number> {
  const family = await store.db.selectFrom('families').select('id').where('ref', '=', 'F-A').executeTakeFirstOrThrow()
  const row = await store.db.insertInto('alerts').values({
    family_id: family.id, rule: 'child-not-seen', subject: 'child1', first_fired: '2024-02-01', until: null,
    state: 'open', resolution: null, events: ['E1', 'E3'], threshold: 'test', updated_at: new Date(),
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Gives an agency access to a family, as a decided request would. */
export async function grantFixtureAccess(store: Store, familyRef: string, agency: string, grantedBy: User): Promise<void> {
  const family = await store.db.selectFrom('families').select('id').where('ref', '=', familyRef).executeTakeFirstOrThrow()
  await store.db.insertInto('family_access_grants')
    .values({ family_id: family.id, agency, granted_by: grantedBy.id, reason: 'fixture grant', at: FIXTURE_NOW }).execute()
}

/** A break-glass by this user on the family, still open at FIXTURE_NOW. */
export async function breakFixtureGlass(store: Store, familyRef: string, user: User): Promise<void> {
  const family = await store.db.selectFrom('families').select('id').where('ref', '=', familyRef).executeTakeFirstOrThrow()
  await store.db.insertInto('break_glass').values({
    user_id: user.id, family_id: family.id, reason: 'fixture break-glass', at: FIXTURE_NOW,
    expires_at: new Date(FIXTURE_NOW.getTime() + 3_600_000),
  }).execute()
}

/**
 * The fixture families from their agencies, the users, a grant to the GP, a
 * break-glass by housing, the alert on the restricted entry (`alertId`: shown
 * only to those who may read E4) and one on readable entries (`readableAlertId`).
 */
export async function seedCaseRepositoryFixture(store: Store): Promise<{ users: Record<FixtureUserName, User>; alertId: number; readableAlertId: number }> {
  const fa = buildFixtureFamily()
  // Each agency's records arrive from that agency.
  for (const agency of ['childrens_social_care', 'school', 'camhs']) {
    await importDocuments(store, [{ ...fa, events: fa.events.filter((e) => e.agency === agency) }], agency)
  }
  await importDocuments(store, [buildOtherFamily()], 'police')
  const users = await createFixtureUsers(store)
  await grantFixtureAccess(store, 'F-A', 'gp', users.cscManager)
  await breakFixtureGlass(store, 'F-A', users.housingPractitioner)
  const readableAlertId = await insertReadableAlert(store)
  const alertId = await insertRestrictedAlert(store)
  return { users, alertId, readableAlertId }
}
