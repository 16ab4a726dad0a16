// The one way to a family's record (access/caseRepository.ts). Each method
// finds the family through the need-to-know test in its query's WHERE clause,
// and writes exactly one audit row in the same transaction as its work; if the
// audit row cannot be written the whole call fails. A family the user may not
// see answers NotFoundError, after a `refused` audit row written on its own
// (so it persists although the call fails).
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { basename } from 'node:path'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import {
  canGrantAccess, canImport, canSeeAudit, canSeeCaseData, canSeeFigures, canWorkOnCases, hasRole,
} from '../access/accessPredicates.ts'
import type {
  AccessRequestView, CaseRepository, EventRecord, FamilyRecord,
} from '../access/caseRepository.ts'
import { actingUser } from '../access/createUserService.ts'
import { CHILDRENS_SOCIAL_CARE } from '../access/types.ts'
import type { Actor, User } from '../access/types.ts'
import { evaluateFamilyInTransaction } from '../alerts/evaluateFamily.ts'
import {
  BadUsageError, ConflictError, ForbiddenError, NotFoundError, ValidationError,
} from '../errors/errors.ts'
import type { Problem } from '../errors/errors.ts'
import { FORMAT } from '../exchange/schema.ts'
import type { ChronologyEvent, FamilyDocument } from '../exchange/schema.ts'
import { validateFamilyDocument } from '../exchange/validateFamilyDocument.ts'
import { replay as replayRules } from '../rules/engine.ts'
import type { EngineOptions } from '../rules/engine.ts'
import type { AccessRequestStatus } from './accessTables.ts'
import { actorName } from './actorNames.ts'
import { alertHistoryWithNames } from './alertHistoryWithNames.ts'
import { setAlertState } from './alertQueries.ts'
import type { AlertRow } from './alertQueries.ts'
import type { AlertAction, AlertResolution, AlertState } from './alertTables.ts'
import { AUDIT_AGENCIES, queryAudit, writeAudit, writeAuditAlone } from './auditQueries.ts'
import { refreshPlannerStatistics } from './refreshPlannerStatistics.ts'
import type { AuditEntry } from './auditQueries.ts'
import { caseload } from './caseloadQuery.ts'
import type { Store } from './createStore.ts'
import { toEventContent } from './eventRows.ts'
import { findVisibleAlert, findVisibleFamily, loadFamilyRecord, toAlertView, viewFamilyPage, viewFamilyRecord } from './familyRecordQueries.ts'
import type { VisibleFamily } from './familyRecordQueries.ts'
import { agencyHoldsFamily, readableAlert, visibleFamily } from './familyVisibility.ts'
import { defaultSourceName, importFile } from './importFile.ts'
import { toPerson } from './loadFamilyDocument.ts'
import type { Database } from './schema.ts'

type Db = Kysely<Database>

export interface CaseRepositoryOptions {
  /** Now, for break-glass and grant expiry (tests pass a fixed clock). */
  clock: () => Date
  /** How long a break-glass opening lasts (default 24 hours). */
  breakGlassHours?: number
  /** Rule settings for the evaluations after a record or an import. */
  engine?: EngineOptions
  /** Signs the handles findPerson returns; default a random key per repository (handles then last as long as the process). */
  matchSecret?: string
  /** The family page reads a family of at most this many events whole in one statement (default WHOLE_FAMILY_EVENTS; tests set 0 to take the two-statement way). */
  wholeFamilyEvents?: number
}

export const DEFAULT_BREAK_GLASS_HOURS = 24
export const DEFAULT_AUDIT_LIMIT = 100
export const MAX_AUDIT_LIMIT = 1000
export const MAX_PERSON_MATCHES = 50
export const MAX_REASON_LENGTH = 2000

/** Thrown inside a transaction when the user may not see what they asked for; becomes a refused row and NotFoundError. */
class NotVisible extends Error {}

const NOT_FOUND_MESSAGE = 'There is no such record, or you do not have access to it'

function requireReason(reason: string, field = 'reason'): string {
  const r = reason.trim()
  if (r === '') throw new ValidationError([{ field, message: 'expected a reason' }])
  if (r.length > MAX_REASON_LENGTH) throw new ValidationError([{ field, message: `expected a reason of at most ${MAX_REASON_LENGTH} characters` }])
  return r
}

const CASE_WORKERS_ONLY = 'Only practitioners and managers work on case records'

