// Every command the live program has, in a table: each command that reads a
// family's record is run as every kind of user (each role, agency involved
// in the family or not, restricted entries present, disabled, none named),
// and each answer must be the expected one (allowed, allowed with restricted
// entries redacted, not found, no such user, or bad usage); the canary
// planted in restricted entries must appear only for those who may read
// them. A command that reads nothing of a family says why in the table. A
// command added to the program without a row here fails the first test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serializeFamilyDocument } from '../exchange/canonicalFamilyDocument.ts'
import { buildAdult, buildChild, buildEvent, buildFamily } from '../rules/testing.ts'
import { buildProgram } from './main.ts'
import { buildCliContext, runCli, testStoreArgs } from './testCli.ts'
import type { CliRun, TestStoreArgs } from './testCli.ts'

const CANARY = 'CANARY-7f3a-cli-restricted'
const AS_OF = '2024-06-30'
const PASSWORD = 'a long enough password'
/** Names of the people in the fixture families: never in output that carries no case data. */
const NAMES = /Mary|Amy|Smith|Nadia|Ben|Jones/

/** F1: school, health visitor, police (two restricted entries carrying the canary) and CSC have recorded. */
function familyOne() {
  return buildFamily({
    ref: 'F1',
    people: [buildAdult('M1', { given_name: 'Mary', family_name: 'Smith' }), buildChild('C1', { given_name: 'Amy', family_name: 'Smith', born: '2018-02-03' })],
    events: [
      buildEvent('referral', { date: '2024-01-10', agency: 'school', summary: 'School referred concerns about hunger.' }),
      buildEvent('appointment', { date: '2024-02-01', agency: 'health_visitor', service: 'health_visitor', status: 'was_not_brought', summary: 'Not brought to review.' }),
      buildEvent('appointment', { date: '2024-03-01', agency: 'health_visitor', service: 'health_visitor', status: 'was_not_brought', summary: 'Not brought again.' }),
      buildEvent('police_incident', {
        date: '2024-04-15', agency: 'police', category: 'domestic_abuse', restricted: true, subjects: ['M1', 'C1'],
        summary: `Restricted report ${CANARY}.`, significance: `Restricted significance ${CANARY}.`,
      }),
      buildEvent('child_voice', {
        date: '2024-04-16', agency: 'police', restricted: true, words: `Restricted words ${CANARY}.`, words_form: 'verbatim',
        summary: `Restricted voice ${CANARY}.`, significance: `Restricted voice significance ${CANARY}.`,
      }),
      buildEvent('visit', { date: '2024-05-20', agency: 'childrens_social_care', access: 'full', child_seen: ['C1'], child_seen_alone: ['C1'], summary: 'Home visit.' }),
    ],
  })
}

/** F2: housing and school only; no record of police or children's social care. */
function familyTwo() {
  return buildFamily({
    ref: 'F2',
    people: [buildAdult('M1', { given_name: 'Nadia', family_name: 'Jones' }), buildChild('C1', { given_name: 'Ben', family_name: 'Jones' })],
    events: [
      buildEvent('address_change', { date: '2024-01-05', agency: 'housing', summary: 'Moved to temporary accommodation.' }),
      buildEvent('attendance', { date: '2024-02-01', agency: 'school', attendance_pct: 71, summary: 'Attendance fell.' }),
    ],
  })
}

const RESTRICTED_EVENT_IDS = ['E4', 'E5']

interface Who {
  /** Null: no --as at all. */
  username: string | null
  agency: string
  role: string
  disabled?: boolean
  /** Families whose record their agency has contributed to. */
  involved: string[]
  /** May read F1's restricted police entries (police and children's social care case workers). */
  readsRestricted: boolean
  caseData: boolean
}

