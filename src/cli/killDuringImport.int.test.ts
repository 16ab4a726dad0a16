// Crash safety: the real CLI is killed (SIGKILL) at random points while it
// imports a many-family file. After every kill the store is opened again and
// must hold each file wholly or not at all, with earlier imports intact.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFamiliesJsonl } from '../store/buildSeededFamilies.ts'
import { createStore } from '../store/createStore.ts'
import { testBackend } from '../store/testStore.ts'
import { BIN, testStoreArgs } from './testCli.ts'
import type { TestStoreArgs } from './testCli.ts'

const KILLS = 20
const FAMILIES = 150
const VERSIONS = { A: { seed: 1, events: 60 }, B: { seed: 2, events: 45 } } as const
const BASELINE = { families: 5, events: 20, seed: 7 }

interface Run { code: number | null; signal: NodeJS.Signals | null; ms: number; stderr: string }

function runImport(file: string, store: TestStoreArgs, killAfterMs?: number): Promise<Run> {
  const started = Date.now()
  const env = { ...process.env, DATABASE_URL: '', THROUGHLINE_DATA: '', THROUGHLINE_DB_SCHEMA: '' }
  const child = spawn(process.execPath, [BIN, 'import', file, '--source', 'kill', ...store.args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs)
  return new Promise((resolve) => {
    // 'exit' comes after the kernel reaped the child: its pid is gone, so its
    // lock on the data folder reads as stale.
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, ms: Date.now() - started, stderr })
    })
  })
}

let dir: string
let store: TestStoreArgs
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'throughline-kill-'))
  store = await testStoreArgs()
})
afterAll(async () => {
  await store.cleanup()
  rmSync(dir, { recursive: true, force: true })
})

interface FamilyState { ref: string; source: string; events: number; versions: string[] }

async function storeState(): Promise<FamilyState[]> {
  const opened = await createStore(store.dataDir !== undefined
    ? { dataDir: store.dataDir }
    : { databaseUrl: store.env.DATABASE_URL, dbSchema: store.env.THROUGHLINE_DB_SCHEMA })
  try {
    const rows = await opened.db.selectFrom('events')
      .innerJoin('families', 'families.id', 'events.family_id')
      .innerJoin('sources', 'sources.id', 'events.source_id')
      .select([
        'families.ref as ref', 'sources.name as source',
        (eb) => eb.fn.countAll<number>().as('events'),
        sql<string[]>`array_agg(distinct substring(events.summary from 'version ([0-9]+)'))`.as('versions'),
      ])
      .groupBy(['families.ref', 'sources.name'])
      .orderBy('families.ref')
      .execute()
    return rows.map((r) => ({ ...r, events: Number(r.events) }))
  } finally {
    await opened.close()
  }
}

/** Which whole version of the file the store holds: 'A', 'B', or 'none'; fails on anything mixed. */
function versionHeld(state: FamilyState[]): string {
  const baseline = state.filter((f) => f.source === 'baseline')
  expect(baseline).toHaveLength(BASELINE.families)
  for (const f of baseline) expect(f).toMatchObject({ events: BASELINE.events, versions: [String(BASELINE.seed)] })

  const killed = state.filter((f) => f.source === 'kill')
  if (killed.length === 0) return 'none'
  expect(killed).toHaveLength(FAMILIES)
  const held = Object.entries(VERSIONS).find(([, v]) => killed.every((f) => f.events === v.events && f.versions.join() === String(v.seed)))
  expect(held, `families mixed between versions: ${JSON.stringify(killed.slice(0, 3))}`).toBeDefined()
  return held![0]
}

describe(`killing the CLI during an import (${testBackend()})`, () => {
  it(`leaves every file wholly imported or not at all, across ${KILLS} kills`, async () => {
    const baselineFile = join(dir, 'baseline.jsonl')
    writeFileSync(baselineFile, buildFamiliesJsonl(BASELINE.families, { refPrefix: 'BASE', events: BASELINE.events, seed: BASELINE.seed }))
    const files = Object.fromEntries(Object.entries(VERSIONS).map(([name, v]) => {
      const path = join(dir, `kill-${name}.jsonl`)
      writeFileSync(path, buildFamiliesJsonl(FAMILIES, { refPrefix: 'K', ...v }))
      return [name, path]
    })) as Record<keyof typeof VERSIONS, string>

    const env = { ...process.env }
    const baseline = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, [BIN, 'import', baselineFile, '--source', 'baseline', ...store.args], { env, stdio: 'ignore' })
        .on('exit', (code) => resolve(code))
    })
    expect(baseline).toBe(0)
    expect(versionHeld(await storeState())).toBe('none')

    // A full run first, to learn how long an import takes.
    const full = await runImport(files.A, store)
    expect(full.code, full.stderr).toBe(0)
    expect(versionHeld(await storeState())).toBe('A')

    let held = 'A'
    let killedMidway = 0
    let typicalMs = full.ms
    // Kill at a random point of a typical run, until KILLS runs were killed
    // before finishing (a run that beats its kill still counts as a check).
    for (let i = 0; killedMidway < KILLS && i < KILLS * 3; i++) {
      const target = held === 'A' ? 'B' : 'A'
      const run = await runImport(files[target], store, Math.floor(typicalMs * (0.15 + 0.8 * Math.random())))
      if (run.signal === 'SIGKILL') killedMidway++
      else {
        expect(run.code, run.stderr).toBe(0)
        typicalMs = run.ms
      }
      const now = versionHeld(await storeState())
      // Killed: either version may be there (the commit may have landed just
      // before the kill); finished: the new one must be.
      if (run.signal !== 'SIGKILL') expect(now).toBe(target)
      expect([held, target]).toContain(now)
      held = now
    }
    expect(killedMidway).toBe(KILLS)

    // And the store still takes a whole import afterwards.
    const last = held === 'A' ? 'B' : 'A'
    const after = await runImport(files[last], store)
    expect(after.code, after.stderr).toBe(0)
    expect(versionHeld(await storeState())).toBe(last)
  }, 900_000)
})
