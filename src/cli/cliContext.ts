// What a command may touch of the outside world, so tests can run the CLI
// in-process with fakes, and the real process wiring lives in one place.
export interface OutputStream {
  write(text: string): unknown
}

export interface CliContext {
  stdout: OutputStream
  stderr: OutputStream
  /** Where progress bars go: the terminal behind stderr, when there is one. */
  progressStream?: NodeJS.WriteStream | undefined
  env: NodeJS.ProcessEnv
  /** Calls `handler` on SIGINT or SIGTERM; returns a function that removes it. */
  onShutdownSignal(handler: (signal: NodeJS.Signals) => void): () => void
}

export function processContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    progressStream: process.stderr.isTTY ? process.stderr : undefined,
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

/** Who a command acts as: `--as USER`, else the login name, else `cli`. */
export function cliActor(as: string | undefined, context: CliContext): string {
  if (as !== undefined) return as
  const user = context.env.USER
  return user !== undefined && user !== '' ? user : 'cli'
}