const WHO: Who[] = [
  { username: 'csc', agency: 'childrens_social_care', role: 'practitioner', involved: ['F1'], readsRestricted: true, caseData: true },
  { username: 'cscmanager', agency: 'childrens_social_care', role: 'manager', involved: ['F1'], readsRestricted: true, caseData: true },
  { username: 'police', agency: 'police', role: 'practitioner', involved: ['F1'], readsRestricted: true, caseData: true },
  { username: 'school', agency: 'school', role: 'practitioner', involved: ['F1', 'F2'], readsRestricted: false, caseData: true },
  { username: 'schoolmanager', agency: 'school', role: 'manager', involved: ['F1', 'F2'], readsRestricted: false, caseData: true },
  { username: 'hv', agency: 'health_visitor', role: 'practitioner', involved: ['F1'], readsRestricted: false, caseData: true },
  { username: 'housing', agency: 'housing', role: 'practitioner', involved: ['F2'], readsRestricted: false, caseData: true },
  { username: 'dental', agency: 'dental', role: 'practitioner', involved: [], readsRestricted: false, caseData: true },
  { username: 'analyst', agency: 'childrens_social_care', role: 'partnership_analyst', involved: [], readsRestricted: false, caseData: false },
  { username: 'admin', agency: 'childrens_social_care', role: 'admin', involved: [], readsRestricted: false, caseData: false },
  { username: 'oldpolice', agency: 'police', role: 'practitioner', disabled: true, involved: [], readsRestricted: false, caseData: false },
  { username: 'nobody-by-this-name', agency: '', role: '', involved: [], readsRestricted: false, caseData: false },
  { username: null, agency: '', role: '', involved: [], readsRestricted: false, caseData: false },
]
const ACCOUNTS = WHO.filter((w) => w.username !== null && w.role !== '')

type Outcome = 'ok' | 'redacted' | 'notFound' | 'noUser' | 'usage'

/** Expected answer to reading `family` as `who`: bad usage without --as, no such user, not found, or allowed (redacted where restricted entries are held back). */
function expectedRead(who: Who, family: string): Outcome {
  if (who.username === null) return 'usage'
  if (who.role === '' || who.disabled === true) return 'noUser'
  if (!who.caseData || !who.involved.includes(family)) return 'notFound'
  return family === 'F1' && !who.readsRestricted ? 'redacted' : 'ok'
}

interface ReaderProbe {
  family: string
  argv: string[]
  /** For an allowed export: the exported document, to tell allowed from redacted. */
  document?: (run: CliRun) => string
}

type CommandCase =
  | { reads: 'family'; probes(dir: string): ReaderProbe[] }
  | { reads: 'nothing'; why: string; check?(ctx: { store: TestStoreArgs; dir: string }): Promise<void> }

const FAMILIES = ['F1', 'F2', 'NOBODY']

/** A command that reads only the files it is given: it takes no store options, so cannot reach the store. */
function readsOnlyItsFiles(command: string): CommandCase {
  return {
    reads: 'nothing',
    why: 'reads only the files given, never the store (it takes no store options)',
    check: async ({ dir }) => {
      const r = await runCli([command, join(dir, 'families.jsonl'), '--data', join(dir, 'elsewhere')])
      expect(r.code, `${command} takes no store options`).toBe(2)
    },
  }
}

