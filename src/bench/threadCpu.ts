// CPU time a process has used, its main thread apart from the whole process,
// read from Linux's /proc. Timings swing with whatever else the machine does;
// CPU per page does much less, and it shows whether the web server's one
// JavaScript thread (the main thread) is what limits the pages per second.
import { readFileSync, readdirSync } from 'node:fs'

export interface ThreadCpu {
  /** The main thread (the one running JavaScript), ms; with cluster workers, theirs added up. */
  main: number
  /** Every thread of the process (database and worker threads too) and of the processes it started, ms. */
  all: number
}

// Linux reports CPU times in clock ticks of 1/100 s (USER_HZ).
const MS_PER_TICK = 10

/** utime + stime, and with `waited` cutime + cstime (children that ended and were waited for), in ticks. */
function ticksOf(stat: string, waited: boolean): number {
  // The command name is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12]) + (waited ? Number(fields[13]) + Number(fields[14]) : 0)
}

/** The children of the process's threads (Linux lists them in /proc/PID/task/TID/children). */
function childrenOf(pid: number): number[] {
  const children: number[] = []
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let listed = ''
    try { listed = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8') } catch { /* the thread ended */ }
    for (const child of listed.split(' ')) if (child !== '') children.push(Number(child))
  }
  return children
}

/** The CPU of one process: its main thread, and all of it with the children it has waited for. */
function processCpu(pid: number): ThreadCpu {
  // The process's own line counts every thread it has had, ended ones too;
  // summing /proc/PID/task would lose a thread that ended between two
  // readings (and fail on one that ends while they are listed).
  return {
    main: ticksOf(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8'), false),
    all: ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8'), true),
  }
}

/**
 * The CPU so far of a process and the processes below it (the web server's
 * cluster workers run in processes of their own), or undefined where there is
 * no /proc (not Linux) or the process has exited.
 */
export function threadCpu(pid: number): ThreadCpu | undefined {
  let total: ThreadCpu
  let below: number[]
  try {
    total = processCpu(pid)
    below = childrenOf(pid)
  } catch {
    return undefined
  }
  for (let i = 0; i < below.length; i++) {
    const child = below[i]!
    try {
      const cpu = processCpu(child)
      total = { main: total.main + cpu.main, all: total.all + cpu.all }
      below.push(...childrenOf(child))
    } catch { /* ended meanwhile: its parent's waited-for time will hold it */ }
  }
  return { main: total.main * MS_PER_TICK, all: total.all * MS_PER_TICK }
}

/** CPU per request between two readings; NaN where either is missing. */
export function cpuPerRequest(before: ThreadCpu | undefined, after: ThreadCpu | undefined, requests: number): ThreadCpu {
  if (before === undefined || after === undefined || requests <= 0) return { main: Number.NaN, all: Number.NaN }
  return { main: (after.main - before.main) / requests, all: (after.all - before.all) / requests }
}
