// An alert's history as practitioners read it: each entry with who acted
// named (the account's name and agency), the automatic evaluation as
// Throughline. The history is written by alertQueries.ts with the actor's
// username; this is the read that names them.
import type { Kysely } from 'kysely'
import type { NamedAlertHistoryView } from '../access/caseRepository.ts'
import { SYSTEM_ACTOR } from '../alerts/evaluateFamily.ts'
import { actorName } from './actorNames.ts'
import type { Database } from './schema.ts'

type Db = Kysely<Database>

/** Oldest first. The evaluation's entries are the system's even if an account were named `system` (createUserService refuses that name). */
export async function alertHistoryWithNames(db: Db, alertId: number): Promise<NamedAlertHistoryView[]> {
  const rows = await db.selectFrom('alert_history as h')
    .leftJoin('users as u', (join) => join.onRef('u.username', '=', 'h.actor').on('h.actor', '<>', SYSTEM_ACTOR))
    .select(['h.at', 'h.action', 'h.actor', 'h.reason', 'u.display_name', 'u.agency'])
    .where('h.alert_id', '=', alertId)
    .orderBy('h.id')
    .execute()
  return rows.map((r) => ({
    at: r.at,
    action: r.action,
    actor: r.actor,
    reason: r.reason,
    by: actorName(r.actor, r.display_name === null || r.agency === null ? null : { displayName: r.display_name, agency: r.agency }, r.actor === SYSTEM_ACTOR),
  }))
}