const CASES: Record<string, CommandCase> = {
  export: {
    reads: 'family',
    // Every family plainly; the variants on F1, where the restricted entries are (each run opens the store: kept few).
    probes: (dir) => [
      ...FAMILIES.map((family) => ({ family, argv: ['export', '--family', family], document: (r: CliRun) => r.stdout })),
      { family: 'F1', argv: ['export', '--family', 'F1', '--child', 'C1'], document: (r) => r.stdout },
      { family: 'F1', argv: ['export', '--family', 'F1', '--out', join(dir, 'export-F1.json')], document: () => readFileSync(join(dir, 'export-F1.json'), 'utf8') },
    ],
  },
  alerts: {
    reads: 'family',
    probes: () => [
      ...FAMILIES.map((family) => ({ family, argv: ['alerts', '--family', family, '--as-of', AS_OF] })),
      { family: 'F1', argv: ['alerts', '--family', 'F1', '--as-of', AS_OF, '--json'] },
    ],
  },
  serve: { reads: 'nothing', why: 'not a data reader: starts the server, covered by the route matrix' },
  import: {
    reads: 'nothing',
    why: 'writes records and prints only counts and alert titles; run as each user below, its output must hold no canary',
  },
  validate: readsOnlyItsFiles('validate'),
  replay: readsOnlyItsFiles('replay'),
  generate: { reads: 'nothing', why: 'writes synthetic families from a seed; touches no store (not run here: without --out it writes to the process stdout)' },
  demo: { reads: 'nothing', why: 'loads synthetic demo families and demo users as the system; prints only refs and counts (covered in main.test.ts)' },
  evaluate: {
    reads: 'nothing',
    why: 'the nightly job, run as the system; prints only counts',
    check: async ({ store }) => {
      for (const argv of [['evaluate', '--family', 'F1'], ['evaluate', '--all']]) {
        const r = await runCli([...argv, '--as-of', AS_OF, ...store.args])
        expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0)
        expect(r.stdout, argv.join(' ')).toMatch(/alerts raised/)
        expect(`${r.stdout}${r.stderr}`, `${argv.join(' ')} leaked restricted content`).not.toContain(CANARY)
        expect(r.stdout, `${argv.join(' ')} printed a name`).not.toMatch(NAMES)
      }
      // It acts as the system only: it cannot be told to act as a user.
      expect((await runCli(['evaluate', '--all', '--as', 'school', ...store.args])).code).toBe(2)
    },
  },
  user: { reads: 'nothing', why: 'a group: its subcommands are rows of their own' },
  'user add': {
    reads: 'nothing',
    why: 'account administration, acting as the system for the shell user (whoever holds the store\'s credentials administers it); no --as, so a user cannot add accounts in their name',
    check: async ({ store }) => {
      const r = await runCli(['user', 'add', '--username', 'sneaky', '--name', 'S', '--agency', 'school', '--role', 'admin', '--as', 'school', ...store.args], { THROUGHLINE_PASSWORD: PASSWORD })
      expect(r.code, 'user add refuses --as').toBe(2)
      const list = await runCli(['user', 'list', ...store.args])
      expect(list.stdout).not.toContain('sneaky')
    },
  },
  'user disable': { reads: 'nothing', why: 'account administration as the system; no --as; prints only the username (used to build the fixture)' },
  'user reset': { reads: 'nothing', why: 'account administration as the system; no --as; prints only the username' },
  'user list': {
    reads: 'nothing',
    why: 'account administration as the system: lists accounts, no case data',
    check: async ({ store }) => {
      const r = await runCli(['user', 'list', ...store.args])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('schoolmanager')
      expect(r.stdout).not.toContain(CANARY)
      expect(r.stdout).not.toMatch(NAMES)
      expect((await runCli(['user', 'list', '--as', 'school', ...store.args])).code, 'user list refuses --as').toBe(2)
    },
  },
  bench: { reads: 'nothing', why: 'benchmarks a generated caseload in stores of its own (not run here: minutes long); reads no existing store' },
}

/** Every command and subcommand of the live program, as `name` or `parent name`. */
function commandNames(command: Command, prefix = ''): string[] {
  return command.commands.flatMap((c) => [`${prefix}${c.name()}`, ...commandNames(c, `${prefix}${c.name()} `)])
}

function findCommand(program: Command, name: string): Command | undefined {
  return name.split(' ').reduce<Command | undefined>((c, part) => c?.commands.find((s) => s.name() === part), program)
}

function outcomeOf(r: CliRun, document: string | undefined): Outcome | `exit ${number}: ${string}` {
  if (r.code === 2) return 'usage'
  if (r.code === 1 && r.stderr.includes('There is no such record')) return 'notFound'
  if (r.code === 1 && r.stderr.includes('There is no active user')) return 'noUser'
  if (r.code !== 0) return `exit ${r.code}: ${r.stderr.slice(0, 300)}`
  if (document === undefined) return 'ok'
  const doc = JSON.parse(document) as { events: { id: string }[]; derived?: { redacted?: number } }
  const heldBack = (doc.derived?.redacted ?? 0) > 0 && !doc.events.some((e) => RESTRICTED_EVENT_IDS.includes(e.id))
  return heldBack ? 'redacted' : 'ok'
}

