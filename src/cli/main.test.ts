import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFamiliesJsonl, buildSeededFamilyDocument } from '../store/buildSeededFamilies.ts'
import { runCli, testStoreArgs } from './testCli.ts'
import type { TestStoreArgs } from './testCli.ts'

let dir: string
let store: TestStoreArgs
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'throughline-main-'))
  store = await testStoreArgs()
})
afterAll(async () => {
  await store.cleanup()
  rmSync(dir, { recursive: true, force: true })
})

function file(name: string, content: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

describe('usage', () => {
  it('prints help and exits 0 on --help, for the program and each command', async () => {
    const top = await runCli(['--help'])
    expect(top.code).toBe(0)
    expect(top.stdout).toContain('Usage: throughline')
    for (const command of ['serve', 'import', 'export', 'validate', 'demo']) {
      const r = await runCli([command, '--help'])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`Usage: throughline ${command}`)
    }
  })

  it('exits 2 on bad usage, saying why on stderr', async () => {
    for (const argv of [[], ['bogus'], ['import'], ['export'], ['import', 'x.json', '--nope'], ['serve', '--port', 'eighty']]) {
      const r = await runCli(argv)
      expect(r.code, argv.join(' ')).toBe(2)
      expect(r.stderr, argv.join(' ')).not.toBe('')
      expect(r.stdout, argv.join(' ')).toBe('')
    }
  })

  it('exits 2 when told to use both a folder and a database', async () => {
    const r = await runCli(['import', 'x.json', '--data', join(dir, 'd'), '--db', 'postgres://u@h/db'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('either --data or --db')
  })

  it('exits 1 with a clear message on a bad configuration', async () => {
    const r = await runCli(['import', 'x.json'], { NODE_ENV: 'production' })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('DATABASE_URL')
  })
})

describe('validate', () => {
  it('checks files without writing anything', async () => {
    const dataDir = join(dir, 'never-created')
    const good = await runCli(['validate', file('good.json', buildSeededFamilyDocument())], { THROUGHLINE_DATA: dataDir })
    expect(good).toMatchObject({ code: 0, stderr: '' })
    expect(good.stdout).toContain('valid, 1 family, 10 events')
    const doc = buildSeededFamilyDocument()
    ;(doc.events[2] as Record<string, unknown>).category = 'riot'
    const bad = await runCli(['validate', file('bad.json', doc)], { THROUGHLINE_DATA: dataDir })
    expect(bad.code).toBe(1)
    expect(bad.stdout).toBe('')
    expect(bad.stderr.split('\n')[0]).toMatch(/^bad\.json: family F-TEST, event E3, field category: /)
    expect(existsSync(dataDir)).toBe(false)
  })
})

describe('import and export', () => {
  // The command line reads families as a named user, with their access.
  beforeAll(async () => {
    const r = await runCli(['user', 'add', '--username', 'alice', '--name', 'Alice Social', '--agency', 'childrens_social_care', '--role', 'practitioner', ...store.args], { THROUGHLINE_PASSWORD: 'a long enough password' })
    expect(r.code, r.stderr).toBe(0)
  })

  it('imports, re-imports without duplicating, and exports', async () => {
    const path = file('csc.json', buildSeededFamilyDocument({ ref: 'F-CLI', events: 12 }))
    // A feed of several agencies' records: the system imports it (a user imports only their own agency's).
    const first = await runCli(['import', path, ...store.args])
    expect(first).toMatchObject({ code: 0, stderr: '' })
    expect(first.stdout).toContain('csc.json: imported as source csc: 1 family, 12 events')
    expect(first.stdout).toContain('F-CLI created: 12 added')
    const again = await runCli(['import', path, ...store.args])
    expect(again.stdout).toContain('F-CLI updated: 0 added, 0 updated, 12 unchanged, 0 removed')

    const exported = await runCli(['export', '--family', 'F-CLI', '--as', 'alice', ...store.args])
    expect(exported.code).toBe(0)
    expect(JSON.parse(exported.stdout).events).toHaveLength(12)

    const out = join(dir, 'out.json')
    const toFile = await runCli(['export', '--family', 'F-CLI', '--out', out, '--as', 'alice', ...store.args])
    expect(toFile.code).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(exported.stdout))
  })

  it('takes the store from the environment too', async () => {
    const r = await runCli(['import', file('env.jsonl', buildFamiliesJsonl(3, { refPrefix: 'ENV' }))], store.env)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('3 families, 30 events')
  })

  it('loads the demo caseload, and loading it again duplicates nothing', async () => {
    const first = await runCli(['demo', ...store.args])
    expect(first.code, first.stderr).toBe(0)
    const families = /imported as source demo: (\d+) families, (\d+) events/.exec(first.stdout)
    expect(Number(families?.[1])).toBeGreaterThan(0)
    const again = await runCli(['demo', ...store.args])
    expect(again.stdout).toContain(`${families?.[1]} families, ${families?.[2]} events`)
    expect(again.stdout).not.toMatch(/[1-9]\d* added/)
  })

  it('exits 1 for a family it does not hold', async () => {
    const r = await runCli(['export', '--family', 'NOBODY', '--as', 'alice', ...store.args])
    expect(r).toMatchObject({ code: 1, stdout: '' })
    expect(r.stderr).toContain('There is no such record')
  })

  it('needs a named user to read a family', async () => {
    const r = await runCli(['export', '--family', 'F-CLI', ...store.args])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Give --as USERNAME')
  })

  it('imports each file on its own: a bad one fails alone, with every problem on stderr', async () => {
    const doc = buildSeededFamilyDocument({ ref: 'F-BAD' })
    ;(doc.events[0] as Record<string, unknown>).access = 'sideways'
    ;(doc.events[1] as Record<string, unknown>).date = 'soon'
    const bad = file('bad-import.json', doc)
    const good = file('good-import.json', buildSeededFamilyDocument({ ref: 'F-GOOD' }))
    const r = await runCli(['import', bad, good, ...store.args])
    expect(r.code).toBe(1)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^bad-import\.json: family F-BAD, event E1, field access: /)
    expect(lines[1]).toMatch(/^bad-import\.json: family F-BAD, event E2, field date: /)
    expect(lines[2]).toBe('2 problems found; nothing was written.')
    expect(r.stdout).toContain('good-import.json: imported')
    expect((await runCli(['export', '--family', 'F-BAD', '--as', 'alice', ...store.args])).code).toBe(1)
    expect((await runCli(['export', '--family', 'F-GOOD', '--as', 'alice', ...store.args])).code).toBe(0)
  })
})
