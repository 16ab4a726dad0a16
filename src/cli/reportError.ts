// Errors to stderr in plain words: a validation error as one problem per
// line, any other known error as its message, an unexpected one with its stack
// only when asked (LOG_LEVEL=debug).
import { formatProblem, isThroughlineError, ValidationError } from '../errors/errors.ts'
import type { CliContext } from './cliContext.ts'

export function reportError(error: unknown, context: CliContext): void {
  if (error instanceof ValidationError) {
    for (const p of error.problems) context.stderr.write(`${formatProblem(p)}\n`)
    const n = error.problems.length
    context.stderr.write(`${n} problem${n === 1 ? '' : 's'} found; nothing was written.\n`)
    return
  }
  if (isThroughlineError(error)) {
    context.stderr.write(`${error.message}\n`)
    return
  }
  const message = error instanceof Error ? error.message : String(error)
  context.stderr.write(`Unexpected error: ${message}\n`)
  if (context.env.LOG_LEVEL === 'debug' && error instanceof Error && error.stack !== undefined) {
    context.stderr.write(`${error.stack}\n`)
  }
}
