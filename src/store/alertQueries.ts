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

type HistoryRow = { alert_id: number; entries: readonly HistoryEntry[] }

/** Rows per multi-row INSERT of alerts or history (well under PostgreSQL's 65535 parameters). */
const ALERT_ROWS_PER_STATEMENT = 500

async function writeHistory(db: Db, rows: readonly HistoryRow[], actor: string, asOf: IsoDate | null): Promise<void> {
  const values = rows.flatMap((r) => r.entries.map((h) => ({
    alert_id: r.alert_id, action: h.action, actor, reason: h.reason, events: h.events === null ? null : [...h.events], as_of: asOf,
  })))
  for (let i = 0; i < values.length; i += ALERT_ROWS_PER_STATEMENT) {
    await db.insertInto('alert_history').values(values.slice(i, i + ALERT_ROWS_PER_STATEMENT)).execute()
  }
}

/** Applies a reconciliation inside the caller's transaction. */
export async function applyAlertChanges(db: Db, familyId: number, changes: AlertChanges, actor: string, asOf: IsoDate): Promise<void> {
  await applyAlertChangesOfFamilies(db, [{ familyId, changes }], actor, asOf)
}

/**
 * Applies the reconciliations of several families inside the caller's
 * transaction with a few statements for all of them (multi-row INSERTs of
 * the new alerts and of the history, one UPDATE marking them evaluated); an
 * update of a stored alert is one statement each (they are rare).
 */
export async function applyAlertChangesOfFamilies(
  db: Db, families: readonly { familyId: number; changes: AlertChanges }[], actor: string, asOf: IsoDate,
): Promise<void> {
  if (families.length === 0) return
  const now = new Date()
  const inserts = families.flatMap(({ familyId, changes }) => changes.inserts.map((a) => ({ familyId, alert: a })))
  const history: HistoryRow[] = []
  // An alert is one per (family, rule, subject, key, first_fired): the new rows are matched to their history by that.
  const identity = (r: { family_id: number; rule: string; subject: string; key: string; first_fired: string }) =>
    [r.family_id, r.rule, r.subject, r.key, r.first_fired].join('\u0000')
  for (let i = 0; i < inserts.length; i += ALERT_ROWS_PER_STATEMENT) {
    const part = inserts.slice(i, i + ALERT_ROWS_PER_STATEMENT)
    const rows = await db.insertInto('alerts').values(part.map(({ familyId, alert: a }) => ({
      family_id: familyId, rule: a.rule, subject: a.subject, key: a.key, first_fired: a.first_fired, until: a.until,
      state: a.state, resolution: a.resolution, events: [...a.events], threshold: a.threshold, updated_at: now,
    }))).returning(['id', 'family_id', 'rule', 'subject', 'key', 'first_fired']).execute()
    const ids = new Map(rows.map((r) => [identity(r), r.id]))
    for (const { familyId, alert: a } of part) {
      const id = ids.get(identity({ family_id: familyId, ...a }))
      if (id === undefined) throw new Error(`The alert ${a.rule} ${a.subject} ${a.first_fired} was not stored`)
      history.push({ alert_id: id, entries: a.history })
    }
  }
  for (const { changes } of families) {
    for (const u of changes.updates) {
      const { events, ...rest } = u.patch
      await db.updateTable('alerts')
        .set({ ...rest, ...(events === undefined ? {} : { events: [...events] }), updated_at: now })
        .where('id', '=', u.id).execute()
      history.push({ alert_id: u.id, entries: u.history })
    }
  }
  await writeHistory(db, history, actor, asOf)
  await markEvaluated(db, families.map((f) => f.familyId), asOf)
}

/** A practitioner's action on one alert: acknowledge, resolve or reopen, with a reason. */
export async function setAlertState(
  db: Db, alertId: number, change: { state: AlertState; resolution: AlertResolution | null; action: AlertAction; actor: string; reason: string },
): Promise<void> {
  await db.updateTable('alerts').set({ state: change.state, resolution: change.resolution, updated_at: new Date() })
    .where('id', '=', alertId).execute()
  await writeHistory(db, [{ alert_id: alertId, entries: [{ action: change.action, reason: change.reason, events: null }] }], change.actor, null)
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