/** What a practitioner's action does to an alert; undefined when it does not apply to the alert's state. */
function alertTransition(action: 'acknowledge' | 'resolve' | 'reopen', state: AlertState):
  { state: AlertState; resolution: AlertResolution | null; history: AlertAction } | undefined {
  if (action === 'acknowledge') return state === 'open' ? { state: 'acknowledged', resolution: null, history: 'acknowledged' } : undefined
  if (action === 'resolve') return state !== 'resolved' ? { state: 'resolved', resolution: 'closed_by_practitioner', history: 'resolved' } : undefined
  return state !== 'open' ? { state: 'open', resolution: null, history: 'reopened' } : undefined
}

/** Open alerts of these families raised after alert id `afterId`, that the user may see (readableAlert); every one for the system. */
async function raisedSince(db: Db, user: User | undefined, familyIds: readonly number[], afterId: number): Promise<(AlertRow & { family_ref: string })[]> {
  if (familyIds.length === 0) return []
  const raised = db.selectFrom('alerts as a').innerJoin('families as f', 'f.id', 'a.family_id')
    .select(['a.id', 'a.family_id', 'a.rule', 'a.subject', 'a.key', 'a.first_fired', 'a.until', 'a.state', 'a.resolution',
      'a.events', 'a.threshold', 'a.created_at', 'a.updated_at', 'f.ref as family_ref'])
    .where('a.family_id', 'in', [...familyIds]).where('a.id', '>', afterId).where('a.state', '=', 'open')
  return (user === undefined ? raised : raised.where(readableAlert(user, 'a'))).orderBy('a.id').execute()
}

async function maxAlertId(db: Db): Promise<number> {
  const row = await db.selectFrom('alerts').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst()
  return Number(row?.max ?? 0)
}

/** The family's events the user may read (about the child, when given); an escalation's pointer to an entry left out is dropped, so the document stays valid. */
function readableEvents(record: FamilyRecord, childRef: string | undefined): ChronologyEvent[] {
  const about = (e: EventRecord): boolean => childRef === undefined || (e.visible && e.event.subjects.includes(childRef))
  const kept = record.events.filter((e): e is Extract<EventRecord, { visible: true }> => e.visible && about(e)).map((e) => ({ ...e.event }))
  const keptIds = new Set(kept.map((e) => e.id))
  // An escalation may point at an entry left out; the export must still be a valid document.
  return kept.map((e) => {
    if (e.type !== 'escalation' || e.refers_to === undefined || keptIds.has(e.refers_to)) return e
    const { refers_to: _omitted, ...rest } = e
    return rest
  })
}

/** The family in the exchange format, with only what the user may read; restricted entries left out are counted. */
function toExportDocument(record: FamilyRecord, childRef: string | undefined): FamilyDocument {
  const events = readableEvents(record, childRef)
  const redacted = record.events.filter((e) => !e.visible).length
  const alerts = record.alerts.filter((a) => childRef === undefined || a.subject === childRef || a.subject === 'family')
  return {
    format: FORMAT,
    family: record.name === null ? { ref: record.ref } : { ref: record.ref, name: record.name },
    people: record.people,
    ...(record.relationships.length > 0 ? { relationships: record.relationships } : {}),
    events,
    derived: {
      redacted,
      ...(childRef !== undefined ? { child: childRef } : {}),
      evaluatedAsOf: record.evaluatedAsOf,
      alerts: alerts.map((a) => ({
        id: a.id, rule: a.rule, title: a.title, subject: a.subject, firstFired: a.firstFired, until: a.until,
        state: a.state, resolution: a.resolution, events: a.events, threshold: a.threshold, advice: a.advice, source: a.source,
      })),
    },
  }
}

/** What refuses a user's import of these documents (see importFile): other agencies' records, families their agency does not hold. */
async function vetUserImport(trx: Db, user: User, at: Date, file: string, docs: readonly FamilyDocument[]): Promise<Problem[]> {
  const problems: Problem[] = []
  for (const doc of docs) {
    for (const e of doc.events) {
      if (e.agency !== user.agency) {
        problems.push({ file, family: doc.family.ref, event: e.id, field: 'agency', message: `you can import only records of your own agency (${user.agency})` })
      }
    }
  }
  const held = await trx.selectFrom('families as f').select(['f.ref', agencyHoldsFamily(user, at, 'f.id').as('held')])
    .where('f.ref', 'in', docs.map((d) => d.family.ref)).execute()
  for (const f of held) {
    if (!f.held) {
      problems.push({ file, family: f.ref, message: 'a family with this reference is held by other agencies and your agency has no access to it: ask for access, then import again' })
    }
  }
  return problems
}

