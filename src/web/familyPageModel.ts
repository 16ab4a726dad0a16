// What the family, child and alert pages show, worked out from a
// FamilyRecord (and, for the family page's chronology paging, from the
// family's outline): rows of the chronology table (restricted entries without
// their content), people and relationships in words, current plans.
import type { EventFilter, EventOutline, EventRecord, FamilyRecord, StoredAlertView } from '../access/caseRepository.ts'
import { ruleSeverityRank } from '../access/ruleSeverity.ts'
import type { ChronologyEvent, Person, PlanKind } from '../exchange/schema.ts'
import { eventAnchor } from './chronologyEntryHref.ts'
import { agencyName, humanise, lowerCaseWords } from './views.ts'

export interface ChronologyRow {
  id: string
  anchor: string
  date: string
  agency: string
  restricted: boolean
  /** False for a restricted entry the user may not read: only date and agency are shown. */
  visible: boolean
  type?: string
  summary?: string
  details?: string[]
  significance?: string
  action?: string
  outcome?: string
  subjects?: string[]
}

/** The chronology table's filter, applied by the store (CaseRepository.familyPage marks each event kept or not). */
export type ChronologyFilter = EventFilter

export function personName(person: Person | undefined): string {
  if (person === undefined) return 'Unknown person'
  const name = [person.given_name, person.family_name ?? ''].map((s) => s.trim()).filter((s) => s !== '').join(' ')
  return name === '' ? person.ref : name
}

const SKIP = new Set(['id', 'date', 'approximate', 'time', 'recorded', 'agency', 'subjects', 'summary', 'significance', 'action', 'outcome', 'restricted', 'type'])

/** The type's own facts in words, e.g. `Status: was not brought`. */
export function eventDetails(event: ChronologyEvent, names: Map<string, string>): string[] {
  const out: string[] = []
  for (const [key, value] of Object.entries(event)) {
    if (SKIP.has(key) || value === undefined) continue
    const show = (v: unknown): string => {
      if (typeof v === 'boolean') return v ? 'yes' : 'no'
      if (typeof v === 'string') return names.get(v) ?? (/^[a-z_]+$/.test(v) ? lowerCaseWords(humanise(v)) : v)
      if (Array.isArray(v)) return v.map(show).join(', ')
      if (typeof v === 'object' && v !== null) return Object.entries(v).map(([k, x]) => `${k} ${show(x)}`).join(', ')
      return String(v)
    }
    out.push(`${humanise(key)}: ${show(value)}`)
  }
  return out
}

export function peopleNames(record: FamilyRecord): Map<string, string> {
  return new Map(record.people.map((p) => [p.ref, personName(p)]))
}

export function chronologyRow(e: EventRecord, names: Map<string, string>): ChronologyRow {
  if (!e.visible) return { id: e.id, anchor: eventAnchor(e.id), date: e.date, agency: e.agency, restricted: true, visible: false }
  const ev = e.event
  return {
    id: ev.id, anchor: eventAnchor(ev.id), date: ev.date, agency: ev.agency, restricted: ev.restricted === true, visible: true,
    type: ev.type, summary: ev.summary, details: eventDetails(ev, names),
    ...(ev.significance !== undefined ? { significance: ev.significance } : {}),
    ...(ev.action !== undefined ? { action: ev.action } : {}),
    ...(ev.outcome !== undefined ? { outcome: ev.outcome } : {}),
    subjects: ev.subjects.map((s) => names.get(s) ?? s),
  }
}

/** Rows of the chronology table on one page. */
export const CHRONOLOGY_PAGE_SIZE = 50

/**
 * Pages of a list of `total` entries, oldest first, counted from the newest
 * end: the last page (the one a page opens at) always holds the latest
 * `size` entries in full, and the first page holds what is left over. What a
 * practitioner opens a family for is what happened lately.
 */
export interface Paging {
  total: number
  size: number
  pages: number
}

export function paging(total: number, size = CHRONOLOGY_PAGE_SIZE): Paging {
  return { total, size, pages: Math.max(1, Math.ceil(total / size)) }
}

/** The page (1-based) holding the entry at `index` (0-based). */
export function pageOfIndex(p: Paging, index: number): number {
  return p.pages - Math.floor((p.total - 1 - index) / p.size)
}

/** The entries on page `page` as [start, end) indexes. */
export function pageRange(p: Paging, page: number): { start: number; end: number } {
  const end = Math.max(0, p.total - (p.pages - page) * p.size)
  return { start: Math.max(0, end - p.size), end }
}

