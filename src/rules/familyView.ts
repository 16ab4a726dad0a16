// What the rules read: a family's chronology as known on a date, with the
// people, plans and ages read exactly as practice-rules-readings.md §1 and §2
// say. Two stages, because replay evaluates many dates: indexFamily does the
// per-family work once (dates, order, people, relationships); viewAsOf then
// filters to the events known by a date, in one pass, and works out plans,
// dates of birth and event children lazily, once per view.
import { knownDate, placedDate, periodEnd, periodStart, type IsoDate } from '../exchange/dates.ts'
import type { ChronologyEvent, EventOf, EventType, FamilyDocument, Person, PlanKind } from '../exchange/schema.ts'
import { addMonths, addYears, DEFAULT_CALENDAR, type Calendar } from './calendar.ts'

/** An event with its placed and known dates (readings §1.1). */
export interface PlacedEvent<E extends ChronologyEvent = ChronologyEvent> {
  readonly event: E
  readonly id: string
  /** First day of the event's date: for ordering, windows and ages. */
  readonly placed: IsoDate
  /** The day from which the event counts in an as-of evaluation. */
  readonly known: IsoDate
  /** Position in the family's placed order (file order breaks ties). */
  readonly seq: number
}

export type PlanEvent = EventOf<'plan'>

/** One continuous plan of one kind for one child (readings §13). */
export interface PlanEpisode {
  readonly child: string
  readonly kind: PlanKind
  readonly start: IsoDate
  /** The day the plan ended; that day itself is off the plan. */
  readonly end: IsoDate | undefined
  readonly startEvent: PlacedEvent<PlanEvent>
  readonly endEvent: PlacedEvent<PlanEvent> | undefined
  /** Start, reviews and end, in order. */
  readonly events: readonly PlacedEvent<PlanEvent>[]
}

/** Relationships that make someone a child's parent or carer (readings §10). */
export const CARER_RELATIONSHIPS = ['mother', 'father', 'stepmother', 'stepfather', 'kinship_carer', 'foster_carer'] as const

const DOMESTIC_ABUSE_FACTORS: ReadonlySet<string> = new Set(['domestic_abuse_victim', 'domestic_abuse_perpetrator'])

/** The once-per-family part: everything that does not depend on the as-of date. */
export interface FamilyIndex {
  readonly familyRef: string
  readonly document: FamilyDocument
  readonly calendar: Calendar
  /** Every event, in placed order. */
  readonly events: readonly PlacedEvent[]
  /** The earliest placed date; undefined when there are no events. */
  readonly firstPlaced: IsoDate | undefined
  /** The end of the record: the latest known date of any event (readings §1.3). */
  readonly endOfRecord: IsoDate | undefined
  /** Distinct known dates, ascending: the only days on which what is known changes. */
  readonly knownDates: readonly IsoDate[]
  readonly people: ReadonlyMap<string, Person>
  /** People with role child or unborn, in file order. */
  readonly children: readonly Person[]
  /** Refs of the people related to `ref` by one of `types` (their `from`, where `to` is ref). */
  relativesOf(ref: string, types: readonly string[]): readonly string[]
  /** Parents and carers of a child (readings §10). */
  parentsAndCarers(childRef: string): readonly string[]
  /** How many events of a type are known by date. */
  countKnown(type: EventType, date: IsoDate): number
  /** Storage behind FamilyView.shared: one value per key, for the life of the index. */
  memo<T>(key: string, compute: () => T): T
  /**
   * The last day of the `months`-month window an event counts in (its placed
   * date + months, readings §6), worked out once per event for the life of the
   * index: replay asks for it on every day it evaluates.
   */
  windowEnd(e: PlacedEvent, months: number): IsoDate
}

