// One process per embedded data folder: PGlite has no locking of its own and
// two processes writing one folder would corrupt it. The lock is a file in the
// folder holding the owner's pid, created atomically (O_EXCL). A lock whose
// pid is no longer running was left by a killed process and is taken over, so
// a crash never blocks the folder.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { StoreLockedError } from '../errors/errors.ts'

export const LOCK_FILE = 'throughline.lock'

export interface DataFolderLock {
  readonly path: string
  release(): void
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

/**
 * Takes the folder's lock or throws StoreLockedError naming the process that
 * holds it. `shownAs` is the folder as the user gave it, for the message.
 */
export function lockDataFolder(folder: string, shownAs: string = folder): DataFolderLock {
  const lockPath = join(folder, LOCK_FILE)
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number
    try {
      fd = openSync(lockPath, 'wx', 0o600)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const owner = readOwner(lockPath)
      if (owner !== undefined && isRunning(owner)) {
        throw new StoreLockedError(
          `The data folder ${shownAs} is in use by another Throughline process (pid ${owner}). Stop it first, or use --data to choose another folder.`,
        )
      }
      // Stale (owner gone) or half-written: remove it and try again. A lock
      // that is empty may be another process between create and write, so
      // give it a moment before treating it as stale.
      if (owner === undefined && attempt === 0) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50)
        continue
      }
      try { unlinkSync(lockPath) } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      }
      continue
    }
    try {
      writeSync(fd, `${process.pid}\n`)
    } finally {
      closeSync(fd)
    }
    let released = false
    return {
      path: lockPath,
      release() {
        if (released) return
        released = true
        // Only remove the lock if it is still ours.
        if (readOwner(lockPath) === process.pid) {
          try { unlinkSync(lockPath) } catch { /* already gone */ }
        }
      },
    }
  }
  throw new StoreLockedError(`Could not lock the data folder ${shownAs}: another process keeps taking it.`)
}
