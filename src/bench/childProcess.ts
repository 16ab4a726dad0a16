// The benchmark's child processes (the importer and the web server) run
// TypeScript like bin/throughline.js does, through tsx, so each can be
// measured on its own: its time and its peak memory.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const TSX_LOADER = import.meta.resolve('tsx')

/**
 * Starts `script` (a file in this folder) under Node with tsx; stdout is
 * piped, stderr inherited. BENCH_CPU_PROF=FOLDER writes each child's CPU
 * profile there (node --cpu-prof, which NODE_OPTIONS may not carry).
 */
export function spawnBenchChild(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const path = fileURLToPath(new URL(script, import.meta.url))
  const profile = env.BENCH_CPU_PROF === undefined || env.BENCH_CPU_PROF === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_CPU_PROF}`]
  return spawn(process.execPath, [...profile, '--import', TSX_LOADER, path, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env })
}

/** Reads lines of JSON the child writes to stdout, calling onMessage for each. */
export function onChildMessages(child: ChildProcess, onMessage: (message: Record<string, unknown>) => void): void {
  let buffered = ''
  child.stdout?.setEncoding('utf8')
  child.stdout?.on('data', (chunk: string) => {
    buffered += chunk
    let newline = buffered.indexOf('\n')
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim()
      buffered = buffered.slice(newline + 1)
      if (line.startsWith('{')) onMessage(JSON.parse(line) as Record<string, unknown>)
      newline = buffered.indexOf('\n')
    }
  })
}

/** Waits for the child to exit; rejects unless it exits with status 0. */
export function childExit(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (code === 0) resolve()
      else reject(new Error(`${what} failed (${signal ?? `exit status ${code}`})`))
    })
  })
}

/** This process's peak resident memory so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024
}
