// A hand-written, in-memory CaseRepository and UserService for route tests:
// the same access rules as the real one (accessPredicates.ts), alerts from
// the rules engine, and an audit list tests can read. Test code only.
import { readExchangeFile } from '../../exchange/readExchangeFile.ts'
import { placedDate, type IsoDate } from '../../exchange/dates.ts'
import { FORMAT, type ChronologyEvent, type FamilyDocument, type PlanKind } from '../../exchange/schema.ts'
import {
  canGrantAccess, canImport, canReadRestricted, canSeeAudit, canSeeCaseData, canSeeFigures, familyVisibility,
} from '../../access/accessPredicates.ts'
import type {
  AccessRequestView, AlertHistoryView, AuditRowView, CaseRepository, CaseloadEntry, EventRecord, FamilyRecord,
  PersonMatch, StoredAlertView, UserService,
} from '../../access/caseRepository.ts'
import { sortRulesBySeverity } from '../../access/ruleSeverity.ts'
import type { Actor, AuditAction, AuditTarget, Role, User, Visibility } from '../../access/types.ts'
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../../errors/errors.ts'
import type { Problem } from '../../errors/errors.ts'
import { evaluateAsOf } from '../../rules/engine.ts'

export interface FakeUser extends User {
  password: string
}

export function buildUser(overrides: Partial<FakeUser> & { username: string }): FakeUser {
  return {
    id: 0, displayName: overrides.username, agency: 'childrens_social_care', roles: ['practitioner'], disabled: false,
    password: 'correct horse battery staple', ...overrides,
  }
}

interface StoredFamily {
  doc: FamilyDocument
  grants: Set<string>
  alerts: (StoredAlertView & { history: AlertHistoryView[] })[]
}

export interface FakeCase {
  repository: CaseRepository
  users: UserService
  audit: AuditRowView[]
  /** Sign-in attempts that failed, by username (for lockout tests). */
  failures: Map<string, number>
}

export const LOCKOUT_AFTER = 5
export const LOCKED_MESSAGE = 'Your account is locked after too many failed attempts. Ask your administrator to reset it.'
export const SIGN_IN_FAILED = 'The username or password is not correct'

function userOf(actor: Actor): User {
  if (actor.kind !== 'user') throw new ForbiddenError()
  return actor.user
}

