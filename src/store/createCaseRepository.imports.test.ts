// A user's import: their own agency's records only, into families that are
// new or that their agency holds, never rewriting what is stored about people.
// Refused files are refused whole, with nothing written.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CaseRepository } from '../access/caseRepository.ts'
import type { Actor, User } from '../access/types.ts'
import { ValidationError } from '../errors/errors.ts'
import { FORMAT } from '../exchange/schema.ts'
import type { FamilyDocument } from '../exchange/schema.ts'
import { buildFixtureFamily, FIXTURE_NOW, seedCaseRepositoryFixture } from './caseRepositoryFixture.ts'
import type { FixtureUserName } from './caseRepositoryFixture.ts'
import { createCaseRepository } from './createCaseRepository.ts'
import type { Store } from './createStore.ts'
import { createTestStore } from './testStore.ts'

let store: Store
let repo: CaseRepository
let users: Record<FixtureUserName, User>
let dir: string
const as = (name: FixtureUserName): Actor => ({ kind: 'user', user: users[name] })

beforeEach(async () => {
  store = await createTestStore()
  ;({ users } = await seedCaseRepositoryFixture(store))
  repo = createCaseRepository(store, { clock: () => FIXTURE_NOW })
  dir = mkdtempSync(join(tmpdir(), 'throughline-user-import-'))
})

afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

function writeDocs(name: string, docs: FamilyDocument[]): string {
  const path = join(dir, name)
  writeFileSync(path, docs.map((d) => JSON.stringify(d)).join('\n') + '\n')
  return path
}

/** What an import could have changed: every event, person and family, and the import records. */
async function snapshot() {
  const [events, people, families, imports] = await Promise.all([
    store.db.selectFrom('events').select(['family_id', 'source_id', 'event_id', 'agency', 'summary']).orderBy('id').execute(),
    store.db.selectFrom('people').select(['family_id', 'ref', 'given_name', 'family_name', 'born', 'role', 'address', 'identifiers']).orderBy('id').execute(),
    store.db.selectFrom('families').select(['ref', 'name']).orderBy('id').execute(),
    store.db.selectFrom('imports').select('id').execute(),
  ])
  return { events, people, families, imports: imports.length }
}

const newFamily = (ref: string, agency: string): FamilyDocument => ({
  format: FORMAT,
  family: { ref, name: `Family ${ref}` },
  people: [{ ref: 'child1', given_name: 'Dana', family_name: 'Elm', born: '2019-02-03', role: 'child' }],
  events: [{ id: 'N1', type: 'note', date: '2024-04-01', agency, subjects: ['child1'], summary: 'New family note' }],
})

