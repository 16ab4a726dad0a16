// The one way to a family's record. Every method checks access in its query
// (deny by default: what a user may not see answers NotFoundError, so its
// existence does not leak) and writes its audit row in the same transaction;
// if the audit row cannot be written, nothing is returned or changed.
// The implementation is store/createCaseRepository.ts.
import type { IsoDate } from '../exchange/dates.ts'
import type { ChronologyEvent, FamilyDocument, Person, PlanKind, Relationship } from '../exchange/schema.ts'
import type { ImportSummary } from '../store/importFile.ts'
import type { AlertAction, AlertResolution, AlertState } from '../store/alertTables.ts'
import type { EngineOptions, ReplayResult } from '../rules/engine.ts'
import type { Actor, AuditAction, SignedInUser, User, Visibility } from './types.ts'

export interface Provenance {
  source: string
  importedAt: Date
  importedBy: string
}

/** An event the user may read in full. */
export interface VisibleEvent {
  visible: true
  event: ChronologyEvent
  provenance: Provenance
}

/** A restricted event the user may not read: only that it exists, when, and from whom. */
export interface RedactedEvent {
  visible: false
  id: string
  date: string
  agency: string
  /** The children it is about are not shown either. */
  restricted: true
}

export type EventRecord = VisibleEvent | RedactedEvent

/** Which chronology entries to list; every field optional. */
export interface EventFilter {
  /** Entries naming this child (subjects, children seen, present, born). */
  child?: string | undefined
  agency?: string | undefined
  type?: string | undefined
  /** Placed on or after this day (YYYY-MM-DD). */
  from?: string | undefined
  /** Placed on or before this day. */
  to?: string | undefined
}

/**
 * What the family page needs of every event to count and page the
 * chronology and to place the timeline, without its content: a large
 * family's page reads the content of the few events it shows (see
 * CaseRepository.familyPage).
 */
export interface EventOutline {
  /** The store's own key for the event: what its content is asked for by. */
  key: number
  /** The id it is known by in the merged chronology (as EventRecord's). */
  id: string
  date: string
  /**
   * Whether the page's filter keeps it. A restricted entry the user may not
   * read is left out whenever the filter is by child or type: keeping it
   * would tell what it is about.
   */
  kept: boolean
}

export interface StoredAlertView {
  id: number
  rule: string
  title: string
  advice: string
  source: string
  /** A child's ref, or 'family'. */
  subject: string
  firstFired: IsoDate
  until: IsoDate | null
  state: AlertState
  resolution: AlertResolution | null
  /** Ids of the contributing events; a restricted one shows in `events` as a RedactedEvent. */
  events: string[]
  threshold: string
}

export interface AlertHistoryView {
  at: Date
  action: AlertAction
  actor: string
  reason: string | null
}

/** Who did something, as a practitioner reads it: a person by name and agency, or Throughline itself. */
export interface ActorName {
  /** The username (or the system's name) the record holds. */
  username: string
  /** The user's name; for the system, what it was doing, e.g. `Throughline (automatic evaluation)`. */
  name: string
  /** The user's agency code; null for the system, or a name no account holds. */
  agency: string | null
}

/** A history entry with who acted named. */
export interface NamedAlertHistoryView extends AlertHistoryView {
  by: ActorName
}

export interface FamilyRecord {
  ref: string
  name: string | null
  visibility: Exclude<Visibility, 'none'>
  people: Person[]
  relationships: Relationship[]
  /** In chronological order (placed date, then the order sent). */
  events: EventRecord[]
  alerts: StoredAlertView[]
  /** Agencies that have contributed records. */
  agencies: string[]
  /** The day the alerts were last brought up to date as of. */
  evaluatedAsOf: IsoDate | null
}

/** A family with every event in outline (chronology order), the content of only some. */
export interface FamilyOutline extends Omit<FamilyRecord, 'events'> {
  events: EventOutline[]
  /** The types of the events the user may read: what the filter offers beside `agencies`. */
  eventTypes: string[]
}

export interface FamilyPageRecord {
  outline: FamilyOutline
  /**
   * In chronology order: the events `detail` asked for, every plan and birth
   * (which shape the whole timeline) and, for a family of few events, all of
   * them, in full; those the user may not read, as RedactedEvents.
   */
  detailed: EventRecord[]
  /** The detailed events by outline key. */
  byKey: ReadonlyMap<number, EventRecord>
}

export interface CaseloadQuery {
  /** Name, date of birth (YYYY-MM-DD) or any identifier (NHS number, UPN, ...). */
  search?: string
  rule?: string
  plan?: PlanKind
  agency?: string
  limit?: number
  offset?: number
}

