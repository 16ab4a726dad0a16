import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import { Command } from 'commander'
import { afterEach, describe, expect, it } from 'vitest'
import { registerGenerateCommand } from '../cli/commands/generate.ts'
import type { CliContext } from '../cli/cliContext.ts'
import { BadUsageError } from '../errors/errors.ts'
import { writeGeneratedFamilies } from './writeGeneratedFamilies.ts'

/** A slow sink with a tiny buffer: the writer must wait for it to drain. */
function slowSink(): { stream: Writable, text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _enc, done) { chunks.push(chunk.toString()); setImmediate(done) },
  })
  return { stream, text: () => chunks.join('') }
}

function fakeContext(): CliContext & { out: string[], err: string[] } {
  const out: string[] = [], err: string[] = []
  return {
    out, err, env: {},
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string | Uint8Array) => { err.push(String(s)); return true } },
    onShutdownSignal: () => () => undefined,
  }
}

describe('writeGeneratedFamilies', () => {
  it('writes one family document per line, and a manifest line per family, through backpressure', async () => {
    const out = slowSink(), manifest = new PassThrough()
    const manifestText: string[] = []
    manifest.on('data', (c: Buffer) => manifestText.push(c.toString()))
    const summary = await writeGeneratedFamilies({ children: 120, seed: 's', patternShare: 0.5 }, out.stream, manifest)
    const lines = out.text().trimEnd().split('\n')
    expect(lines).toHaveLength(summary.families)
    const docs = lines.map((l) => JSON.parse(l) as { format: string, events: unknown[] })
    expect(docs.every((d) => d.format === 'chronology-exchange/1')).toBe(true)
    expect(docs.reduce((n, d) => n + d.events.length, 0)).toBe(summary.events)
    expect(summary.children).toBe(120)
    expect(summary.bytes).toBe(Buffer.byteLength(out.text()))
    const planted = manifestText.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as { family: string, planted: unknown[] })
    expect(planted).toHaveLength(summary.families)
    expect(planted.reduce((n, m) => n + m.planted.length, 0)).toBe(summary.planted)
  })

  it('fails when the stream fails', async () => {
    const broken = new Writable({ highWaterMark: 16, write(_c, _e, done) { done(new Error('disk full')) } })
    broken.on('error', () => undefined)
    await expect(writeGeneratedFamilies({ children: 50, seed: 1 }, broken)).rejects.toThrow('disk full')
  })
})

describe('throughline generate', () => {
  const dirs: string[] = []
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }) })

  async function run(args: string[]): Promise<ReturnType<typeof fakeContext>> {
    const context = fakeContext()
    const program = new Command('throughline').exitOverride()
    registerGenerateCommand(program, context)
    await program.parseAsync(args, { from: 'user' })
    return context
  }

  it('writes the same file for the same seed, and a manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'generate-'))
    dirs.push(dir)
    const a = join(dir, 'a.jsonl'), b = join(dir, 'b.jsonl'), m = join(dir, 'm.jsonl')
    const ctx = await run(['generate', '--children', '40', '--seed', 'cli', '--out', a, '--manifest', m, '--pattern-share', '0.5'])
    await run(['generate', '--children', '40', '--seed', 'cli', '--out', b, '--pattern-share', '0.5'])
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'))
    expect(readFileSync(a, 'utf8').trimEnd().split('\n').length).toBe(readFileSync(m, 'utf8').trimEnd().split('\n').length)
    expect(ctx.out.join('')).toMatch(/^generated \d+ families, 40 children, \d+ events/)
  })

  it('refuses bad numbers as bad usage', async () => {
    await expect(run(['generate', '--children', 'ten', '--seed', 'x'])).rejects.toThrow(BadUsageError)
    await expect(run(['generate', '--children', '5', '--seed', 'x', '--pattern-share', '1.5'])).rejects.toThrow(BadUsageError)
    await expect(run(['generate', '--children', '5', '--seed', 'x', '--end', '2026-13-01'])).rejects.toThrow(BadUsageError)
  })
})