describe('importFile as a user', () => {
  it('refuses the whole file when any event is another agency\'s, naming each, and writes nothing', async () => {
    const before = await snapshot()
    const fa = buildFixtureFamily()
    const forged: FamilyDocument = {
      ...fa,
      events: [
        { id: 'S1', type: 'note', date: '2024-04-02', agency: 'school', subjects: ['child1'], summary: 'Own record' },
        { id: 'X1', type: 'note', date: '2024-04-03', agency: 'childrens_social_care', subjects: ['child1'], summary: 'Forged as CSC' },
      ],
    }
    const path = writeDocs('school.jsonl', [newFamily('F-NEW', 'school'), forged, { ...newFamily('F-NEW2', 'police'), events: [{ id: 'P9', type: 'note', date: '2024-04-01', agency: 'police', subjects: ['child1'], summary: 'x' }] }])
    const error = await repo.importFile(as('schoolPractitioner'), path, { source: 'school', asOf: '2024-06-01' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    const problems = (error as ValidationError).problems
    expect(problems).toEqual([
      { file: 'school.jsonl', family: 'F-A', event: 'X1', field: 'agency', message: 'you can import only records of your own agency (school)' },
      { file: 'school.jsonl', family: 'F-NEW2', event: 'P9', field: 'agency', message: 'you can import only records of your own agency (school)' },
    ])
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a family the user\'s agency does not hold, though it exists, and writes nothing', async () => {
    const before = await snapshot()
    const fa = buildFixtureFamily()
    const path = writeDocs('police.jsonl', [
      newFamily('F-NEWP', 'police'),
      { ...fa, people: [{ ref: 'child1', given_name: 'Renamed', role: 'child' }], relationships: [], events: [{ id: 'P2', type: 'note', date: '2024-04-01', agency: 'police', subjects: ['child1'], summary: 'Police note' }] },
    ])
    const error = await repo.importFile(as('policePractitioner'), path, { source: 'police', asOf: '2024-06-01' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).problems).toEqual([{
      file: 'police.jsonl', family: 'F-A',
      message: 'a family with this reference is held by other agencies and your agency has no access to it: ask for access, then import again',
    }])
    expect(await snapshot()).toEqual(before)
    // Police still cannot see F-A.
    await expect(repo.family(as('policePractitioner'), 'F-A')).rejects.toThrow(/no such record/)
  })

  it('admits a family the agency was granted, and new families', async () => {
    const fa = buildFixtureFamily()
    const path = writeDocs('gp.jsonl', [
      newFamily('F-NEWG', 'gp'),
      { ...fa, events: [{ id: 'G1', type: 'note', date: '2024-04-01', agency: 'gp', subjects: ['child1'], summary: 'GP note' }] },
    ])
    const summary = await repo.importFile(as('gpPractitioner'), path, { source: 'gp', asOf: '2024-06-01' })
    expect(summary.families.map((f) => [f.ref, f.status])).toEqual([['F-NEWG', 'created'], ['F-A', 'updated']])
  })

  it('does not overwrite what is stored about people: adds new people and fills empty fields only', async () => {
    const fa = buildFixtureFamily()
    const beforePeople = await store.db.selectFrom('people').selectAll().where('ref', 'in', ['mother', 'child1']).orderBy('id').execute()
    const path = writeDocs('school.jsonl', [{
      ...fa,
      family: { ref: 'F-A', name: 'Renamed family' },
      people: [
        { ref: 'mother', given_name: 'Eve', family_name: 'Other', born: '1980-01-01', role: 'adult', address: '9 New Road', identifiers: { nhs_number: '0000000000', police_ref: 'PR1' } },
        { ref: 'child1', given_name: 'Renamed', family_name: 'Other', born: '2016-01-01', role: 'adult' },
        { ref: 'child2', given_name: 'Fay', family_name: 'Alder', born: '2017-07-07', role: 'child' },
      ],
      relationships: [],
      events: [{ id: 'E3', type: 'note', date: '2024-02-01', agency: 'school', subjects: ['child2'], summary: 'Fay started' }],
    }])
    await repo.importFile(as('schoolPractitioner'), path, { source: 'school', asOf: '2024-06-01' })
    const people = await store.db.selectFrom('people').selectAll().orderBy('id').execute()
    const mother = people.find((p) => p.ref === 'mother')
    const child1 = people.find((p) => p.ref === 'child1')
    expect({ ...mother, updated_at: null }).toEqual({
      ...beforePeople[0], updated_at: null, address: '9 New Road', identifiers: { nhs_number: '9434765919', police_ref: 'PR1' },
    })
    expect({ ...child1, updated_at: null }).toEqual({ ...beforePeople[1], updated_at: null })
    expect(people.find((p) => p.ref === 'child2')).toMatchObject({ given_name: 'Fay', family_name: 'Alder', born: '2017-07-07', role: 'child' })
    const family = await store.db.selectFrom('families').select('name').where('ref', '=', 'F-A').executeTakeFirstOrThrow()
    expect(family.name).toBe('Family Alder')
  })

  it('leaves a system import as it was: the file\'s values replace stored ones, any agency', async () => {
    const fa = buildFixtureFamily()
    const path = writeDocs('feed.jsonl', [{ ...fa, people: [{ ref: 'child1', given_name: 'Benjamin', role: 'child' }], relationships: [], events: [{ id: 'Z1', type: 'note', date: '2024-04-01', agency: 'police', subjects: ['child1'], summary: 'Feed' }] }])
    await repo.importFile({ kind: 'system', name: 'feed' }, path, { source: 'feed', asOf: '2024-06-01' })
    const child = await store.db.selectFrom('people').select('given_name').where('ref', '=', 'child1').where('given_name', 'like', 'Ben%').executeTakeFirstOrThrow()
    expect(child.given_name).toBe('Benjamin')
  })
})