export interface CaseloadEntry {
  familyRef: string
  familyName: string | null
  children: { ref: string; name: string; born: string | null; role: 'child' | 'unborn' }[]
  openAlerts: number
  /** Open alerts by rule id, most serious first. */
  alertRules: string[]
  latestAlert: IsoDate | null
  openPlans: PlanKind[]
  agencies: string[]
  lastEvent: IsoDate | null
}

export interface CaseloadPage {
  entries: CaseloadEntry[]
  total: number
}

/** A person known to the system whom the user may not see: enough to ask for access, nothing more. */
export interface PersonMatch {
  /** Present only when the user can already see the family. */
  familyRef?: string
  /** An opaque handle to request access with. */
  matchId: string
  matchedOn: ('name' | 'born' | 'identifier')[]
  visible: boolean
}

export interface AccessRequestView {
  id: number
  /** Null for a requester whose agency may not (yet) see the family: the ref is not theirs to learn until access is granted. */
  familyRef: string | null
  requestedBy: string
  /** The requester by name and agency. */
  requester: ActorName
  agency: string
  reason: string
  at: Date
  status: 'pending' | 'granted' | 'refused'
  decidedBy: string | null
  /** Who decided, by name and agency; null while pending. */
  decider: ActorName | null
  decisionReason: string | null
}

export interface AuditQuery {
  username?: string
  familyRef?: string
  childRef?: string
  action?: AuditAction
  from?: IsoDate
  to?: IsoDate
  limit?: number
  offset?: number
}

export interface AuditRowView {
  id: number
  at: Date
  username: string
  /** The user (or the system) by name. */
  by: ActorName
  agency: string
  roles: string
  action: AuditAction
  familyRef: string | null
  childRef: string | null
  eventId: string | null
  alertId: number | null
  reason: string | null
}

/** Figures for partnership analysts: counts only, never names or refs. */
export interface PartnershipFigures {
  families: number
  children: number
  events: number
  openAlertsByRule: { rule: string; open: number; acknowledged: number; resolved: number }[]
  eventsByAgency: { agency: string; events: number }[]
}

/** A replay over what the user may read, with the family's stored alerts they may see. */
export interface FamilyReplay extends ReplayResult {
  storedAlerts: StoredAlertView[]
}

export interface CaseRepository {
  caseload(actor: Actor, query: CaseloadQuery): Promise<CaseloadPage>
  /** Audit: view (or break-glass when breakGlassReason is given). NotFoundError when not visible. */
  family(actor: Actor, familyRef: string, options?: { breakGlassReason?: string }): Promise<FamilyRecord>
  /**
   * The family page's read, audited as `family` is: every event in outline,
   * marked kept or not by `filter`, and the content of those `detail` picks
   * from the outline (its keys), with every plan and birth. One statement for
   * a family of few events, which come whole; two for a large one, whose
   * content is read for the events shown only. NotFoundError as `family`.
   */
  familyPage(actor: Actor, familyRef: string, filter: EventFilter, detail: (outline: FamilyOutline) => Iterable<number>): Promise<FamilyPageRecord>
  /** The family record, audited as a view of this child. NotFoundError when the child is not in a visible family. */
  child(actor: Actor, familyRef: string, childRef: string): Promise<FamilyRecord>
  /** The history names who acted (users by name and agency, the automatic evaluation as Throughline). */
  alert(actor: Actor, alertId: number): Promise<{ family: FamilyRecord; alert: StoredAlertView; history: NamedAlertHistoryView[] }>
  /** Audit: acknowledge / resolve. A reason is required. */
  actOnAlert(actor: Actor, alertId: number, change: { action: 'acknowledge' | 'resolve' | 'reopen'; reason: string }): Promise<void>
  /**
   * Records one event from the actor's agency (source `web:<agency>`), then
   * re-evaluates the family's alerts as of `asOf`. Audit: record.
   */
  recordEvent(actor: Actor, familyRef: string, event: ChronologyEvent, asOf: IsoDate): Promise<{ eventId: string; alertsRaised: StoredAlertView[] }>
  /** All-or-nothing import, then evaluation of the families it touched. Audit: import, one row per family. */
  importFile(actor: Actor, path: string, options: { source?: string; fileName?: string; asOf: IsoDate; onProgress?: (bytesRead: number, totalBytes: number) => void }): Promise<ImportSummary & { alertsRaised: { familyRef: string; alert: StoredAlertView }[] }>
  /**
   * The family (or one child's part of it) in the exchange format, restricted
   * entries the user may not read left out and counted in `derived`. Audit: export.
   */
  exportFamily(actor: Actor, familyRef: string, options?: { childRef?: string; format?: 'json' | 'csv' | 'pdf' }): Promise<FamilyDocument>
  /**
   * Replays the rules up to `asOf` over the events the user may read only
   * (restricted entries they may not read are left out, so no episode rests
   * on them). Audit: view, one row. NotFoundError when not visible.
   */
  replay(actor: Actor, familyRef: string, options: { asOf: IsoDate; engine?: EngineOptions }): Promise<FamilyReplay>
  findPerson(actor: Actor, query: { name: string; born?: IsoDate }): Promise<PersonMatch[]>
  requestAccess(actor: Actor, matchId: string, reason: string): Promise<AccessRequestView>
  accessRequests(actor: Actor, options?: { status?: AccessRequestView['status'] }): Promise<AccessRequestView[]>
  /** By children's social care or a manager of an agency that can see the family. */
  decideAccessRequest(actor: Actor, requestId: number, decision: { grant: boolean; reason: string }): Promise<void>
  /** Open a family the user cannot normally see, after stating a reason; flagged and reported to managers. */
  breakGlass(actor: Actor, familyRef: string, reason: string): Promise<FamilyRecord>
  /** Managers and admins only. */
  audit(actor: Actor, query: AuditQuery): Promise<{ rows: AuditRowView[]; total: number }>
  /** Partnership analysts (and managers): aggregate figures, no names. */
  figures(actor: Actor): Promise<PartnershipFigures>
}

