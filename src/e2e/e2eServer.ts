// The real web app for the browser tests: listening on 127.0.0.1 (port 0),
// over a fresh in-memory store with the demo users and families imported
// through the case repository as the system, so alerts are evaluated as in
// use. Each family is imported as of its last date; the app's clock stands
// on the main family's, so what the browser records is evaluated as of the
// same day as the import was.
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { CaseRepository } from '../access/caseRepository.ts'
import { createDemoUsers, DEMO_USERS } from '../access/demoUsers.ts'
import { createUserService } from '../access/createUserService.ts'
import { isRealDate } from '../exchange/dates.ts'
import type { FamilyDocument, Person } from '../exchange/schema.ts'
import { demoFamilies } from '../generator/demoFamilies.ts'
import { createCaseRepository } from '../store/createCaseRepository.ts'
import type { Store } from '../store/createStore.ts'
import { createTestStore } from '../store/testStore.ts'
import { createApp } from '../web/createApp.ts'

/** The scenario the journey works on, and the control family an outside agency must not see. */
export const MAIN_SCENARIO = 'walker-thompson.json'
const OUTSIDER_SCENARIOS = ['control-bennett.json', 'control-osei.json']
/** Demo users of agencies that are not children's social care, tried in turn as the outsider. */
const OUTSIDER_USERS = ['owen.police', 'hana.hv', 'priya.school']

export interface E2eFamily {
  ref: string
  name: string
  /** The day the family was imported as of, and the app's clock. */
  asOf: string
  /** A child with no `was-not-brought` alert after the import. */
  child: Person
  childName: string
  alertsAfterImport: { rule: string; subject: string }[]
}

export interface E2eServer {
  baseUrl: string
  /** Where the families came from, for the test's messages. */
  source: string
  family: E2eFamily
  /** A family the outsider's agency never recorded on, that outsider's username, and a child of it to search for. */
  outsider: { familyRef: string; username: string; childName: string; childBorn: string }
  close(): Promise<void>
}

const SYSTEM = { kind: 'system', name: 'e2e-setup' } as const

/** The last full date in a family's record: its events' dates and recorded dates. */
export function lastDate(doc: FamilyDocument): string {
  const dates = doc.events.flatMap((e) => [e.date, e.recorded]).filter((d): d is string => d !== undefined && isRealDate(d))
  return dates.reduce((a, b) => (b > a ? b : a), '0000-01-01')
}

function agenciesOf(doc: FamilyDocument): Set<string> {
  return new Set(doc.events.map((e) => e.agency))
}

function fullName(p: Person): string {
  return [p.given_name, p.family_name].filter((s) => s !== undefined && s !== '').join(' ')
}

/** The first outsider user whose agency never recorded on the family, if any. */
function outsiderFor(doc: FamilyDocument): string | undefined {
  const agencies = agenciesOf(doc)
  return OUTSIDER_USERS.find((username) => !agencies.has(DEMO_USERS.find((u) => u.username === username)?.agency ?? ''))
}

/** A family to import: its document, and the file it is in when it came from one. */
interface FamilyFile {
  doc: FamilyDocument
  path?: string
}

