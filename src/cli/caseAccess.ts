// The command line acts as a named user (`--as USERNAME`), through the same
// case repository as the web app, so the same access checks and audit apply.
import type { Actor } from '../access/types.ts'
import type { CaseRepository } from '../access/caseRepository.ts'
import { actorForUsername } from '../access/createUserService.ts'
import { BadUsageError } from '../errors/errors.ts'
import type { EngineOptions } from '../rules/engine.ts'
import { createCaseRepository } from '../store/createCaseRepository.ts'
import type { Store } from '../store/createStore.ts'
import type { CliContext } from './cliContext.ts'

/**
 * The repository for commands and the server. The match secret keeps the
 * handles of "find a person" valid across restarts: SESSION_SECRET serves.
 */
export function cliRepository(store: Store, engine: EngineOptions = {}, env: NodeJS.ProcessEnv = {}): CaseRepository {
  const matchSecret = env.SESSION_SECRET
  return createCaseRepository(store, {
    clock: () => new Date(),
    ...(engine.thresholds === undefined ? {} : { engine }),
    ...(matchSecret === undefined || matchSecret === '' ? {} : { matchSecret }),
  })
}

/** The named user a command acts as; required for anything that reads a family's record. */
export async function namedActor(store: Store, as: string | undefined): Promise<Actor> {
  if (as === undefined || as === '') {
    throw new BadUsageError('Give --as USERNAME: the command line acts as a named Throughline user (see `throughline user add`)')
  }
  return actorForUsername(store, as, 'cli')
}

/** For imports and nightly work: a named user when given, else the system acting for the shell user. */
export async function importingActor(store: Store, as: string | undefined, context: CliContext): Promise<Actor> {
  if (as !== undefined && as !== '') return actorForUsername(store, as, 'cli')
  const shellUser = context.env.USER !== undefined && context.env.USER !== '' ? context.env.USER : 'unknown'
  return { kind: 'system', name: `cli:${shellUser}` }
}