export function createFakeCase(options: { families: FamilyDocument[]; users: FakeUser[]; asOf: IsoDate }): FakeCase {
  const families = new Map<string, StoredFamily>()
  const audit: AuditRowView[] = []
  const breakGlass = new Set<string>()
  const requests: (AccessRequestView & { familyRef: string })[] = []
  const failures = new Map<string, number>()
  const users = options.users.map((u, i) => ({ ...u, id: u.id || i + 1 }))
  let nextAlertId = 1

  function write(actor: Actor, action: AuditAction, target: AuditTarget = {}, reason: string | null = null): void {
    const user = actor.kind === 'user' ? actor.user : null
    audit.push({
      id: audit.length + 1, at: new Date(), username: user?.username ?? (actor.kind === 'system' ? actor.name : ''),
      agency: user?.agency ?? '', roles: user?.roles.join(',') ?? '', action,
      familyRef: target.familyRef ?? null, childRef: target.childRef ?? null, eventId: target.eventId ?? null,
      alertId: target.alertId ?? null, reason,
    })
  }

  function evaluate(stored: StoredFamily): StoredAlertView[] {
    const raised: StoredAlertView[] = []
    for (const a of evaluateAsOf(stored.doc, options.asOf)) {
      const existing = stored.alerts.find((s) => s.rule === a.rule && s.subject === a.subject)
      if (existing !== undefined) continue
      const alert = {
        id: nextAlertId++, rule: a.rule, title: a.title, advice: a.advice, source: a.source, subject: a.subject,
        firstFired: options.asOf, until: null, state: 'open' as const, resolution: null, events: [...a.events], threshold: a.threshold,
        history: [{ at: new Date(), action: 'raised' as const, actor: 'system', reason: null }],
      }
      stored.alerts.push(alert)
      raised.push(alert)
    }
    return raised
  }

  function addFamily(doc: FamilyDocument): StoredFamily {
    const stored: StoredFamily = families.get(doc.family.ref) ?? { doc, grants: new Set(), alerts: [] }
    stored.doc = doc
    families.set(doc.family.ref, stored)
    return stored
  }
  for (const doc of options.families) evaluate(addFamily(doc))

  function visibility(user: User, stored: StoredFamily): Visibility {
    return familyVisibility(user, {
      contributingAgencies: [...new Set(stored.doc.events.map((e) => e.agency))],
      grantedAgencies: [...stored.grants],
      breakGlassActive: breakGlass.has(`${user.id}:${stored.doc.family.ref}`),
    })
  }

  function visibleFamily(actor: Actor, ref: string): { user: User; stored: StoredFamily; visibility: Exclude<Visibility, 'none'> } {
    const user = userOf(actor)
    const stored = families.get(ref)
    if (stored === undefined) throw new NotFoundError()
    const v = visibility(user, stored)
    if (v === 'none') throw new NotFoundError()
    return { user, stored, visibility: v }
  }

  function record(user: User, stored: StoredFamily, v: Exclude<Visibility, 'none'>): FamilyRecord {
    const ordered = stored.doc.events.map((event, order) => ({ event, order, placed: placedDate(event) }))
      .sort((a, b) => (a.placed < b.placed ? -1 : a.placed > b.placed ? 1 : a.order - b.order)).map((x) => x.event)
    const events: EventRecord[] = ordered.map((event) => (event.restricted === true && !canReadRestricted(user, event.agency)
      ? { visible: false, id: event.id, date: event.date, agency: event.agency, restricted: true }
      : { visible: true, event, provenance: { source: event.agency, importedAt: new Date(0), importedBy: 'fake' } }))
    return {
      ref: stored.doc.family.ref, name: stored.doc.family.name ?? null, visibility: v, people: stored.doc.people,
      relationships: stored.doc.relationships ?? [], events, alerts: stored.alerts.map(({ history: _h, ...a }) => a),
      agencies: [...new Set(stored.doc.events.map((e) => e.agency))], evaluatedAsOf: options.asOf,
    }
  }

  function findAlert(alertId: number): { stored: StoredFamily; alert: StoredFamily['alerts'][number] } {
    for (const stored of families.values()) {
      const alert = stored.alerts.find((a) => a.id === alertId)
      if (alert !== undefined) return { stored, alert }
    }
    throw new NotFoundError()
  }

  function openPlans(doc: FamilyDocument): PlanKind[] {
    const open = new Set<PlanKind>()
    for (const e of doc.events) {
      if (e.type !== 'plan') continue
      if (e.change === 'end') open.delete(e.plan)
      else open.add(e.plan)
    }
    return [...open]
  }

  function redactedDocument(user: User, stored: StoredFamily, childRef?: string): FamilyDocument {
    const readable = stored.doc.events.filter((e) => e.restricted !== true || canReadRestricted(user, e.agency))
    const events = childRef === undefined ? readable : readable.filter((e) => e.subjects.includes(childRef))
    return { ...stored.doc, events, derived: { restricted_withheld: stored.doc.events.length - readable.length } }
  }

  const repository: CaseRepository = {
    async caseload(actor, query) {
      const user = userOf(actor)
      if (!canSeeCaseData(user)) return { entries: [], total: 0 }
      const entries: CaseloadEntry[] = []
      for (const stored of families.values()) {
        const v = visibility(user, stored)
        if (v === 'none' || v === 'break-glass') continue
        const { doc } = stored
        const open = stored.alerts.filter((a) => a.state !== 'resolved')
        const entry: CaseloadEntry = {
          familyRef: doc.family.ref, familyName: doc.family.name ?? null,
          children: doc.people.filter((p) => p.role !== 'adult').map((p) => ({ ref: p.ref, name: [p.given_name, p.family_name].filter(Boolean).join(' '), born: p.born ?? null, role: p.role as 'child' | 'unborn' })),
          openAlerts: open.length, alertRules: sortRulesBySeverity(new Set(open.map((a) => a.rule))),
          latestAlert: open.map((a) => a.firstFired).sort().at(-1) ?? null, openPlans: openPlans(doc),
          agencies: [...new Set(doc.events.map((e) => e.agency))], lastEvent: doc.events.map((e) => e.date).sort().at(-1) ?? null,
        }
        const search = query.search?.toLowerCase()
        if (search !== undefined && !doc.people.some((p) => [p.given_name, p.family_name, p.born, ...Object.values(p.identifiers ?? {})]
          .some((x) => x !== undefined && x.toLowerCase().includes(search)))) continue
        if (query.rule !== undefined && !entry.alertRules.includes(query.rule)) continue
        if (query.plan !== undefined && !entry.openPlans.includes(query.plan)) continue
        if (query.agency !== undefined && !entry.agencies.includes(query.agency)) continue
        entries.push(entry)
      }
      write(actor, 'search')
      const offset = query.offset ?? 0
      return { entries: entries.slice(offset, offset + (query.limit ?? 50)), total: entries.length }
    },
    async family(actor, ref, opts) {
      if (opts?.breakGlassReason !== undefined) return repository.breakGlass(actor, ref, opts.breakGlassReason)
      const { user, stored, visibility: v } = visibleFamily(actor, ref)
      write(actor, 'view', { familyRef: ref })
      return record(user, stored, v)
    },
    async child(actor, ref, childRef) {
      const { user, stored, visibility: v } = visibleFamily(actor, ref)
      if (!stored.doc.people.some((p) => p.ref === childRef && p.role !== 'adult')) throw new NotFoundError()
      write(actor, 'view', { familyRef: ref, childRef })
      return record(user, stored, v)
    },
    async alert(actor, alertId) {
      const { stored, alert } = findAlert(alertId)
      const { user, visibility: v } = visibleFamily(actor, stored.doc.family.ref)
      write(actor, 'view', { familyRef: stored.doc.family.ref, alertId })
      const { history, ...view } = alert
      return { family: record(user, stored, v), alert: view, history }
    },
    async actOnAlert(actor, alertId, change) {
      const { stored, alert } = findAlert(alertId)
      visibleFamily(actor, stored.doc.family.ref)
      if (change.reason.trim() === '') throw new ValidationError([{ field: 'reason', message: 'Enter a reason' }])
      alert.state = change.action === 'acknowledge' ? 'acknowledged' : change.action === 'resolve' ? 'resolved' : 'open'
      alert.resolution = change.action === 'resolve' ? 'closed_by_practitioner' : null
      const action = change.action === 'acknowledge' ? 'acknowledged' : change.action === 'resolve' ? 'resolved' : 'reopened'
      alert.history.push({ at: new Date(), action, actor: userOf(actor).username, reason: change.reason })
      write(actor, change.action === 'reopen' ? 'acknowledge' : change.action, { familyRef: stored.doc.family.ref, alertId }, change.reason)
    },
    async recordEvent(actor, ref, event, _asOf) {
      const { user, stored } = visibleFamily(actor, ref)
      const saved: ChronologyEvent = { ...event, agency: user.agency }
      stored.doc = { ...stored.doc, events: [...stored.doc.events, saved] }
      write(actor, 'record', { familyRef: ref, eventId: saved.id })
      return { eventId: saved.id, alertsRaised: evaluate(stored) }
    },
    async importFile(actor, path, opts) {
      const user = userOf(actor)
      if (!canImport(user)) throw new ForbiddenError()
      const problems: Problem[] = []
      const docs: FamilyDocument[] = []
      for await (const item of readExchangeFile(path)) {
        if (item.result.ok) docs.push(item.result.doc)
        else problems.push(...item.result.problems.map((p) => ({ ...p, file: opts.fileName ?? p.file })))
      }
      if (problems.length > 0) throw new ValidationError(problems)
      const alertsRaised: { familyRef: string; alert: StoredAlertView }[] = []
      const summaries = docs.map((doc) => {
        const existed = families.has(doc.family.ref)
        const stored = addFamily(doc)
        write(actor, 'import', { familyRef: doc.family.ref })
        for (const alert of evaluate(stored)) alertsRaised.push({ familyRef: doc.family.ref, alert })
        return { ref: doc.family.ref, status: existed ? 'updated' as const : 'created' as const, eventsAdded: doc.events.length, eventsUpdated: 0, eventsUnchanged: 0, eventsRemoved: 0 }
      })
      return { file: opts.fileName ?? path, source: opts.source ?? 'upload', importId: 1, families: summaries, events: docs.reduce((n, d) => n + d.events.length, 0), alertsRaised }
    },
    async exportFamily(actor, ref, opts) {
      const { user, stored } = visibleFamily(actor, ref)
      if (opts?.childRef !== undefined && !stored.doc.people.some((p) => p.ref === opts.childRef)) throw new NotFoundError()
      write(actor, 'export', { familyRef: ref, ...(opts?.childRef !== undefined ? { childRef: opts.childRef } : {}) })
      return { ...redactedDocument(user, stored, opts?.childRef), format: FORMAT }
    },
    async findPerson(actor, query) {
      const user = userOf(actor)
      if (!canSeeCaseData(user)) throw new ForbiddenError()
      write(actor, 'search')
      const matches: PersonMatch[] = []
      for (const stored of families.values()) {
        for (const p of stored.doc.people) {
          const name = [p.given_name, p.family_name].filter(Boolean).join(' ').toLowerCase()
          if (!name.includes(query.name.toLowerCase())) continue
          if (query.born !== undefined && p.born !== query.born) continue
          const visible = visibility(user, stored) !== 'none'
          matches.push({ matchId: `${stored.doc.family.ref}/${p.ref}`, matchedOn: query.born !== undefined ? ['name', 'born'] : ['name'], visible, ...(visible ? { familyRef: stored.doc.family.ref } : {}) })
        }
      }
      return matches
    },
    async requestAccess(actor, matchId, reason) {
      const user = userOf(actor)
      const familyRef = matchId.split('/')[0] ?? ''
      if (!families.has(familyRef)) throw new NotFoundError()
      const request: AccessRequestView = { id: requests.length + 1, familyRef, requestedBy: user.username, agency: user.agency, reason, at: new Date(), status: 'pending', decidedBy: null, decisionReason: null }
      requests.push(request)
      write(actor, 'access-request', { familyRef }, reason)
      return request
    },
    async accessRequests(actor, opts) {
      const user = userOf(actor)
      return requests.filter((r) => {
        const stored = families.get(r.familyRef)
        const mayDecide = stored !== undefined && canGrantAccess(user, visibility(user, stored))
        return (mayDecide || r.requestedBy === user.username) && (opts?.status === undefined || r.status === opts.status)
      })
    },
    async decideAccessRequest(actor, requestId, decision) {
      const user = userOf(actor)
      const request = requests.find((r) => r.id === requestId)
      const stored = request !== undefined ? families.get(request.familyRef) : undefined
      if (request === undefined || stored === undefined || !canGrantAccess(user, visibility(user, stored))) throw new NotFoundError()
      request.status = decision.grant ? 'granted' : 'refused'
      request.decidedBy = user.username
      request.decisionReason = decision.reason
      if (decision.grant) stored.grants.add(request.agency)
      write(actor, decision.grant ? 'access-grant' : 'access-refuse', { familyRef: request.familyRef }, decision.reason)
    },
    async breakGlass(actor, ref, reason) {
      const user = userOf(actor)
      const stored = families.get(ref)
      if (stored === undefined || !canSeeCaseData(user)) throw new NotFoundError()
      breakGlass.add(`${user.id}:${ref}`)
      write(actor, 'break-glass', { familyRef: ref }, reason)
      return record(user, stored, visibility(user, stored) as Exclude<Visibility, 'none'>)
    },
    async audit(actor, query) {
      if (!canSeeAudit(userOf(actor))) throw new ForbiddenError()
      const rows = audit.filter((r) => (query.username === undefined || r.username === query.username)
        && (query.familyRef === undefined || r.familyRef === query.familyRef)
        && (query.childRef === undefined || r.childRef === query.childRef)
        && (query.action === undefined || r.action === query.action))
      return { rows: rows.slice(query.offset ?? 0, (query.offset ?? 0) + (query.limit ?? 100)), total: rows.length }
    },
    async figures(actor) {
      if (!canSeeFigures(userOf(actor))) throw new ForbiddenError()
      const docs = [...families.values()]
      const byRule = new Map<string, { open: number; acknowledged: number; resolved: number }>()
      for (const a of docs.flatMap((d) => d.alerts)) {
        const row = byRule.get(a.rule) ?? { open: 0, acknowledged: 0, resolved: 0 }
        row[a.state]++
        byRule.set(a.rule, row)
      }
      const byAgency = new Map<string, number>()
      for (const e of docs.flatMap((d) => d.doc.events)) byAgency.set(e.agency, (byAgency.get(e.agency) ?? 0) + 1)
      return {
        families: docs.length,
        children: docs.reduce((n, d) => n + d.doc.people.filter((p) => p.role !== 'adult').length, 0),
        events: docs.reduce((n, d) => n + d.doc.events.length, 0),
        openAlertsByRule: [...byRule].map(([rule, counts]) => ({ rule, ...counts })),
        eventsByAgency: [...byAgency].map(([agency, events]) => ({ agency, events })),
      }
    },
  }

  const userService: UserService = {
    async authenticate(username, password) {
      const user = users.find((u) => u.username === username)
      const failed = failures.get(username) ?? 0
      if (failed >= LOCKOUT_AFTER) throw new UnauthenticatedError(LOCKED_MESSAGE)
      if (user === undefined || user.disabled || user.password !== password) {
        failures.set(username, failed + 1)
        write({ kind: 'system', name: username }, 'sign-in-failed')
        throw new UnauthenticatedError(failed + 1 >= LOCKOUT_AFTER ? LOCKED_MESSAGE : SIGN_IN_FAILED)
      }
      failures.delete(username)
      const { password: _p, ...plain } = user
      write({ kind: 'user', user: plain }, 'sign-in')
      return plain
    },
    async userById(id) {
      const user = users.find((u) => u.id === id)
      if (user === undefined) return null
      const { password: _p, ...plain } = user
      return plain
    },
    async createUser() { throw new ForbiddenError() },
    async disableUser(_actor, username) {
      const user = users.find((u) => u.username === username)
      if (user !== undefined) user.disabled = true
    },
    async resetPassword() { throw new ForbiddenError() },
    async listUsers() { return users.map(({ password: _p, ...u }) => u) },
  }

  return { repository, users: userService, audit, failures }
}

export type { Role }