/** The family as known on one date. Every method is cheap after its first call. */
export interface FamilyView {
  readonly index: FamilyIndex
  readonly familyRef: string
  readonly calendar: Calendar
  /** Events known on or before this date count (readings §1.2). */
  readonly knownBy: IsoDate
  /** Known events, in placed order. */
  readonly events: readonly PlacedEvent[]
  /** Known events of one type, in placed order. */
  ofType<T extends EventType>(type: T): readonly PlacedEvent<EventOf<T>>[]
  person(ref: string): Person | undefined
  /** People with role child or unborn. */
  readonly children: readonly Person[]
  /** Role child or unborn. */
  isChild(ref: string): boolean
  /** Date of birth (readings §12), undefined when not known. */
  dateOfBirth(ref: string): IsoDate | undefined
  /** Born on or before date: a child with no date of birth counts as born, an unborn person only once a birth is known. */
  isBornBy(ref: string, date: IsoDate): boolean
  /** The children an event is about (readings §9). */
  childrenOfEvent(e: PlacedEvent): readonly string[]
  /** Known events about a child (readings §9), in placed order. */
  eventsAbout(childRef: string): readonly PlacedEvent[]
  /** The people an event involves (readings §11). */
  involvedIn(e: PlacedEvent): readonly string[]
  parentsAndCarers(childRef: string): readonly string[]
  /** A child's plan episodes, all kinds, in start order (readings §13). */
  plans(childRef: string): readonly PlanEpisode[]
  /** The episode of one of `kinds` (any kind when omitted) open on date, if any. */
  planOn(childRef: string, date: IsoDate, kinds?: readonly PlanKind[]): PlanEpisode | undefined
  isOnPlan(childRef: string, kinds: readonly PlanKind[] | undefined, date: IsoDate): boolean
  /** Whole years on date; undefined when the date of birth is unknown or after date. */
  ageOn(ref: string, date: IsoDate): number | undefined
  /** The day a person turns `years` (anniversaries of 29 Feb on 1 Mar); undefined without a date of birth. */
  dateAged(ref: string, years: number): IsoDate | undefined
  /** Aged `years` or more on date; false without a date of birth. */
  isAgedAtLeast(ref: string, years: number, date: IsoDate): boolean
  /** Under `years` on date (and born); false without a date of birth. */
  isUnder(ref: string, years: number, date: IsoDate): boolean
  /**
   * Derived data that depends only on the known events of some types,
   * computed once per distinct set of them and shared by every view of the
   * family (replay builds a view per day something becomes known; most of
   * those days add nothing of these types). `name` must be unique to the
   * computation; `compute` must read only events of `types` (and people).
   */
  shared<T>(name: string, types: readonly EventType[], compute: () => T): T
}

export function indexFamily(doc: FamilyDocument, calendar: Calendar = DEFAULT_CALENDAR): FamilyIndex {
  const placedOrder = doc.events
    .map((event, fileOrder) => ({ event, fileOrder, placed: placedDate(event), known: knownDate(event) }))
    .sort((a, b) => (a.placed < b.placed ? -1 : a.placed > b.placed ? 1 : a.fileOrder - b.fileOrder))
  const events: PlacedEvent[] = placedOrder.map((e, seq) => ({ event: e.event, id: e.event.id, placed: e.placed, known: e.known, seq }))
  const knownDates = [...new Set(events.map((e) => e.known))].sort()
  const people = new Map(doc.people.map((p) => [p.ref, p]))
  const relationships = doc.relationships ?? []
  const relativesOf = (ref: string, types: readonly string[]) =>
    relationships.filter((r) => r.to === ref && types.includes(r.type)).map((r) => r.from)
  const carers = new Map<string, readonly string[]>()
  const memos = new Map<string, unknown>()
  const windowEnds = new Map<number, IsoDate[]>()
  const knownByType = new Map<EventType, IsoDate[]>()
  for (const e of events) {
    const list = knownByType.get(e.event.type)
    if (list) list.push(e.known)
    else knownByType.set(e.event.type, [e.known])
  }
  for (const list of knownByType.values()) list.sort()
  return {
    familyRef: doc.family.ref,
    document: doc,
    calendar,
    events,
    firstPlaced: events[0]?.placed,
    endOfRecord: knownDates[knownDates.length - 1],
    knownDates,
    people,
    children: doc.people.filter((p) => p.role === 'child' || p.role === 'unborn'),
    relativesOf,
    parentsAndCarers(childRef) {
      let found = carers.get(childRef)
      if (!found) carers.set(childRef, found = [...new Set(relativesOf(childRef, CARER_RELATIONSHIPS))])
      return found
    },
    countKnown(type, date) {
      const known = knownByType.get(type)
      if (!known) return 0
      let lo = 0, hi = known.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if ((known[mid] ?? '') <= date) lo = mid + 1
        else hi = mid
      }
      return lo
    },
    memo<T>(key: string, compute: () => T): T {
      if (memos.has(key)) return memos.get(key) as T
      const value = compute()
      memos.set(key, value)
      return value
    },
    windowEnd(e, months) {
      let ends = windowEnds.get(months)
      if (!ends) windowEnds.set(months, ends = events.map((x) => addMonths(x.placed, months)))
      return ends[e.seq] ?? addMonths(e.placed, months)
    },
  }
}

