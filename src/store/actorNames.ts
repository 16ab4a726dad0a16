// Who did something, in words: a username the store holds (alert history,
// audit rows, access requests) joined to the account's name and agency, or
// Throughline itself for what the system did (the automatic evaluation after
// an import or overnight, the command line, the demo loader).
import type { ActorName } from '../access/caseRepository.ts'
import { SYSTEM_ACTOR } from '../alerts/evaluateFamily.ts'

/** How the system reads under a name it acts as: `system` (the evaluation), `cli:<login>`, or another job's name. */
export function systemActorName(name: string): string {
  if (name === SYSTEM_ACTOR) return 'Throughline (automatic evaluation)'
  if (name.startsWith('cli:')) return `Throughline command line (${name.slice('cli:'.length)})`
  return `Throughline (${name})`
}

/**
 * A username with the account found for it (or none). `system` marks the
 * system's own entries; a name no account holds (a failed sign-in for an
 * unknown user) is shown as it was recorded, marked as no account's: whoever
 * typed it chose it, and it must not read as a person's name.
 */
export function actorName(username: string, account: { displayName: string; agency: string } | null, system: boolean): ActorName {
  if (system) return { username, name: systemActorName(username), agency: null }
  if (account === null) return { username, name: `${username} (no account)`, agency: null }
  return { username, name: account.displayName, agency: account.agency }
}
