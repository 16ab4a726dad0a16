// What a command may touch of the outside world, so tests can run the CLI
// in-process with fakes, and the real process wiring lives in one place.
export interface OutputStream {
  write(text: string): unknown
  isTTY?: boolean | undefined
}

export interface CliContext {
  stdout: OutputStream
  /** For the progress bar: the real stream (cli-progress needs cursor control). */
  stderr: OutputStream & Partial<NodeJS.WriteStream>
  env: NodeJS.ProcessEnv
  /** Calls `handler` on SIGINT or SIGTERM; returns a function that removes it. */
  onShutdownSignal(handler: (signal: NodeJS.Signals) => void): () => void
}

export function processContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onShutdownSignal(handler) {
      process.on('SIGINT', handler)
      process.on('SIGTERM', handler)
      return () => {
        process.off('SIGINT', handler)
        process.off('SIGTERM', handler)
      }
    },
  }
}

/** Sets the exit code from inside a command: the worst one wins. */
export interface ExitStatus {
  code: number
  fail(code?: number): void
}

export function createExitStatus(): ExitStatus {
  const status: ExitStatus = {
    code: 0,
    fail(code = 1) { status.code = Math.max(status.code, code) },
  }
  return status
}