/** The family as known on `knownBy`. The events are filtered (one pass) on first use. */
export function viewAsOf(index: FamilyIndex, knownBy: IsoDate): FamilyView {
  let known: { events: PlacedEvent[], byType: Map<EventType, PlacedEvent[]> } | undefined
  const knownEvents = () => {
    if (known) return known
    const events = index.events.filter((e) => e.known <= knownBy)
    const byType = new Map<EventType, PlacedEvent[]>()
    for (const e of events) {
      const list = byType.get(e.event.type)
      if (list) list.push(e)
      else byType.set(e.event.type, [e])
    }
    return known = { events, byType }
  }
  const ofType = <T extends EventType>(type: T) => (knownEvents().byType.get(type) ?? []) as unknown as readonly PlacedEvent<EventOf<T>>[]
  // Events of a type known by a date are a prefix of that type's events in
  // known order, so their count identifies them.
  const shared = <T>(name: string, types: readonly EventType[], compute: () => T): T =>
    index.memo(`${name}|${types.map((t) => `${t}:${index.countKnown(t, knownBy)}`).join('|')}`, compute)

  const childRefs = new Set(index.children.map((p) => p.ref))
  const isChild = (ref: string) => childRefs.has(ref)

  let births: Map<string, IsoDate> | undefined
  const dateOfBirth = (ref: string): IsoDate | undefined => {
    births ??= shared('datesOfBirth', ['birth'], () => datesOfBirth(index, ofType('birth')))
    return births.get(ref)
  }
  const isBornBy = (ref: string, date: IsoDate) => {
    const dob = dateOfBirth(ref)
    if (dob !== undefined) return dob <= date
    return index.people.get(ref)?.role === 'child'
  }

  // Depends on the event and on dates of birth only.
  const eventChildren = shared('childrenOfEvent', ['birth'], () => new Map<number, readonly string[]>())
  const childrenOfEvent = (e: PlacedEvent): readonly string[] => {
    let found = eventChildren.get(e.seq)
    if (!found) {
      const named = e.event.subjects.filter(isChild)
      found = named.length > 0 ? named : index.children
        .filter((p) => p.role === 'child' && !((dateOfBirth(p.ref) ?? e.placed) > e.placed))
        .map((p) => p.ref)
      eventChildren.set(e.seq, found)
    }
    return found
  }

  let about: Map<string, PlacedEvent[]> | undefined
  const eventsAbout = (childRef: string): readonly PlacedEvent[] => {
    if (!about) {
      about = new Map()
      for (const e of knownEvents().events) {
        for (const c of childrenOfEvent(e)) {
          const list = about.get(c)
          if (list) list.push(e)
          else about.set(c, [e])
        }
      }
    }
    return about.get(childRef) ?? []
  }

  let planEpisodes: Map<string, PlanEpisode[]> | undefined
  const plans = (childRef: string): readonly PlanEpisode[] => {
    planEpisodes ??= shared('plans', ['plan'], () => planEpisodesByChild(ofType('plan'), isChild))
    return planEpisodes.get(childRef) ?? []
  }
  const planOn = (childRef: string, date: IsoDate, kinds?: readonly PlanKind[]) =>
    plans(childRef).find((p) => (!kinds || kinds.includes(p.kind)) && isOpenOn(p, date))

  const dateAged = (ref: string, years: number) => {
    const dob = dateOfBirth(ref)
    return dob === undefined ? undefined : addYears(dob, years)
  }

  return {
    index,
    familyRef: index.familyRef,
    calendar: index.calendar,
    knownBy,
    get events() {
      return knownEvents().events
    },
    ofType,
    person: (ref) => index.people.get(ref),
    children: index.children,
    isChild,
    dateOfBirth,
    isBornBy,
    childrenOfEvent,
    eventsAbout,
    involvedIn,
    parentsAndCarers: (childRef) => index.parentsAndCarers(childRef),
    plans,
    planOn,
    isOnPlan: (childRef, kinds, date) => planOn(childRef, date, kinds) !== undefined,
    ageOn(ref, date) {
      const dob = dateOfBirth(ref)
      if (dob === undefined || date < dob) return undefined
      let years = Number(date.slice(0, 4)) - Number(dob.slice(0, 4))
      if (addYears(dob, years) > date) years--
      return years
    },
    dateAged,
    isAgedAtLeast(ref, years, date) {
      const reached = dateAged(ref, years)
      return reached !== undefined && reached <= date
    },
    isUnder(ref, years, date) {
      const dob = dateOfBirth(ref)
      return dob !== undefined && dob <= date && date < addYears(dob, years)
    },
    shared,
  }
}

/** Both stages at once, for a single evaluation. */
export function buildFamilyView(doc: FamilyDocument, asOf: IsoDate, calendar?: Calendar): FamilyView {
  return viewAsOf(indexFamily(doc, calendar), asOf)
}

