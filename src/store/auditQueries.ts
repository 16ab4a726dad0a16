// The audit log: one row per look at or change to a family's or child's
// record, written inside the same transaction as the work it describes. If
// the row cannot be written the caller's transaction fails (fail closed).
import { sql } from 'kysely'
import type { Insertable, Kysely, RawBuilder, Selectable } from 'kysely'
import type { Actor, AuditAction } from '../access/types.ts'
import { AuditFailedError } from '../errors/errors.ts'
import type { IsoDate } from '../exchange/dates.ts'
import type { AuditLogTable } from './accessTables.ts'
import type { Database } from './schema.ts'

type Db = Kysely<Database>

export interface AuditEntry {
  action: AuditAction
  familyId?: number | null
  familyRef?: string | null
  childRef?: string | null
  eventId?: string | null
  alertId?: number | null
  reason?: string | null
  details?: Record<string, unknown> | null
}

/** Whom an audit row names: a user, the system under its name, or a sign-in attempt for no known user. */
export type AuditWho = Actor | { kind: 'unknown'; username: string }

/**
 * The agency column of rows the system writes, and of failed sign-ins for no
 * known user. No account may hold either: a manager reads the rows of their
 * own agency, so a manager of `unknown` would read every mistyped username
 * (often a password).
 */
export const AUDIT_AGENCIES = { system: 'system', unknown: 'unknown' } as const

export function auditIdentity(actor: AuditWho): { user_id: number | null; username: string; agency: string; roles: string[] } {
  if (actor.kind === 'unknown') return { user_id: null, username: actor.username.slice(0, 200), agency: AUDIT_AGENCIES.unknown, roles: [] }
  if (actor.kind === 'system') return { user_id: null, username: actor.name, agency: AUDIT_AGENCIES.system, roles: [] }
  return { user_id: actor.user.id, username: actor.user.username, agency: actor.user.agency, roles: [...actor.user.roles] }
}

/** The columns of one audit row (`id` and `at` are the table's own). */
export type AuditRowValues = Omit<Insertable<AuditLogTable>, 'id' | 'at'>

/** The row writeAudit writes for this actor and entry. */
export function auditRowValues(actor: AuditWho, entry: AuditEntry): AuditRowValues {
  const details = { ...(actor.kind === 'user' && actor.via !== undefined ? { via: actor.via } : {}), ...entry.details }
  return {
    ...auditIdentity(actor),
    action: entry.action,
    family_id: entry.familyId ?? null,
    family_ref: entry.familyRef ?? null,
    child_ref: entry.childRef ?? null,
    event_id: entry.eventId ?? null,
    alert_id: entry.alertId ?? null,
    reason: entry.reason ?? null,
    details: Object.keys(details).length > 0 ? details : null,
  }
}

/** Writes one audit row; any failure becomes AuditFailedError, which fails the caller's transaction. */
export async function writeAudit(db: Db, actor: AuditWho, entry: AuditEntry): Promise<void> {
  try {
    await db.insertInto('audit_log').values(auditRowValues(actor, entry)).execute()
  } catch (e) {
    throw new AuditFailedError(e)
  }
}

/**
 * The row writeAudit would write, as an INSERT ... SELECT writing it once for
 * each row of `source` (a common table expression of the same statement),
 * with `family_id` taken from that row's `id`. A statement that finds a
 * family through the need-to-know test and reads its record can so write the
 * audit row of that read itself, only when the family was found: one
 * statement is atomic, so the row and the read stand or fall together.
 */
export function auditRowsFrom(db: Db, source: string, actor: AuditWho, entry: Omit<AuditEntry, 'familyId'>) {
  const row = auditRowValues(actor, { ...entry, familyId: null })
  const columns = Object.keys(row) as (keyof AuditRowValues)[]
  // Untyped parameters take the types of the columns they are inserted into, as in writeAudit's VALUES.
  const values = columns.map((c) => c === 'family_id' ? sql.ref(`${source}.id`) : sql`${row[c]}`)
  return db.insertInto('audit_log').columns(columns).expression(sql`select ${sql.join(values)} from ${sql.table(source)}`)
}

/** Writes one audit row in a transaction of its own (for a refusal or a failed sign-in, which must persist though the call fails). */
export function writeAuditAlone(db: Db, actor: AuditWho, entry: AuditEntry): Promise<void> {
  return db.transaction().execute((trx) => writeAudit(trx, actor, entry))
}

export interface AuditFilter {
  username?: string | undefined
  familyRef?: string | undefined
  childRef?: string | undefined
  action?: AuditAction | undefined
  from?: IsoDate | undefined
  /** Inclusive: the whole of this day. */
  to?: IsoDate | undefined
  /** Limit to rows by this agency's users or about families this predicate admits (the family id column is `audit_log.family_id`). */
  scope?: { agency: string; familyVisible: RawBuilder<boolean> } | undefined
}

export type AuditRow = Selectable<AuditLogTable>

function filtered(db: Db, filter: AuditFilter) {
  let q = db.selectFrom('audit_log')
  if (filter.username !== undefined) q = q.where('username', '=', filter.username)
  if (filter.familyRef !== undefined) q = q.where('family_ref', '=', filter.familyRef)
  if (filter.childRef !== undefined) q = q.where('child_ref', '=', filter.childRef)
  if (filter.action !== undefined) q = q.where('action', '=', filter.action)
  if (filter.from !== undefined) q = q.where('at', '>=', sql<Date>`${filter.from}::date`)
  if (filter.to !== undefined) q = q.where('at', '<', sql<Date>`${filter.to}::date + 1`)
  const scope = filter.scope
  if (scope !== undefined) q = q.where((eb) => eb.or([eb('agency', '=', scope.agency), scope.familyVisible]))
  return q
}

/** An audit row with the name of the account that wrote it (null for the system, or no account). */
export type NamedAuditRow = AuditRow & { display_name: string | null }

/** Newest first, a page at a time, with the total matching; each row with its user's name. */
export async function queryAudit(db: Db, filter: AuditFilter, page: { limit: number; offset: number }): Promise<{ rows: NamedAuditRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, filter).selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  // Names are looked up for the page's users only, not joined into the filtered query (whose columns users shares).
  const userIds = [...new Set(rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id])))]
  const names = userIds.length === 0 ? []
    : await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute()
  const nameById = new Map(names.map((u) => [u.id, u.display_name]))
  return { rows: rows.map((r) => ({ ...r, display_name: r.user_id === null ? null : nameById.get(r.user_id) ?? null })), total: Number(count.n) }
}

/** Rows in the log (tests count them before and after an action). */
export async function countAuditRows(db: Db, where: { action?: AuditAction } = {}): Promise<number> {
  let q = db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'))
  if (where.action !== undefined) q = q.where('action', '=', where.action)
  const row = await q.executeTakeFirstOrThrow()
  return Number(row.n)
}
