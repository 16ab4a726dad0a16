// The embedded store's folder is one process's at a time: the real CLI is
// refused while another process holds it, and gets it once that one stops,
// whether it stopped cleanly or was killed.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSeededFamilyDocument } from '../store/buildSeededFamilies.ts'
import { BIN } from './testCli.ts'

const ROOT = resolve(import.meta.dirname, '..', '..')
let dir: string
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'throughline-lock-')) })
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

/** Another process holding the store open until SIGTERM (which it handles by closing). */
async function holdStore(dataDir: string): Promise<ChildProcess> {
  const script = join(dir, 'holder.mts')
  writeFileSync(script, `
    import { createStore } from ${JSON.stringify(join(ROOT, 'src', 'store', 'createStore.ts'))}
    const store = await createStore({ dataDir: ${JSON.stringify(dataDir)} })
    process.on('SIGTERM', () => { store.close().then(() => process.exit(0)) })
    process.stdout.write('ready\\n')
    setInterval(() => {}, 1000)
  `)
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('ready')) ready() })
    child.on('exit', (code) => fail(new Error(`holder exited with ${code}`)))
  })
  return child
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => child.on('exit', () => done()))
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const env = { ...process.env, DATABASE_URL: '', THROUGHLINE_DATA: '' }
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env })
    let stdout = '', stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    child.on('exit', (code) => done({ code, stdout, stderr }))
  })
}

describe('the embedded data folder', () => {
  it('refuses a second process, then serves it once the first has stopped or been killed', async () => {
    const file = join(dir, 'family.json')
    writeFileSync(file, JSON.stringify(buildSeededFamilyDocument()))

    const holder = await holdStore(join(dir, 'data'))
    const refused = await cli(['import', file, '--data', './data'])
    expect(refused.code).toBe(1)
    expect(refused.stdout).toBe('')
    expect(refused.stderr.trim()).toBe(
      `The data folder ./data is in use by another Throughline process (pid ${holder.pid}). Stop it first, or use --data to choose another folder.`,
    )
    holder.kill('SIGTERM')
    await exited(holder)
    const imported = await cli(['import', file, '--data', './data'])
    expect(imported.code, imported.stderr).toBe(0)

    const killed = await holdStore(join(dir, 'data'))
    killed.kill('SIGKILL')
    await exited(killed)
    const afterKill = await cli(['evaluate', '--all', '--as-of', '2024-01-01', '--data', './data'])
    expect(afterKill.code, afterKill.stderr).toBe(0)
    expect(afterKill.stdout).toContain('1 families evaluated as of 2024-01-01')
  }, 120_000)
})
