// The web app over the real case repository and user service, on a fresh
// in-memory store holding the fixture families (imported, so alerts are
// evaluated) and one account per fixture user. Test code only.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { CaseRepository, UserService } from '../../access/caseRepository.ts'
import { createUserService } from '../../access/createUserService.ts'
import type { User } from '../../access/types.ts'
import type { FamilyDocument } from '../../exchange/schema.ts'
import { createCaseRepository } from '../../store/createCaseRepository.ts'
import type { Store } from '../../store/createStore.ts'
import { createTestStore } from '../../store/testStore.ts'
import { createApp } from '../createApp.ts'
import type { AppServices } from '../createApp.ts'
import { TEST_PASSWORD } from './appHarness.ts'
import { AS_OF, familyOne, familyTwo, testUsers } from './fixtures.ts'


export interface TestWorld {
  app: FastifyInstance
  store: Store
  repository: CaseRepository
  users: UserService
  accounts: Map<string, User>
  /** Move the clock every service reads. */
  clock: { now: Date }
  close(): Promise<void>
}

export async function writeJsonLines(docs: FamilyDocument[]): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'throughline-web-test-'))
  const path = join(dir, 'fixture.jsonl')
  await writeFile(path, docs.map((d) => JSON.stringify(d)).join('\n') + '\n')
  return { path, remove: () => rm(dir, { recursive: true, force: true }) }
}

export async function createTestWorld(options: { families?: FamilyDocument[]; app?: Partial<Omit<AppServices, 'store' | 'repository' | 'users' | 'clock'>> } = {}): Promise<TestWorld> {
  const clock = { now: new Date(`${AS_OF}T09:00:00Z`) }
  const now = () => clock.now
  const store = await createTestStore()
  const users = createUserService(store, { clock: now })
  const repository = createCaseRepository(store, { clock: now })
  const system = { kind: 'system', name: 'test-setup' } as const
  const accounts = new Map<string, User>()
  for (const u of testUsers()) {
    accounts.set(u.username, await users.createUser(system, { username: u.username, displayName: u.displayName, agency: u.agency, roles: u.roles, password: TEST_PASSWORD }))
  }
  const file = await writeJsonLines(options.families ?? [familyOne(), familyTwo()])
  try {
    await repository.importFile(system, file.path, { source: 'fixture', fileName: 'fixture.jsonl', asOf: AS_OF })
  } finally {
    await file.remove()
  }
  const app = createApp({ store, repository, users, clock: now, logLevel: 'silent', ...options.app })
  await app.ready()
  return { app, store, repository, users, accounts, clock, async close() { await app.close(); await store.close() } }
}