export interface ChronologyPage {
  /** The entries on the page, in order (their rows are built from their content: chronologyRows). */
  entries: EventOutline[]
  /** Entries the filter keeps, on every page. */
  total: number
  page: number
  pages: number
  /** 1-based positions of the first and last row shown, in the filtered list. */
  first: number
  last: number
  /** The page of the filtered list holding an entry, by its id; undefined when the filter leaves it out. */
  pageOf(id: string): number | undefined
}

/**
 * One page of the chronology table of the entries the filter keeps: the page
 * asked for (clamped to the pages there are), else the page holding `event`
 * when the filter keeps it, else the last page. Worked out from the outline:
 * only that page's entries are read in full.
 */
export function chronologyPage(events: readonly EventOutline[], at: { page?: number | undefined; event?: string | undefined } = {}): ChronologyPage {
  const kept = events.filter((e) => e.kept)
  const p = paging(kept.length)
  let indexes: Map<string, number> | undefined
  const pageOf = (id: string): number | undefined => {
    indexes ??= new Map(kept.map((e, i) => [e.id, i]))
    const i = indexes.get(id)
    return i === undefined ? undefined : pageOfIndex(p, i)
  }
  const page = at.page !== undefined ? Math.min(Math.max(1, at.page), p.pages) : (at.event !== undefined ? pageOf(at.event) : undefined) ?? p.pages
  const { start, end } = pageRange(p, page)
  return { entries: kept.slice(start, end), total: kept.length, page, pages: p.pages, first: Math.min(start + 1, end), last: end, pageOf }
}

/** The rows of a page's entries, from their content (read for them by key; one not read is left out). */
export function chronologyRows(page: ChronologyPage, byKey: ReadonlyMap<number, EventRecord>, names: Map<string, string>): ChronologyRow[] {
  return page.entries.flatMap((e) => {
    const record = byKey.get(e.key)
    return record === undefined ? [] : [chronologyRow(record, names)]
  })
}

/**
 * Where an entry's row is: on the page shown, on the page of the filtered
 * table holding it, or,
 * when the filter leaves it out, on the unfiltered table's page (the filter
 * cleared, the zoom kept). The last page, which the page opens at, is not
 * named in the link.
 */
export function entryHref(events: readonly EventOutline[], chronology: ChronologyPage, state: FamilyPageState, familyRef: string): (id: string) => string {
  let unfiltered: Map<string, number> | undefined
  const whole = paging(events.length)
  // Many marks link to one page: its address is worked out once.
  const pageHrefs = new Map<string, string>()
  const pageHref = (pageState: FamilyPageState, key: string): string => {
    let href = pageHrefs.get(key)
    if (href === undefined) pageHrefs.set(key, href = familyPageHref(familyRef, pageState, '').slice(0, -1))
    return href
  }
  return (id) => {
    const page = chronology.pageOf(id)
    // A row on the page shown is reached by its anchor alone: the link stays short, and following it does not reload the page.
    if (page === chronology.page) return `#${eventAnchor(id)}`
    if (page !== undefined) return `${pageHref({ ...state, page: page === chronology.pages ? undefined : page }, `f${page}`)}#${eventAnchor(id)}`
    unfiltered ??= new Map(events.map((e, i) => [e.id, i]))
    const index = unfiltered.get(id)
    const wholePage = index === undefined ? whole.pages : pageOfIndex(whole, index)
    return `${pageHref({ zoom: state.zoom, page: wholePage === whole.pages ? undefined : wholePage }, `u${wholePage}`)}#${eventAnchor(id)}`
  }
}

export interface PaginationLinks {
  previous?: { href: string }
  next?: { href: string }
  items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[]
}

/** GOV.UK pagination for the chronology: the first, the last, and the pages either side of the current one. */
export function paginationLinks(page: number, pages: number, href: (page: number) => string): PaginationLinks {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b)
  const items: PaginationLinks['items'] = []
  shown.forEach((n, i) => {
    if (i > 0 && n - (shown[i - 1] ?? n) > 1) items.push({ ellipsis: true })
    items.push({ number: n, href: href(n), current: n === page })
  })
  return {
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
    items,
  }
}

/** What the family page shows besides the family: timeline zoom, chronology filter and page. */
export interface FamilyPageState extends ChronologyFilter {
  zoom?: string | undefined
  page?: number | undefined
}