/** Imports the family's own file, or a file written from its document. */
async function importFamily(repository: CaseRepository, family: FamilyFile, source: string) {
  const asOf = lastDate(family.doc)
  if (family.path !== undefined) return repository.importFile(SYSTEM, family.path, { source, asOf })
  const dir = await mkdtemp(join(tmpdir(), 'throughline-e2e-'))
  try {
    const file = join(dir, `${source}.json`)
    await writeFile(file, JSON.stringify(family.doc))
    return await repository.importFile(SYSTEM, file, { source, asOf })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

interface Chosen {
  source: string
  main: FamilyFile
  outsider: FamilyFile & { username: string }
}

async function readScenario(folder: string, name: string): Promise<FamilyFile> {
  const path = join(folder, name)
  return { doc: JSON.parse(await readFile(path, 'utf8')) as FamilyDocument, path }
}

async function chooseFromScenarios(folder: string): Promise<Chosen> {
  const main = await readScenario(folder, MAIN_SCENARIO)
  for (const name of OUTSIDER_SCENARIOS) {
    const outsider = await readScenario(folder, name)
    const username = outsiderFor(outsider.doc)
    if (username !== undefined) return { source: `${folder}/${MAIN_SCENARIO} and ${name}`, main, outsider: { ...outsider, username } }
  }
  throw new Error(`None of ${OUTSIDER_SCENARIOS.join(', ')} in ${folder} is a family that one of ${OUTSIDER_USERS.join(', ')} has no record on`)
}

function chooseFromDemo(asOf: string): Chosen {
  const docs = demoFamilies({ end: asOf }).map((f) => f.doc)
  const main = docs.find((d) => agenciesOf(d).has('childrens_social_care'))
  const outsider = docs.map((doc) => ({ doc, username: outsiderFor(doc) })).find((o) => o.username !== undefined && o.doc !== main)
  if (main === undefined || outsider?.username === undefined) throw new Error('The demo caseload has no family for the journey')
  return { source: 'the demo caseload (no scenarios folder given)', main: { doc: main }, outsider: { doc: outsider.doc, username: outsider.username } }
}

/**
 * Starts the app. With `scenariosFolder` it imports the Walker-Thompson
 * scenario (the main family) and a control family; without, the demo caseload.
 */
export async function startE2eServer(options: { scenariosFolder?: string; today?: string } = {}): Promise<E2eServer> {
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  const chosen = options.scenariosFolder !== undefined && options.scenariosFolder !== ''
    ? await chooseFromScenarios(options.scenariosFolder)
    : chooseFromDemo(today)
  const main = chosen.main.doc
  const asOf = lastDate(main)
  const now = new Date(`${asOf}T12:00:00Z`)
  const clock = () => now

  let store: Store | undefined
  let app: FastifyInstance | undefined
  try {
    store = await createTestStore()
    const repository = createCaseRepository(store, { clock })
    const users = createUserService(store, { clock })
    await createDemoUsers(store)
    const summary = await importFamily(repository, chosen.main, 'e2e-main')
    await importFamily(repository, chosen.outsider, 'e2e-outsider')

    const ref = main.family.ref
    const alertsAfterImport = summary.alertsRaised.filter((a) => a.familyRef === ref).map((a) => ({ rule: a.alert.rule, subject: a.alert.subject }))
    const withAlert = new Set(alertsAfterImport.filter((a) => a.rule === 'was-not-brought').map((a) => a.subject))
    // Born a year or more before the as-of day, so two missed appointments fit after birth.
    const yearBefore = `${String(Number(asOf.slice(0, 4)) - 1)}${asOf.slice(4)}`
    const child = main.people.find((p) => p.role === 'child' && !withAlert.has(p.ref) && p.born !== undefined && isRealDate(p.born) && p.born <= yearBefore)
    if (child === undefined) throw new Error(`Family ${ref} has no child old enough without a was-not-brought alert`)

    const outsiderChild = chosen.outsider.doc.people.find((p) => p.role === 'child' && p.born !== undefined && isRealDate(p.born))
    if (outsiderChild?.born === undefined) throw new Error(`Family ${chosen.outsider.doc.family.ref} has no child with a date of birth`)

    app = createApp({ store, repository, users, clock, logLevel: 'silent' })
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
    const opened = { store, app }
    return {
      baseUrl,
      source: chosen.source,
      family: { ref, name: main.family.name ?? `Family ${ref}`, asOf, child, childName: fullName(child), alertsAfterImport },
      outsider: { familyRef: chosen.outsider.doc.family.ref, username: chosen.outsider.username, childName: fullName(outsiderChild), childBorn: outsiderChild.born },
      async close() {
        try {
          await opened.app.close()
        } finally {
          await opened.store.close()
        }
      },
    }
  } catch (e) {
    await app?.close()
    await store?.close()
    throw e
  }
}
