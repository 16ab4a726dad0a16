// The working state of one family while it is generated: its people, its
// events (as drafts, ids given at the end in date order) and the small ledgers
// that keep an ordinary family clear of the practice rules' thresholds.
import type { ChronologyEvent, FamilyDocument, Person, Relationship } from '../exchange/schema.ts'
import { FORMAT } from '../exchange/schema.ts'
import { dayNumber, fromDayNumber, type Calendar } from '../rules/calendar.ts'
import type { Random } from './random.ts'

/** A pattern the generator planted, and the date its condition first holds (practice-rules-readings.md). */
export interface PlantedPattern {
  rule: string
  /** A child's person ref, or 'family' for the household rules. */
  subject: string
  from: string
  events: string[]
}

export interface GeneratedFamily {
  doc: FamilyDocument
  planted: PlantedPattern[]
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** An event before it has an id and a date string: the builder gives both. */
export type NewEvent = DistributiveOmit<ChronologyEvent, 'id' | 'date'>

export interface ChildInfo {
  ref: string
  given: string
  /** Day number of birth; for an unborn child, the expected date. */
  born: number
  unborn: boolean
}

export interface AdultInfo {
  ref: string
  given: string
  family: string
  /** Lives in the household (mother, father at home, stepfather, partner). */
  inHousehold: boolean
}

export type PlanKindCode = 'early_help' | 'child_in_need' | 'child_protection' | 'plo_pre_proceedings' | 'care_proceedings' | 'looked_after'

export interface PlanPeriod {
  kind: PlanKindCode
  start: number
  /** Day of the `end` event, or null when still open at the end of the record. */
  end: number | null
  children: string[]
  category?: string
  startEvent: ChronologyEvent
}

/** Planted patterns reference events by object; ids are given when the document is finished. */
export interface PlantedDraft {
  rule: string
  subject: string
  from: number
  events: ChronologyEvent[]
  /** Works the date out again from the finished events: a pattern planted later can move it. */
  recompute?: () => number | null
}

interface Draft {
  day: number
  seq: number
  ev: ChronologyEvent
}

/** Which adult difficulties an ordinary family may show: never all three of the toxic trio. */
export type RiskKind = 'substance' | 'mental_health' | 'domestic_abuse'

export class FamilyBuilder {
  readonly people: Person[] = []
  readonly relationships: Relationship[] = []
  readonly children: ChildInfo[] = []
  readonly plans: PlanPeriod[] = []
  familyName = ''
  address = ''
  authority = ''
  mother: AdultInfo | null = null
  /** The children's father or stepfather in the household, if any. */
  fatherFigure: AdultInfo | null = null
  grandmother: AdultInfo | null = null
  riskKinds: RiskKind[] = []
  /** The one neglect aspect an ordinary family's observations may name (never three). */
  ordinaryAspect: 'emotional' | 'physical' | 'supervision' | 'nutritional' = 'emotional'

  // Ledgers (day numbers) that keep ordinary families under the thresholds.
  readonly missesByChild = new Map<string, number[]>()
  readonly referralDays: number[] = []
  readonly incidentDays: number[] = []
  lastNonFullAccess = -Infinity
  lastSocialWorkerChange = -Infinity
  lastAddressChange = -Infinity
  lastParentingNotObserved = false

  private drafts: Draft[] = []
  /** A resolved escalation and the escalation it resolves: `refers_to` is filled in once ids are given. */
  private links: [ChronologyEvent, ChronologyEvent][] = []
  private seq = 0

  constructor(
    readonly ref: string,
    readonly rng: Random,
    readonly cal: Calendar,
    readonly startDay: number,
    readonly endDay: number,
  ) {}

  add<E extends NewEvent>(day: number, ev: E): ChronologyEvent {
    const full = { id: '', date: fromDayNumber(day), ...ev } as ChronologyEvent
    this.drafts.push({ day, seq: this.seq++, ev: full })
    return full
  }

  linkRefersTo(resolved: ChronologyEvent, raised: ChronologyEvent): void {
    this.links.push([resolved, raised])
  }

  /** Removes events; returns how many went. */
  remove(test: (ev: ChronologyEvent, day: number) => boolean): number {
    const before = this.drafts.length
    this.drafts = this.drafts.filter((d) => !test(d.ev, d.day))
    return before - this.drafts.length
  }

  events(): readonly ChronologyEvent[] {
    return this.drafts.map((d) => d.ev)
  }

  dayOf(ev: ChronologyEvent): number {
    return dayNumber(ev.date)
  }

  /** Children born on or before the day (never the unborn). */
  bornBy(day: number): ChildInfo[] {
    return this.children.filter((c) => !c.unborn && c.born <= day)
  }

  child(ref: string): ChildInfo {
    const c = this.children.find((x) => x.ref === ref)
    if (!c) throw new Error(`no child ${ref}`)
    return c
  }

  ageAt(child: ChildInfo, day: number): number {
    return Math.floor((day - child.born) / 365.25)
  }

  isWorkingDay(day: number): boolean {
    return this.cal.isWorkingDay(fromDayNumber(day))
  }

  /** The day itself when it is a working day, else the next working day. */
  workingDay(day: number): number {
    let d = day
    while (!this.isWorkingDay(d)) d++
    return d
  }

  addWorkingDays(day: number, n: number): number {
    return dayNumber(this.cal.addWorkingDays(fromDayNumber(day), n))
  }

  /** Sorts by date (same-day events keep the order they were made in), gives ids, and resolves planted events to ids. */
  finish(name: string, planted: readonly PlantedDraft[]): GeneratedFamily {
    const sorted = [...this.drafts].sort((a, b) => a.day - b.day || a.seq - b.seq)
    const width = Math.max(3, String(sorted.length).length)
    sorted.forEach((d, i) => { d.ev.id = `e${String(i + 1).padStart(width, '0')}` })
    for (const [resolved, raised] of this.links) {
      if (resolved.type === 'escalation' && raised.id !== '') resolved.refers_to = raised.id
    }
    const doc: FamilyDocument = {
      format: FORMAT,
      family: { ref: this.ref, name: name },
      people: this.people,
      relationships: this.relationships,
      events: sorted.map((d) => d.ev),
    }
    return {
      doc,
      planted: planted.map((p) => ({ rule: p.rule, subject: p.subject, from: fromDayNumber(p.from), events: p.events.map((e) => e.id) })),
    }
  }
}
