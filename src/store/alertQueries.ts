// Reading and writing alerts and their history. Alerts are never deleted.
import type { Kysely } from 'kysely'
import type { AlertChanges, HistoryEntry, StoredAlert } from '../alerts/reconcileAlerts.ts'
import type { IsoDate } from '../exchange/dates.ts'
import type { AlertAction, AlertResolution, AlertState } from './alertTables.ts'
import type { Database } from './schema.ts'

type Db = Kysely<Database>

export interface AlertRow extends StoredAlert {
  family_id: number
  created_at: Date
  updated_at: Date
}

export interface AlertHistoryRow {
  id: number
  alert_id: number
  at: Date
  action: AlertAction
  actor: string
  reason: string | null
  events: string[] | null
  as_of: string | null
}

const ALERT_COLUMNS = ['id', 'family_id', 'rule', 'subject', 'key', 'first_fired', 'until', 'state', 'resolution', 'events', 'threshold', 'created_at', 'updated_at'] as const

export function familyAlerts(db: Db, familyId: number): Promise<AlertRow[]> {
  return db.selectFrom('alerts').select(ALERT_COLUMNS).where('family_id', '=', familyId)
    .orderBy('first_fired').orderBy('id').execute()
}

/** The alerts of several families at once, by family id (each family's in first_fired, id order). */
export async function alertsOfFamilies(db: Db, familyIds: readonly number[]): Promise<Map<number, AlertRow[]>> {
  const out = new Map<number, AlertRow[]>()
  if (familyIds.length === 0) return out
  const rows = await db.selectFrom('alerts').select(ALERT_COLUMNS).where('family_id', 'in', [...familyIds])
    .orderBy('family_id').orderBy('first_fired').orderBy('id').execute()
  for (const r of rows) {
    const list = out.get(r.family_id)
    if (list === undefined) out.set(r.family_id, [r])
    else list.push(r)
  }
  return out
}

/** Records that these families' alerts are up to date as of asOf, when evaluating them changed nothing. */
export async function markEvaluated(db: Db, familyIds: readonly number[], asOf: IsoDate): Promise<void> {
  if (familyIds.length === 0) return
  await db.updateTable('families').set({ evaluated_as_of: asOf }).where('id', 'in', [...familyIds]).execute()
}

export function alertById(db: Db, alertId: number): Promise<AlertRow | undefined> {
  return db.selectFrom('alerts').select(ALERT_COLUMNS).where('id', '=', alertId).executeTakeFirst()
}

export function alertHistory(db: Db, alertId: number): Promise<AlertHistoryRow[]> {
  return db.selectFrom('alert_history').selectAll().where('alert_id', '=', alertId).orderBy('id').execute()
}

async function writeHistory(db: Db, alertId: number, entries: readonly HistoryEntry[], actor: string, asOf: IsoDate | null): Promise<void> {
  if (entries.length === 0) return
  await db.insertInto('alert_history').values(entries.map((h) => ({
    alert_id: alertId, action: h.action, actor, reason: h.reason, events: h.events === null ? null : [...h.events], as_of: asOf,
  }))).execute()
}

/** Applies a reconciliation inside the caller's transaction. */
export async function applyAlertChanges(db: Db, familyId: number, changes: AlertChanges, actor: string, asOf: IsoDate): Promise<void> {
  for (const a of changes.inserts) {
    const row = await db.insertInto('alerts').values({
      family_id: familyId, rule: a.rule, subject: a.subject, key: a.key, first_fired: a.first_fired, until: a.until,
      state: a.state, resolution: a.resolution, events: [...a.events], threshold: a.threshold, updated_at: new Date(),
    }).returning('id').executeTakeFirstOrThrow()
    await writeHistory(db, row.id, a.history, actor, asOf)
  }
  for (const u of changes.updates) {
    const { events, ...rest } = u.patch
    await db.updateTable('alerts')
      .set({ ...rest, ...(events === undefined ? {} : { events: [...events] }), updated_at: new Date() })
      .where('id', '=', u.id).execute()
    await writeHistory(db, u.id, u.history, actor, asOf)
  }
  await db.updateTable('families').set({ evaluated_as_of: asOf }).where('id', '=', familyId).execute()
}

/** A practitioner's action on one alert: acknowledge, resolve or reopen, with a reason. */
export async function setAlertState(
  db: Db, alertId: number, change: { state: AlertState; resolution: AlertResolution | null; action: AlertAction; actor: string; reason: string },
): Promise<void> {
  await db.updateTable('alerts').set({ state: change.state, resolution: change.resolution, updated_at: new Date() })
    .where('id', '=', alertId).execute()
  await writeHistory(db, alertId, [{ action: change.action, reason: change.reason, events: null }], change.actor, null)
}

export interface FamilyKey {
  id: number
  ref: string
}

/** Families in id order, a page at a time (for evaluating the whole caseload). */
export function familyPage(db: Db, afterId: number, limit: number): Promise<FamilyKey[]> {
  return db.selectFrom('families').select(['id', 'ref']).where('id', '>', afterId).orderBy('id').limit(limit).execute()
}

export function familyIdByRef(db: Db, ref: string): Promise<number | undefined> {
  return db.selectFrom('families').select('id').where('ref', '=', ref).executeTakeFirst().then((r) => r?.id)
}