const STATE_KEYS = ['zoom', 'child', 'agency', 'type', 'from', 'to', 'page'] as const

/**
 * A link to the family page in `state` (`/families/F1?zoom=6m&page=2#chronology`),
 * so every link on the page keeps what the others chose.
 */
export function familyPageHref(familyRef: string, state: FamilyPageState, anchor: string): string {
  const query = new URLSearchParams()
  for (const key of STATE_KEYS) {
    const value = state[key]
    if (value !== undefined) query.set(key, String(value))
  }
  const search = query.toString()
  return `/families/${encodeURIComponent(familyRef)}${search === '' ? '' : `?${search}`}#${anchor}`
}

export interface PersonRow {
  ref: string
  name: string
  role: string
  born: string | null
  relationships: string[]
}

export function peopleRows(record: FamilyRecord): PersonRow[] {
  const names = peopleNames(record)
  return record.people.map((p) => ({
    ref: p.ref,
    name: personName(p),
    role: p.role === 'unborn' ? 'Unborn child' : humanise(p.role),
    born: p.born ?? (p.expected !== undefined ? `expected ${p.expected}` : null),
    relationships: (record.relationships).filter((r) => r.from === p.ref)
      .map((r) => `${humanise(r.type)} of ${names.get(r.to) ?? r.to}`),
  }))
}

export interface PlanRow {
  plan: PlanKind
  since: string
  children: string[]
}

/** Plans started (or reviewed) and not since ended, by what the user may read. */
export function currentPlans(record: FamilyRecord): PlanRow[] {
  const names = peopleNames(record)
  const open = new Map<PlanKind, PlanRow>()
  for (const e of record.events) {
    if (!e.visible || e.event.type !== 'plan') continue
    const ev = e.event
    if (ev.change === 'end') open.delete(ev.plan)
    else if (!open.has(ev.plan)) open.set(ev.plan, { plan: ev.plan, since: ev.date, children: ev.subjects.map((s) => names.get(s) ?? s) })
  }
  return [...open.values()]
}

export function subjectName(record: FamilyRecord, subject: string): string {
  if (subject === 'family') return 'The family'
  return personName(record.people.find((p) => p.ref === subject))
}

export interface AlertRow extends StoredAlertView {
  subjectName: string
}

export function alertRows(record: FamilyRecord, alerts: StoredAlertView[]): AlertRow[] {
  return alerts.map((a) => ({ ...a, subjectName: subjectName(record, a.subject) }))
}

export interface GroupedAlert extends AlertRow {
  /** True when another alert of the rule is about the same subject from the same day: its threshold tells them apart. */
  showThreshold: boolean
}

export interface AlertGroup {
  rule: string
  title: string
  alerts: GroupedAlert[]
}

/**
 * Alerts grouped by rule, the most serious rule first; within a rule by
 * subject (children in the family's order, the family last), then by date.
 */
export function alertGroups(record: FamilyRecord, alerts: StoredAlertView[]): AlertGroup[] {
  const subjectOrder = new Map(record.people.map((p, i) => [p.ref, i]))
  const orderOf = (subject: string): number => subjectOrder.get(subject) ?? record.people.length
  const byRule = new Map<string, AlertRow[]>()
  for (const row of alertRows(record, alerts)) {
    const rows = byRule.get(row.rule)
    if (rows === undefined) byRule.set(row.rule, [row])
    else rows.push(row)
  }
  return [...byRule.entries()]
    .sort(([a], [b]) => ruleSeverityRank(a) - ruleSeverityRank(b) || a.localeCompare(b))
    .map(([rule, rows]) => {
      const sameDay = (a: AlertRow, b: AlertRow): boolean => a.subject === b.subject && a.firstFired === b.firstFired
      const sorted = [...rows].sort((a, b) => orderOf(a.subject) - orderOf(b.subject) || a.firstFired.localeCompare(b.firstFired) || a.id - b.id)
      return {
        rule,
        title: rows[0]?.title ?? rule,
        alerts: sorted.map((a) => ({ ...a, showThreshold: rows.some((b) => b !== a && sameDay(a, b)) })),
      }
    })
}

export function eventTypesIn(types: readonly string[]): { value: string; text: string }[] {
  return [...new Set(types)].sort().map((t) => ({ value: t, text: humanise(t) }))
}

export function agenciesIn(agencies: readonly string[]): { value: string; text: string }[] {
  return [...new Set(agencies)].sort().map((a) => ({ value: a, text: agencyName(a) }))
}
