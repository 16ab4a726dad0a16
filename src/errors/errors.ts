// One module of typed errors. Each has an HTTP status, a stable id that logs,
// tests and the error page can name, and a message safe to show a user.

export const ERROR_IDS = {
  validation: 'validation-failed',
  notFound: 'not-found',
  badUsage: 'bad-usage',
  forbidden: 'forbidden',
  unauthenticated: 'unauthenticated',
  conflict: 'conflict',
  storeLocked: 'store-locked',
  storeUnavailable: 'store-unavailable',
  config: 'config-invalid',
  auditFailed: 'audit-failed',
  tooLarge: 'too-large',
  internal: 'internal',
} as const

export type ErrorId = (typeof ERROR_IDS)[keyof typeof ERROR_IDS]

/** One problem in a file or form: where it is, and what was expected. */
export interface Problem {
  file?: string
  family?: string
  event?: string
  /** Dotted path inside the record, for example `status` or `people[2].born`. */
  field?: string
  message: string
}

export class ThroughlineError extends Error {
  constructor(
    readonly id: ErrorId,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = new.target.name
  }
}

/** Bad input. Carries every problem found, not just the first. */
export class ValidationError extends ThroughlineError {
  constructor(readonly problems: Problem[], message = describeProblems(problems)) {
    super(ERROR_IDS.validation, 400, message)
  }
}

export class NotFoundError extends ThroughlineError {
  constructor(message = 'Page not found') {
    super(ERROR_IDS.notFound, 404, message)
  }
}

export class BadUsageError extends ThroughlineError {
  constructor(message: string) {
    super(ERROR_IDS.badUsage, 400, message)
  }
}

export class ForbiddenError extends ThroughlineError {
  constructor(message = 'You do not have permission to do that') {
    super(ERROR_IDS.forbidden, 403, message)
  }
}

export class UnauthenticatedError extends ThroughlineError {
  constructor(message = 'Sign in to continue') {
    super(ERROR_IDS.unauthenticated, 401, message)
  }
}

export class ConflictError extends ThroughlineError {
  constructor(message: string) {
    super(ERROR_IDS.conflict, 409, message)
  }
}

export class StoreLockedError extends ThroughlineError {
  constructor(message: string) {
    super(ERROR_IDS.storeLocked, 503, message)
  }
}

export class StoreUnavailableError extends ThroughlineError {
  constructor(message: string, cause?: unknown) {
    super(ERROR_IDS.storeUnavailable, 503, message, { cause })
  }
}

export class ConfigError extends ThroughlineError {
  constructor(message: string) {
    super(ERROR_IDS.config, 500, message)
  }
}

export class AuditFailedError extends ThroughlineError {
  constructor(cause: unknown) {
    super(ERROR_IDS.auditFailed, 500, 'The audit record could not be written, so nothing was done', { cause })
  }
}

export class TooLargeError extends ThroughlineError {
  constructor(message: string) {
    super(ERROR_IDS.tooLarge, 413, message)
  }
}

/** `file: family F, event E12, field status: expected one of ...` */
export function formatProblem(p: Problem): string {
  const where = [
    p.family !== undefined ? `family ${p.family}` : undefined,
    p.event !== undefined ? `event ${p.event}` : undefined,
    p.field !== undefined ? `field ${p.field}` : undefined,
  ].filter((x): x is string => x !== undefined)
  const prefix = p.file !== undefined ? `${p.file}: ` : ''
  return where.length > 0 ? `${prefix}${where.join(', ')}: ${p.message}` : `${prefix}${p.message}`
}

export function describeProblems(problems: Problem[]): string {
  const n = problems.length
  return `${n} problem${n === 1 ? '' : 's'} found:\n` + problems.map((p) => `  ${formatProblem(p)}`).join('\n')
}

export function isThroughlineError(e: unknown): e is ThroughlineError {
  return e instanceof ThroughlineError
}