describe('command matrix', () => {
  let dir: string
  let store: TestStoreArgs

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'throughline-matrix-'))
    store = await testStoreArgs()
    const feed = join(dir, 'families.jsonl')
    writeFileSync(feed, `${[familyOne(), familyTwo()].map((f) => serializeFamilyDocument(f)).join('\n')}\n`)
    // A feed of several agencies' records: imported by the system.
    const imported = await runCli(['import', feed, '--source', 'feed', '--as-of', AS_OF, ...store.args])
    expect(imported.code, imported.stderr).toBe(0)
    for (const who of ACCOUNTS) {
      const r = await runCli(['user', 'add', '--username', who.username ?? '', '--name', `User ${who.username ?? ''}`, '--agency', who.agency, '--role', who.role, ...store.args], { THROUGHLINE_PASSWORD: PASSWORD })
      expect(r.code, r.stderr).toBe(0)
      if (who.disabled === true) expect((await runCli(['user', 'disable', who.username ?? '', ...store.args])).code).toBe(0)
    }
  })
  afterAll(async () => {
    await store.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  it('has a row for every command and subcommand the program has, and no row for a command that is gone', () => {
    const program = buildProgram(buildCliContext())
    const names = commandNames(program)
    expect(names.filter((n) => CASES[n] === undefined), 'commands without a row in the matrix').toEqual([])
    expect(Object.keys(CASES).filter((k) => !names.includes(k)), 'rows for commands that no longer exist').toEqual([])
    expect(CASES.serve).toEqual({ reads: 'nothing', why: 'not a data reader: starts the server, covered by the route matrix' })
    // A command that names a family or a user to act as reads case data: it must be walked by the matrix.
    for (const name of names) {
      const longs = findCommand(program, name)?.options.map((o) => o.long) ?? []
      if (longs.includes('--family') && name !== 'evaluate') expect(CASES[name]?.reads, `${name} takes --family`).toBe('family')
    }
  })

  for (const who of WHO) {
    it(`answers ${who.username ?? 'no --as'} as expected on every family-reading command, without leaking restricted content`, async () => {
      let sawCanary = false
      for (const [name, row] of Object.entries(CASES)) {
        if (row.reads !== 'family') continue
        for (const probe of row.probes(dir)) {
          const argv = [...probe.argv, ...(who.username === null ? [] : ['--as', who.username]), ...store.args]
          const r = await runCli(argv)
          const label = `${who.username ?? '(no --as)'}: ${probe.argv.join(' ')}`
          const expected = expectedRead(who, probe.family)
          const document = r.code === 0 && probe.document !== undefined ? probe.document(r) : undefined
          // Alerts print no event content, so allowed and redacted read alike there.
          const outcome = outcomeOf(r, document)
          expect(outcome, `${label}\n${r.stderr}`).toBe(name === 'alerts' && expected === 'redacted' ? 'ok' : expected)
          if (outcome === 'ok' || outcome === 'redacted') expect(r.stdout, label).not.toBe('')
          if (outcome === 'notFound') expect(r.stdout, label).toBe('')
          const seen = `${r.stdout}${r.stderr}${document ?? ''}`
          if (seen.includes(CANARY)) sawCanary = true
          if (!who.readsRestricted) expect(seen.includes(CANARY), `${label} leaked restricted content`).toBe(false)
          if (outcome !== 'ok' && outcome !== 'redacted') expect(seen, `${label} named someone`).not.toMatch(NAMES)
        }
      }
      // The check above could not pass by never showing the canary to anyone.
      expect(sawCanary).toBe(who.readsRestricted)
    })
  }

  for (const [name, row] of Object.entries(CASES)) {
    if (row.reads === 'nothing' && row.check !== undefined) {
      const check = row.check
      it(`${name}: ${row.why}`, async () => { await check({ store, dir }) })
    }
  }

  it('import: whoever imports, its output holds no restricted content', async () => {
    for (const who of ACCOUNTS) {
      const username = who.username ?? ''
      const file = join(dir, `import-${username}.json`)
      const doc = familyOne()
      doc.events = [buildEvent('note', { id: `N-${username}`, date: '2024-06-01', agency: who.agency, summary: `A note by ${username}.` })]
      writeFileSync(file, serializeFamilyDocument(doc))
      const r = await runCli(['import', file, '--source', `by-${username}`, '--as-of', AS_OF, '--as', username, ...store.args])
      const label = `import --as ${username}`
      expect(`${r.stdout}${r.stderr}`.includes(CANARY), `${label} leaked restricted content`).toBe(false)
      // Allowed to the agencies already in F1 (a user imports only their own agency's records); an analyst imports nothing.
      const allowed = who.disabled !== true && who.role !== 'partnership_analyst' && (who.involved.includes('F1') || who.role === 'admin')
      expect(r.code, `${label}\n${r.stdout}${r.stderr}`).toBe(allowed ? 0 : 1)
      if (who.disabled === true) expect(r.stderr, label).toContain('There is no active user')
      if (!allowed) expect(r.stdout, label).toBe('')
    }
  })
})