/** On the plan on date: from its start, up to but not including its end day. */
export function isOpenOn(plan: PlanEpisode, date: IsoDate): boolean {
  return plan.start <= date && (plan.end === undefined || date < plan.end)
}

/** Categories in force on date: those of the latest start or review up to date that records one. */
export function planCategoriesOn(plan: PlanEpisode, date: IsoDate): readonly string[] {
  let found: readonly string[] = []
  for (const e of plan.events) {
    if (e.placed > date) break
    const c = e.event.category
    if (e.event.change !== 'end' && c !== undefined) found = typeof c === 'string' ? [c] : c
  }
  return found
}

/** The category in force on date is, or includes, `category`; `multiple` counts for every category. */
export function planHasCategory(plan: PlanEpisode, category: string, date: IsoDate): boolean {
  const found = planCategoriesOn(plan, date)
  return found.includes(category) || found.includes('multiple')
}

/** Readings §11: who an event involves. */
function involvedIn(e: PlacedEvent): readonly string[] {
  const ev = e.event
  const extra: string[] = []
  if (ev.type === 'police_incident') {
    if (ev.victim !== undefined) extra.push(ev.victim)
    if (ev.perpetrator !== undefined) extra.push(ev.perpetrator)
  } else if (ev.type === 'adult_factor' && ev.other_party !== undefined && DOMESTIC_ABUSE_FACTORS.has(ev.factor)) {
    extra.push(ev.other_party)
  }
  return extra.length === 0 ? ev.subjects : [...new Set([...ev.subjects, ...extra])]
}

/** Readings §12, from the person records and the known births. */
function datesOfBirth(index: FamilyIndex, births: readonly PlacedEvent<EventOf<'birth'>>[]): Map<string, IsoDate> {
  const fromBirthEvent = new Map<string, IsoDate>()
  for (const b of births) if (b.event.date.length === 10 && !fromBirthEvent.has(b.event.child)) fromBirthEvent.set(b.event.child, b.event.date)
  const result = new Map<string, IsoDate>()
  for (const p of index.people.values()) {
    const fromEvent = fromBirthEvent.get(p.ref)
    if (p.role === 'unborn' || p.born === undefined) {
      if (fromEvent !== undefined) result.set(p.ref, fromEvent)
      continue
    }
    const inPeriod = fromEvent !== undefined && periodStart(p.born) <= fromEvent && fromEvent <= periodEnd(p.born)
    result.set(p.ref, inPeriod ? fromEvent : p.born.length === 10 ? p.born : p.born.length === 7 ? `${p.born}-01` : `${p.born}-07-01`)
  }
  return result
}

const CHANGE_ORDER = { start: 0, review: 1, end: 2 } as const

/** Readings §13: episodes per child from the plan events naming them. */
function planEpisodesByChild(planEvents: readonly PlacedEvent<PlanEvent>[], isChild: (ref: string) => boolean): Map<string, PlanEpisode[]> {
  const perChild = new Map<string, PlacedEvent<PlanEvent>[]>()
  for (const e of planEvents) {
    for (const ref of e.event.subjects) {
      if (!isChild(ref)) continue
      const list = perChild.get(ref)
      if (list) list.push(e)
      else perChild.set(ref, [e])
    }
  }
  const result = new Map<string, PlanEpisode[]>()
  for (const [child, list] of perChild) {
    const ordered = [...list].sort((a, b) =>
      a.placed < b.placed ? -1 : a.placed > b.placed ? 1 : (CHANGE_ORDER[a.event.change] - CHANGE_ORDER[b.event.change]) || a.seq - b.seq)
    const open = new Map<PlanKind, { start: PlacedEvent<PlanEvent>, events: PlacedEvent<PlanEvent>[] }>()
    const episodes: PlanEpisode[] = []
    const close = (kind: PlanKind, endEvent: PlacedEvent<PlanEvent> | undefined) => {
      const o = open.get(kind)
      if (!o) return
      open.delete(kind)
      episodes.push({ child, kind, start: o.start.placed, end: endEvent?.placed, startEvent: o.start, endEvent, events: o.events })
    }
    for (const e of ordered) {
      const kind = e.event.plan
      const current = open.get(kind)
      if (e.event.change === 'end') {
        if (current) {
          current.events.push(e)
          close(kind, e)
        }
      } else if (current) {
        // A start while one is open continues the same plan.
        current.events.push(e)
      } else {
        open.set(kind, { start: e, events: [e] })
      }
    }
    for (const kind of [...open.keys()]) close(kind, undefined)
    episodes.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.startEvent.seq - b.startEvent.seq))
    result.set(child, episodes)
  }
  return result
}
