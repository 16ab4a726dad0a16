import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { cpuPerRequest, threadCpu } from './threadCpu.ts'

/** utime + stime, in ticks, of a /proc stat line. */
function ticksOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

/** Script text: a function that spins until the /proc stat file it is given counts 30 ticks (300 ms) of CPU. */
const SPIN_UNTIL_300_MS = `((stat) => {
  const { readFileSync } = require('node:fs')
  const ticks = () => { const f = readFileSync(stat, 'utf8'); const after = f.slice(f.lastIndexOf(')') + 2).split(' '); return Number(after[11]) + Number(after[12]) }
  while (ticks() < 30) for (let i = 0; i < 1e5; i++);
})`

describe('threadCpu', () => {
  it('reads this process: the main thread is part of the whole, and both grow with work', () => {
    const before = threadCpu(process.pid)
    if (before === undefined) return // not Linux: nothing to read
    const until = performance.now() + 60
    let spin = 0
    while (performance.now() < until) spin++
    const after = threadCpu(process.pid)
    expect(spin).toBeGreaterThan(0)
    expect(after).toBeDefined()
    expect(after!.main).toBeLessThanOrEqual(after!.all)
    expect(after!.main).toBeGreaterThan(before.main)
  })

  it('counts the whole process, threads that have ended included', async () => {
    if (threadCpu(process.pid) === undefined) return // not Linux: nothing to read
    // A thread that uses 300 ms of CPU (by its own /proc count) and ends.
    const spinner = new Worker(`${SPIN_UNTIL_300_MS}('/proc/thread-self/stat')`, { eval: true })
    await once(spinner, 'exit')
    const usage = process.cpuUsage()
    const after = threadCpu(process.pid)
    // The kernel's count for the process, read later, is at least what
    // getrusage gave (less up to a tick each for user and system time).
    expect(after!.all).toBeGreaterThanOrEqual((usage.user + usage.system) / 1000 - 20)
  })

  it('counts the processes it started too (the web server\'s cluster workers under BENCH_WEB_WORKERS)', async () => {
    if (threadCpu(process.pid) === undefined) return // not Linux: nothing to read
    // A child that uses 300 ms of CPU (by its own /proc count), says so and waits.
    const child = spawn(process.execPath, ['-e', `${SPIN_UNTIL_300_MS}('/proc/self/stat'); process.stdout.write('spun'); setInterval(() => {}, 1000)`], { stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      await once(child.stdout, 'data')
      const childMs = 10 * ticksOf(readFileSync(`/proc/${child.pid}/stat`, 'utf8'))
      const usage = process.cpuUsage()
      const after = threadCpu(process.pid)
      expect(childMs).toBeGreaterThanOrEqual(300)
      expect(after!.all).toBeGreaterThanOrEqual((usage.user + usage.system) / 1000 - 20 + childMs)
    } finally {
      child.kill()
    }
  })

  it('is undefined for a process that does not exist', () => {
    expect(threadCpu(2 ** 30)).toBeUndefined()
  })

  it('divides the difference by the requests, NaN without a reading', () => {
    expect(cpuPerRequest({ main: 100, all: 150 }, { main: 1100, all: 1650 }, 100)).toEqual({ main: 10, all: 15 })
    expect(cpuPerRequest(undefined, { main: 1, all: 1 }, 10).main).toBeNaN()
    expect(cpuPerRequest({ main: 1, all: 1 }, { main: 2, all: 2 }, 0).all).toBeNaN()
  })
})
