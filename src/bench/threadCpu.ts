// CPU time a process has used, its main thread apart from the whole process,
// read from Linux's /proc. Timings swing with whatever else the machine does;
// CPU per page does much less, and it shows whether the web server's one
// JavaScript thread (the main thread) is what limits the pages per second.
import { readFileSync } from 'node:fs'

export interface ThreadCpu {
  /** The main thread (the one running JavaScript), ms. */
  main: number
  /** Every thread of the process (database and worker threads too), ms. */
  all: number
}

// Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ).
const MS_PER_TICK = 10

function ticksOf(stat: string): number {
  // The command name is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

/** The process's CPU so far, or undefined where there is no /proc (not Linux) or it has exited. */
export function threadCpu(pid: number): ThreadCpu | undefined {
  try {
    // The process's own line counts every thread it has had, ended ones
    // too; summing /proc/PID/task would lose a thread that ended between two
    // readings (and fail on one that ends while they are listed).
    const all = ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8'))
    const main = ticksOf(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8'))
    return { main: main * MS_PER_TICK, all: all * MS_PER_TICK }
  } catch {
    return undefined
  }
}

/** CPU per request between two readings; NaN where either is missing. */
export function cpuPerRequest(before: ThreadCpu | undefined, after: ThreadCpu | undefined, requests: number): ThreadCpu {
  if (before === undefined || after === undefined || requests <= 0) return { main: Number.NaN, all: Number.NaN }
  return { main: (after.main - before.main) / requests, all: (after.all - before.all) / requests }
}