/** The source a file is stored under: for a user, always inside their agency's namespace (`school/termly-return`). */
export function sourceForImport(actor: Actor, source: string): string {
  if (actor.kind !== 'user') return source
  const prefix = `${actor.user.agency}/`
  return source.startsWith(prefix) ? source : `${prefix}${source}`
}

export function createCaseRepository(store: Store, options: CaseRepositoryOptions): CaseRepository {
  const { db } = store
  const now = () => options.clock()
  const breakGlassMs = (options.breakGlassHours ?? DEFAULT_BREAK_GLASS_HOURS) * 3_600_000
  const matchKey = options.matchSecret ?? randomBytes(32).toString('hex')

  const sign = (personId: number): string => createHmac('sha256', matchKey).update(`person:${personId}`).digest('base64url').slice(0, 22)
  const matchIdFor = (personId: number): string => `${personId}.${sign(personId)}`
  const personIdFrom = (matchId: string): number | undefined => {
    const m = /^(\d{1,12})\.([\w-]{22})$/.exec(matchId)
    if (m === null) return undefined
    const id = Number(m[1])
    const expected = Buffer.from(sign(id))
    const given = Buffer.from(m[2] ?? '')
    return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined
  }

  /** A refused row written on its own (it persists though the call fails), then ForbiddenError. */
  async function forbid(actor: Actor, message: string, entry: Omit<AuditEntry, 'action'> = {}): Promise<never> {
    await writeAuditAlone(db, actor, { ...entry, action: 'refused', details: { ...entry.details, forbidden: message } })
    throw new ForbiddenError(message)
  }

  /** Call outside any open transaction (PGlite has one connection). */
  async function requireCaseWorker(actor: Actor, user: User, entry: Omit<AuditEntry, 'action'> = {}): Promise<void> {
    if (!canWorkOnCases(user)) await forbid(actor, CASE_WORKERS_ONLY, entry)
  }

  async function refuse(actor: Actor, entry: Omit<AuditEntry, 'action'>): Promise<never> {
    await writeAuditAlone(db, actor, { ...entry, action: 'refused' })
    throw new NotFoundError(NOT_FOUND_MESSAGE)
  }

  /**
   * Runs `work` in a transaction on the family, found only if the user may
   * see it. `work` writes its own audit row; if it (or the lookup) finds the
   * user may not see what was asked, a refused row is written instead.
   */
  async function onFamily<T>(actor: Actor, familyRef: string, refusal: Omit<AuditEntry, 'action'>, work: (trx: Db, user: User, family: VisibleFamily) => Promise<T>): Promise<T> {
    const user = actingUser(actor)
    try {
      return await db.transaction().execute(async (trx) => {
        const family = await findVisibleFamily(trx, user, now(), familyRef)
        if (family === undefined) throw new NotVisible()
        return work(trx, user, family)
      })
    } catch (e) {
      if (e instanceof NotVisible) return refuse(actor, { familyRef, ...refusal })
      throw e
    }
  }

  /**
   * A child's page (and the record's other ordinary views): one statement
   * finds the family (and the child among its children), writes the view's
   * audit row and reads the record (viewFamilyRecord), instead of a
   * transaction of four. Among the pages users open most, so the fewest round
   * trips; refused as onFamily refuses. The family page's own read is
   * viewFamilyPage.
   */
  async function viewFamily(actor: Actor, familyRef: string, childRef?: string): Promise<FamilyRecord> {
    const user = actingUser(actor)
    const about = childRef === undefined ? { familyRef } : { familyRef, childRef }
    const record = await viewFamilyRecord(db, user, now(), familyRef, { childRef, audit: { actor, entry: { action: 'view', ...about } } })
    return record ?? refuse(actor, about)
  }

  async function openWithBreakGlass(actor: Actor, familyRef: string, reasonGiven: string): Promise<FamilyRecord> {
    const user = actingUser(actor)
    await requireCaseWorker(actor, user, { familyRef })
    const reason = requireReason(reasonGiven)
    try {
      return await db.transaction().execute(async (trx) => {
        const at = now()
        const own = await findVisibleFamily(trx, user, at, familyRef)
        if (own !== undefined && own.visibility !== 'break-glass') {
          // Already theirs to see: an ordinary view, with the reason kept.
          await writeAudit(trx, actor, { action: 'view', familyId: own.id, familyRef, reason })
          return loadFamilyRecord(trx, user, own)
        }
        const family = await trx.selectFrom('families').select('id').where('ref', '=', familyRef).executeTakeFirst()
        if (family === undefined) throw new NotVisible()
        await trx.insertInto('break_glass').values({
          user_id: user.id, family_id: family.id, reason, at, expires_at: new Date(at.getTime() + breakGlassMs),
        }).execute()
        await writeAudit(trx, actor, { action: 'break-glass', familyId: family.id, familyRef, reason, details: { hours: breakGlassMs / 3_600_000 } })
        const opened = await findVisibleFamily(trx, user, at, familyRef)
        if (opened === undefined) throw new NotVisible()
        return loadFamilyRecord(trx, user, opened)
      })
    } catch (e) {
      if (e instanceof NotVisible) return refuse(actor, { familyRef, reason })
      throw e
    }
  }

  async function viewAlert(actor: Actor, alertId: number) {
    const user = actingUser(actor)
    try {
      return await db.transaction().execute(async (trx) => {
        const found = await findVisibleAlert(trx, user, now(), alertId)
        if (found === undefined) throw new NotVisible()
        const family = await loadFamilyRecord(trx, user, found.family)
        const alert = family.alerts.find((a) => a.id === alertId)
        if (alert === undefined) throw new NotVisible()
        const history = await alertHistoryWithNames(trx, alertId)
        await writeAudit(trx, actor, { action: 'view', familyId: found.family.id, familyRef: found.family.ref, alertId })
        return { family, alert, history }
      })
    } catch (e) {
      if (e instanceof NotVisible) return refuse(actor, { alertId })
      throw e
    }
  }

  const repository: CaseRepository = {
    async caseload(actor, query) {
      const user = actingUser(actor)
      return db.transaction().execute(async (trx) => {
        const page = canSeeCaseData(user) ? await caseload(trx, user, now(), query) : { entries: [], total: 0 }
        await writeAudit(trx, actor, {
          action: 'search',
          details: {
            kind: 'caseload', total: page.total,
            ...Object.fromEntries(Object.entries({ search: query.search, rule: query.rule, plan: query.plan, agency: query.agency }).filter(([, v]) => v !== undefined && v !== '')),
          },
        })
        return page
      })
    },

    family(actor, familyRef, opts) {
      if (opts?.breakGlassReason !== undefined) return openWithBreakGlass(actor, familyRef, opts.breakGlassReason)
      return viewFamily(actor, familyRef)
    },

    async familyPage(actor, familyRef, filter, detail) {
      const page = await viewFamilyPage(db, actingUser(actor), now(), familyRef, {
        audit: { actor, entry: { action: 'view', familyRef } }, filter, detail, wholeUpTo: options.wholeFamilyEvents,
      })
      return page ?? refuse(actor, { familyRef })
    },

    child(actor, familyRef, childRef) {
      return viewFamily(actor, familyRef, childRef)
    },

    alert: viewAlert,

    async actOnAlert(actor, alertId, change) {
      const user = actingUser(actor)
      await requireCaseWorker(actor, user, { alertId })
      const reason = requireReason(change.reason)
      try {
        await db.transaction().execute(async (trx) => {
          const found = await findVisibleAlert(trx, user, now(), alertId)
          if (found === undefined) throw new NotVisible()
          const next = alertTransition(change.action, found.state)
          if (next === undefined) throw new ConflictError(`This alert is ${found.state}; it cannot be ${change.action === 'reopen' ? 'reopened' : `${change.action}d`}`)
          await setAlertState(trx, alertId, { state: next.state, resolution: next.resolution, action: next.history, actor: user.username, reason })
          await writeAudit(trx, actor, { action: change.action, familyId: found.family.id, familyRef: found.family.ref, alertId, reason })
        })
      } catch (e) {
        if (e instanceof NotVisible) return refuse(actor, { alertId, reason })
        throw e
      }
    },

    recordEvent(actor, familyRef, event, asOf) {
      // A user who may not work on cases cannot see the family either (not found).
      return onFamily(actor, familyRef, {}, async (trx, user, family) => {
        if (!canWorkOnCases(user)) throw new NotVisible()
        const eventId = `web-${randomUUID()}`
        const people = await trx.selectFrom('people').selectAll().where('family_id', '=', family.id).orderBy('id').execute()
        // Checked as a one-event document of this family: the format's own
        // rules, and every person named must be one of the family's people.
        const candidate = { ...event, id: eventId, agency: user.agency }
        const checked = validateFamilyDocument(
          { format: FORMAT, family: { ref: family.ref }, people: people.map(toPerson), events: [candidate] },
          { file: 'new record' },
        )
        if (!checked.ok) throw new ValidationError(checked.problems.map(({ file: _file, ...p }) => p))
        const recorded = checked.doc.events[0]
        if (recorded === undefined) throw new BadUsageError('expected one event')

        const source = await trx.insertInto('sources').values({ name: `web:${user.agency}` })
          .onConflict((oc) => oc.column('name').doUpdateSet({ name: sql`excluded.name` }))
          .returning('id').executeTakeFirstOrThrow()
        const importRow = await trx.insertInto('imports')
          .values({ source_id: source.id, file_name: 'web', imported_by: user.username, families: 1, events: 1 })
          .returning(['id', 'imported_at']).executeTakeFirstOrThrow()
        await trx.insertInto('events').values({
          ...toEventContent(recorded), family_id: family.id, source_id: source.id, import_id: importRow.id,
          imported_at: importRow.imported_at, imported_by: user.username,
        }).execute()
        await trx.updateTable('families').set({ updated_at: sql`now()` }).where('id', '=', family.id).execute()
        await writeAudit(trx, actor, { action: 'record', familyId: family.id, familyRef, eventId, details: { type: recorded.type } })

        const before = await maxAlertId(trx)
        await evaluateFamilyInTransaction({ ...store, db: trx }, familyRef, { asOf, full: true, ...(options.engine !== undefined ? { engine: options.engine } : {}) })
        const raised = await raisedSince(trx, user, [family.id], before)
        return { eventId, alertsRaised: raised.map(toAlertView) }
      })
    },

    async importFile(actor, path, opts) {
      if (actor.kind === 'user' && !canImport(actor.user)) await forbid(actor, 'You do not have permission to import files', { details: { kind: 'import' } })
      const fileName = opts.fileName ?? path
      const before = await maxAlertId(db)
      const user = actor.kind === 'user' ? actor.user : undefined
      const summary = await importFile(store, path, {
        ...(user === undefined ? {} : {
          // A user writes only their own agency's records, into families
          // that are new or that their agency already holds, and never
          // rewrites what is stored about people.
          vet: (trx: Db, docs: readonly FamilyDocument[]) => vetUserImport(trx, user, now(), basename(fileName), docs),
          people: 'fill-empty' as const,
        }),
        // A user imports into their own agency's sources only, so no one can
        // replace another agency's records by naming its source.
        source: sourceForImport(actor, opts.source ?? defaultSourceName(fileName)),
        actor: actor.kind === 'user' ? actor.user.username : actor.name,
        onProgress: opts.onProgress,
        // The touched families' alerts are evaluated in full inside the import's transaction.
        evaluate: { asOf: opts.asOf, engine: options.engine },
        async beforeCommit(trx, result) {
          if (opts.fileName !== undefined) {
            await trx.updateTable('imports').set({ file_name: opts.fileName }).where('id', '=', result.importId).execute()
          }
          const ids = await trx.selectFrom('families').select(['id', 'ref'])
            .where('ref', 'in', result.families.length > 0 ? result.families.map((f) => f.ref) : ['']).execute()
          const idByRef = new Map(ids.map((r) => [r.ref, r.id]))
          for (const f of result.families) {
            await writeAudit(trx, actor, {
              action: 'import', familyId: idByRef.get(f.ref) ?? null, familyRef: f.ref,
              details: { source: result.source, importId: result.importId, status: f.status, added: f.eventsAdded, updated: f.eventsUpdated, removed: f.eventsRemoved },
            })
          }
        },
      }).catch(async (e: unknown) => {
        // A refused file leaves a trace of who tried to load what.
        if (user !== undefined && e instanceof ValidationError) {
          const refusedFamilies = [...new Set(e.problems.flatMap((p) => p.family === undefined ? [] : [p.family]))]
          await writeAuditAlone(db, actor, { action: 'refused', details: { kind: 'import', file: basename(fileName), problems: e.problems.length, families: refusedFamilies.slice(0, 50) } })
        }
        throw e
      })
      await refreshPlannerStatistics(db, summary.families.reduce((n, f) => n + f.eventsAdded + f.eventsUpdated + f.eventsRemoved, 0))
      const file = opts.fileName ?? summary.file
      // Alerts are shown only for the families the importer may see.
      let touched = db.selectFrom('families as f').select('f.id')
        .where('f.ref', 'in', summary.families.length > 0 ? summary.families.map((f) => f.ref) : [''])
      if (user !== undefined) touched = touched.where(visibleFamily(user, now(), 'f.id'))
      const ids = (await touched.execute()).map((r) => r.id)
      const raised = await raisedSince(db, user, ids, before)
      return { ...summary, file, alertsRaised: raised.map((a) => ({ familyRef: a.family_ref, alert: toAlertView(a) })) }
    },

    exportFamily(actor, familyRef, opts) {
      const childRef = opts?.childRef
      return onFamily(actor, familyRef, childRef === undefined ? {} : { childRef }, async (trx, user, family) => {
        const record = await loadFamilyRecord(trx, user, family)
        if (childRef !== undefined && !record.people.some((p) => p.ref === childRef && p.role !== 'adult')) throw new NotVisible()
        const doc = toExportDocument(record, childRef)
        await writeAudit(trx, actor, {
          action: 'export', familyId: family.id, familyRef, childRef: childRef ?? null,
          details: { format: opts?.format ?? 'json', events: doc.events.length, redacted: doc.derived?.redacted ?? 0 },
        })
        return doc
      })
    },

    replay(actor, familyRef, opts) {
      return onFamily(actor, familyRef, {}, async (trx, user, family) => {
        const record = await loadFamilyRecord(trx, user, family)
        const doc: FamilyDocument = {
          format: FORMAT,
          family: record.name === null ? { ref: record.ref } : { ref: record.ref, name: record.name },
          people: record.people,
          ...(record.relationships.length > 0 ? { relationships: record.relationships } : {}),
          events: readableEvents(record, undefined),
        }
        const engine = opts.engine ?? options.engine ?? {}
        await writeAudit(trx, actor, {
          action: 'view', familyId: family.id, familyRef,
          details: { kind: 'replay', asOf: opts.asOf, redacted: record.events.length - doc.events.length },
        })
        return { ...replayRules(doc, { ...engine, until: opts.asOf }), storedAlerts: record.alerts }
      })
    },

    async findPerson(actor, query) {
      const user = actingUser(actor)
      await requireCaseWorker(actor, user, { details: { kind: 'person-search' } })
      const name = query.name.trim().replace(/\s+/g, ' ').toLowerCase()
      if (name === '') throw new ValidationError([{ field: 'name', message: 'expected a name' }])
      const born = query.born?.trim()
      const at = now()
      const visible = visibleFamily(user, at, 'f.id')
      const fullName = sql<string>`lower(trim(p.given_name || ' ' || coalesce(p.family_name, '')))`
      return db.transaction().execute(async (trx) => {
        // In a family the user can see, any part of a name matches; elsewhere
        // only the whole name with the date of birth, enough to ask for access.
        const rows = await trx.selectFrom('people as p').innerJoin('families as f', 'f.id', 'p.family_id')
          .select(['p.id', 'p.born', 'f.ref', visible.as('visible')])
          .where((eb) => eb.or([
            eb.and([visible, sql<boolean>`${fullName} like ${`%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`]),
            ...(born !== undefined && born !== '' ? [eb.and([sql<boolean>`${fullName} = ${name}`, eb('p.born', '=', born)])] : []),
          ]))
          .orderBy('f.ref').orderBy('p.id').limit(MAX_PERSON_MATCHES).execute()
        await writeAudit(trx, actor, { action: 'search', details: { kind: 'person', name, ...(born !== undefined ? { born } : {}), matches: rows.length } })
        return rows.map((r) => ({
          ...(r.visible ? { familyRef: r.ref } : {}),
          matchId: matchIdFor(r.id),
          matchedOn: born !== undefined && born !== '' && r.born === born ? ['name', 'born'] : ['name'],
          visible: r.visible,
        }))
      })
    },

    async requestAccess(actor, matchId, reasonGiven) {
      const user = actingUser(actor)
      await requireCaseWorker(actor, user, { details: { kind: 'access-request' } })
      const reason = requireReason(reasonGiven)
      const personId = personIdFrom(matchId)
      try {
        return await db.transaction().execute(async (trx) => {
          const person = personId === undefined ? undefined
            : await trx.selectFrom('people as p').innerJoin('families as f', 'f.id', 'p.family_id')
              .select(['f.id', 'f.ref', visibleFamily(user, now(), 'f.id', { breakGlass: false }).as('visible')])
              .where('p.id', '=', personId).executeTakeFirst()
          if (person === undefined) throw new NotVisible()
          if (person.visible) throw new ConflictError('Your agency can already see this family')
          const pending = await trx.selectFrom('access_requests').select('id')
            .where('family_id', '=', person.id).where('agency', '=', user.agency).where('status', '=', 'pending').executeTakeFirst()
          if (pending !== undefined) throw new ConflictError('Your agency has already asked for access to this family; the request is waiting for a decision')
          const row = await trx.insertInto('access_requests')
            .values({ family_id: person.id, requested_by: user.id, agency: user.agency, reason, at: now() })
            .returning(['id', 'at', 'status']).executeTakeFirstOrThrow()
          await writeAudit(trx, actor, { action: 'access-request', familyId: person.id, familyRef: person.ref, reason, details: { requestId: row.id } })
          // The ref is not the requester's to know until access is granted.
          return {
            id: row.id, familyRef: null, requestedBy: user.username, requester: actorName(user.username, user, false),
            agency: user.agency, reason, at: row.at, status: row.status, decidedBy: null, decider: null, decisionReason: null,
          }
        })
      } catch (e) {
        if (e instanceof NotVisible) return refuse(actor, { reason, details: { matchId } })
        throw e
      }
    },

    async accessRequests(actor, opts) {
      const user = actingUser(actor)
      const decider = user.agency === CHILDRENS_SOCIAL_CARE || hasRole(user, 'manager')
      const at = now()
      return db.transaction().execute(async (trx) => {
        // A family's ref is shown only to an agency that may see the family in
        // its own right: a requester learns it once their request is granted.
        const query = trx.selectFrom('access_requests as r')
          .innerJoin('families as f', 'f.id', 'r.family_id')
          .innerJoin('users as u', 'u.id', 'r.requested_by')
          .leftJoin('users as d', 'd.id', 'r.decided_by')
          .select(['r.id', 'f.ref', 'u.username', 'u.display_name', 'u.agency as requester_agency', 'r.agency', 'r.reason', 'r.at', 'r.status',
            'd.username as decided_by', 'd.display_name as decider_name', 'd.agency as decider_agency', 'r.decision_reason',
            visibleFamily(user, at, 'r.family_id', { breakGlass: false }).as('visible')])
          .where((eb) => eb.or([
            eb('r.requested_by', '=', user.id),
            ...(decider ? [visibleFamily(user, at, 'r.family_id', { breakGlass: false })] : []),
          ]))
          .$if(opts?.status !== undefined, (q) => q.where('r.status', '=', opts?.status ?? 'pending'))
          .orderBy('r.at', 'desc').orderBy('r.id', 'desc').limit(500)
        const rows = canSeeCaseData(user) ? await query.execute() : []
        await writeAudit(trx, actor, { action: 'view', details: { kind: 'access-requests', ...(opts?.status !== undefined ? { status: opts.status } : {}), requests: rows.length } })
        return rows.map((r): AccessRequestView => ({
          id: r.id, familyRef: r.visible ? r.ref : null, requestedBy: r.username,
          requester: actorName(r.username, { displayName: r.display_name, agency: r.requester_agency }, false),
          // Who decided names an agency that holds the family: a requester who
          // may not see the family does not learn it from a refusal.
          agency: r.agency, reason: r.reason, at: r.at, status: r.status, decidedBy: r.visible ? r.decided_by : null,
          decider: r.decided_by === null || !r.visible ? null
            : actorName(r.decided_by, r.decider_name === null || r.decider_agency === null ? null : { displayName: r.decider_name, agency: r.decider_agency }, false),
          decisionReason: r.decision_reason,
        }))
      })
    },

    async decideAccessRequest(actor, requestId, decision) {
      const user = actingUser(actor)
      await requireCaseWorker(actor, user, { details: { kind: 'access-decision', requestId } })
      const reason = requireReason(decision.reason)
      try {
        await db.transaction().execute(async (trx) => {
          const at = now()
          const request = await trx.selectFrom('access_requests as r').innerJoin('families as f', 'f.id', 'r.family_id')
            .select(['r.id', 'r.family_id', 'r.agency', 'r.status', 'r.requested_by', 'f.ref'])
            .where('r.id', '=', requestId)
            .where(visibleFamily(user, at, 'f.id', { breakGlass: false }))
            .executeTakeFirst()
          // The lookup admitted only a family the user sees in their own right.
          if (request === undefined || !canGrantAccess(user, 'contributor')) throw new NotVisible()
          if (request.status !== 'pending') throw new ConflictError(`This request has already been ${request.status}`)
          const status: AccessRequestStatus = decision.grant ? 'granted' : 'refused'
          await trx.updateTable('access_requests')
            .set({ status, decided_by: user.id, decision_reason: reason, decided_at: at })
            .where('id', '=', request.id).execute()
          if (decision.grant) {
            await trx.insertInto('family_access_grants')
              .values({ family_id: request.family_id, agency: request.agency, granted_by: user.id, reason, at }).execute()
          }
          await writeAudit(trx, actor, {
            action: decision.grant ? 'access-grant' : 'access-refuse', familyId: request.family_id, familyRef: request.ref, reason,
            details: { requestId: request.id, agency: request.agency },
          })
        })
      } catch (e) {
        if (e instanceof NotVisible) return refuse(actor, { reason, details: { requestId } })
        throw e
      }
    },

    breakGlass: openWithBreakGlass,

    async audit(actor, query) {
      const user = actingUser(actor)
      if (!canSeeAudit(user)) await forbid(actor, 'Only managers and administrators can see the audit log', { details: { kind: 'audit' } })
      const limit = Math.min(Math.max(query.limit ?? DEFAULT_AUDIT_LIMIT, 1), MAX_AUDIT_LIMIT)
      // An administrator sees the whole log; a manager their own agency's
      // users and the families their agency may see.
      const scope = hasRole(user, 'admin') ? undefined
        : { agency: user.agency, familyVisible: visibleFamily(user, now(), 'audit_log.family_id', { breakGlass: false }) }
      // Looking at the log is itself logged (first, so the page includes its own row).
      const filters = Object.fromEntries(Object.entries({
        username: query.username, familyRef: query.familyRef, childRef: query.childRef, action: query.action, from: query.from, to: query.to,
      }).filter(([, v]) => v !== undefined && v !== ''))
      const { rows, total, shown } = await db.transaction().execute(async (trx) => {
        await writeAudit(trx, actor, { action: 'view', details: { kind: 'audit', ...filters } })
        const page = await queryAudit(trx, { ...query, scope }, { limit, offset: Math.max(query.offset ?? 0, 0) })
        // A manager sees their own users' rows, but not the ref of a family
        // their agency may not see (an access request names one).
        const ids = [...new Set(page.rows.flatMap((r) => r.family_id === null ? [] : [r.family_id]))]
        const visible = scope === undefined || ids.length === 0 ? undefined
          : await trx.selectFrom('families as f').select('f.id').where('f.id', 'in', ids).where(visibleFamily(user, now(), 'f.id', { breakGlass: false })).execute()
        return { ...page, shown: visible === undefined ? undefined : new Set(visible.map((f) => f.id)) }
      })
      const refShown = (familyId: number | null) => shown === undefined || familyId === null || shown.has(familyId)
      return {
        total,
        rows: rows.map((r) => ({
          id: r.id, at: r.at, username: r.username, agency: r.agency, roles: r.roles.join(', '),
          // The system writes rows under its job's name, with agency `system` and no account.
          by: actorName(r.username, r.display_name === null ? null : { displayName: r.display_name, agency: r.agency }, r.user_id === null && r.agency === AUDIT_AGENCIES.system),
          // The column's CHECK admits only audit actions.
          action: r.action as AuditEntry['action'],
          familyRef: refShown(r.family_id) ? r.family_ref : null,
          childRef: refShown(r.family_id) ? r.child_ref : null,
          eventId: r.event_id, alertId: r.alert_id, reason: r.reason,
        })),
      }
    },

    async figures(actor) {
      const user = actingUser(actor)
      if (!canSeeFigures(user)) await forbid(actor, 'Only partnership analysts and managers can see the figures', { details: { kind: 'figures' } })
      const [counts, alerts, agencies] = await Promise.all([
        db.selectNoFrom((eb) => [
          eb.selectFrom('families').select((e) => e.fn.countAll<number>().as('n')).as('families'),
          eb.selectFrom('people').select((e) => e.fn.countAll<number>().as('n')).where('role', 'in', ['child', 'unborn']).as('children'),
          eb.selectFrom('events').select((e) => e.fn.countAll<number>().as('n')).as('events'),
        ]).executeTakeFirstOrThrow(),
        db.selectFrom('alerts').select(['rule', 'state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['rule', 'state']).execute(),
        db.selectFrom('events').select(['agency', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('agency').orderBy('agency').execute(),
      ])
      const byRule = new Map<string, { rule: string; open: number; acknowledged: number; resolved: number }>()
      for (const a of alerts) {
        const entry = byRule.get(a.rule) ?? { rule: a.rule, open: 0, acknowledged: 0, resolved: 0 }
        entry[a.state] += Number(a.n)
        byRule.set(a.rule, entry)
      }
      return {
        families: Number(counts.families ?? 0),
        children: Number(counts.children ?? 0),
        events: Number(counts.events ?? 0),
        openAlertsByRule: [...byRule.values()].sort((a, b) => a.rule.localeCompare(b.rule)),
        eventsByAgency: agencies.map((a) => ({ agency: a.agency, events: Number(a.n) })),
      }
    },
  }
  return repository
}