/** An account as an administrator sees it. */
export interface UserAccount extends SignedInUser {
  /** Locked: too many failed sign-ins, until `lockedUntil`. Disabled wins over locked. */
  state: 'active' | 'disabled' | 'locked'
  lockedUntil: Date | null
  /** The last successful sign-in the audit log holds; null if none. */
  lastSignIn: Date | null
}

export interface SignInResult {
  user: User
}

export interface UserService {
  /** Throws UnauthenticatedError with one message for every failure (no user enumeration); locks after repeated failures. Audit: sign-in / sign-in-failed. */
  authenticate(username: string, password: string, context: { ip: string }): Promise<SignedInUser>
  /** Audit: sign-out. */
  signOut(user: User, context: { ip: string }): Promise<void>
  userById(id: number): Promise<SignedInUser | null>
  /**
   * A signed-in user replaces their password, giving the current one; this
   * clears the must-change flag and ends every session of theirs (the web
   * starts a new one for the request that asked). ValidationError (by field:
   * currentPassword, password) for a wrong or locked current password, a weak
   * new one, or one the same as the current. Audit: user-admin
   * (change-own-password); a wrong current password counts towards the lock
   * like a failed sign-in, audited as sign-in-failed.
   */
  changeOwnPassword(user: User, passwords: { current: string; next: string }, context: { ip: string }): Promise<void>
  // Account management is for administrators (and the command line, as the
  // system): anyone else is refused with a `refused` audit row and ForbiddenError.
  /**
   * For a page that only offers account management: refuses (audited) anyone
   * but an administrator; writes nothing otherwise. `attempt` says in the
   * refused row what was tried (default `open`) and on which username.
   */
  requireAdministrator(actor: Actor, attempt?: { change: string; username?: string }): Promise<void>
  /**
   * Audit: user-admin (create). ConflictError for a taken username, ValidationError for a bad one.
   * The password is temporary (its user must change it at the next sign-in) when an administrator
   * sets it, always, or when the system says so (`temporaryPassword`; demo and test accounts do not).
   */
  createUser(actor: Actor, user: NewUser): Promise<User>
  /** Ends the user's sessions. Audit: user-admin (disable). A user cannot disable their own account (ConflictError). */
  disableUser(actor: Actor, username: string): Promise<void>
  /**
   * Sets a temporary password (changed at the next sign-in), clears a lock, ends the user's sessions.
   * ConflictError for a disabled account. Audit: user-admin (reset-password).
   */
  resetPassword(actor: Actor, username: string, password: string): Promise<void>
  /** Every account, by username. Audit: view. */
  listUsers(actor: Actor): Promise<UserAccount[]>
  /** One account. Audit: view. NotFoundError when there is none. */
  account(actor: Actor, username: string): Promise<UserAccount>
}

export interface NewUser {
  username: string
  displayName: string
  agency: string
  roles: User['roles']
  password: string
  /** For the system only (an administrator's is always temporary): the user must choose their own at the next sign-in. */
  temporaryPassword?: boolean
}
