// The child's lived experience as a view model for the Child page: their own
// words first, then when they were last seen, seen alone and heard, their
// health appointments, school attendance, education, neglect-tool scores,
// plans and alerts. Read from the visible events known on asOf only; plans,
// dates of birth and ages as the rules read them (readings §12, §13).
import { placedDate, type IsoDate } from '../../exchange/dates.ts'
import type { EventOf, EventType, Person, PlanKind } from '../../exchange/schema.ts'
import type { FamilyRecord, StoredAlertView } from '../../access/caseRepository.ts'
import { NotFoundError } from '../../errors/errors.ts'
import { diffDays } from '../../rules/calendar.ts'
import { isOpenOn, planCategoriesOn, type PlacedEvent } from '../../rules/familyView.ts'
import { agencyLabel, PLAN_STYLES } from './palette.ts'
import { openAlerts, personName, viewOfRecord } from './familyRecordView.ts'

/** Where an entry comes from: enough to link to its chronology row and say who recorded it. */
export interface EntryRef {
  eventId: string
  /** The date as recorded: full or partial (YYYY-MM, YYYY). */
  date: string
  approximate: boolean
  agency: string
  agencyLabel: string
}

export interface ChildWords extends EntryRef {
  words: string
  wordsForm: 'verbatim' | 'reported' | undefined
  method: EventOf<'child_voice'>['method']
  /** Who heard them: the recording agency, in words. */
  heardBy: string
}

export interface LastContact extends EntryRef {
  /** Days from the (first day of the) date to asOf. */
  daysSince: number
}

export type AppointmentStatus = EventOf<'appointment'>['status']

export interface AppointmentEntry extends EntryRef {
  service: EventOf<'appointment'>['service']
  status: AppointmentStatus
  missed: boolean
  reason: string | undefined
}

export interface AppointmentCounts {
  attended: number
  /** Was not brought or did not attend. */
  missed: number
  cancelledByFamily: number
  cancelledByService: number
}

export interface AttendancePoint extends EntryRef {
  periodEnd: IsoDate
  pct: number
  lates: number | undefined
}

export interface EducationEntry extends EntryRef {
  status: EventOf<'education'>['status']
}

export interface ScorePoint {
  eventId: string
  date: string
  score: number
}

/** One domain of a neglect tool, its scores in date order. */
export interface ScoresSeries {
  tool: string | undefined
  domain: string
  points: ScorePoint[]
}

export interface ChildPlan {
  kind: PlanKind
  label: string
  categories: readonly string[]
  start: IsoDate
  /** The day it ended; undefined while open. */
  end: IsoDate | undefined
  open: boolean
}

export interface ChildSummary {
  ref: string
  name: string
  role: 'child' | 'unborn' | 'adult'
  /** The date of birth as recorded (full or partial), or from a birth record. */
  born: string | undefined
  /** Exact, to the month or year (as recorded), or not known. */
  bornPrecision: 'day' | 'month' | 'year' | 'unknown'
  /** The date of birth the rules use (readings §12): a month-only date reads as its first day, a year-only one as 1 July. */
  dateOfBirth: IsoDate | undefined
  /** Due date of a child not yet born. */
  expected: string | undefined
  /** Whole years on asOf; undefined when not born or the date of birth is not known. */
  age: number | undefined
  /** Born by asOf: a child with no known date of birth counts as born, an unborn child only once a birth is known. */
  bornYet: boolean
}

export interface LivedExperience {
  asOf: IsoDate
  child: ChildSummary
  /** Their own words, latest first. */
  words: ChildWords[]
  lastSeen: LastContact | undefined
  lastSeenAlone: LastContact | undefined
  lastHeard: LastContact | undefined
  appointments: {
    totals: AppointmentCounts
    byService: ({ service: AppointmentEntry['service'] } & AppointmentCounts)[]
    /** Latest first. */
    list: AppointmentEntry[]
  }
  /** School attendance, in period order. */
  attendance: AttendancePoint[]
  /** Education status changes, in date order. */
  education: EducationEntry[]
  /** Neglect-tool scores, one series per tool and domain. */
  neglectScores: ScoresSeries[]
  plans: ChildPlan[]
  /** Open (or acknowledged) alerts about this child. */
  alerts: StoredAlertView[]
}

/** NotFoundError when childRef is not a child (or unborn child) of the family. */
export function childLivedExperience(record: FamilyRecord, childRef: string, asOf: IsoDate): LivedExperience {
  const view = viewOfRecord(record, asOf)
  const person = view.person(childRef)
  if (!person || !view.isChild(childRef)) throw new NotFoundError('No such child in this family')
  const naming = <T extends EventType>(type: T) => view.ofType(type).filter((e) => e.event.subjects.includes(childRef))
  const entry = (e: PlacedEvent): EntryRef => ({
    eventId: e.id, date: e.event.date, approximate: e.event.approximate === true,
    agency: e.event.agency, agencyLabel: agencyLabel(e.event.agency),
  })
  const contact = (e: PlacedEvent | undefined): LastContact | undefined =>
    e === undefined ? undefined : { ...entry(e), daysSince: diffDays(e.placed, asOf) }
  const latest = <E extends PlacedEvent>(events: readonly E[]) => events[events.length - 1]

  const voices = naming('child_voice')
  const words: ChildWords[] = voices.map((e) => ({
    ...entry(e), words: e.event.words, wordsForm: e.event.words_form, method: e.event.method, heardBy: agencyLabel(e.event.agency),
  })).reverse()

  const visits = view.ofType('visit')
  const seen = visits.filter((e) => (e.event.child_seen ?? []).includes(childRef))
  const seenAlone = visits.filter((e) => (e.event.child_seen_alone ?? []).includes(childRef))

  const appointmentList: AppointmentEntry[] = naming('appointment').map((e) => ({
    ...entry(e), service: e.event.service, status: e.event.status,
    missed: e.event.status === 'was_not_brought' || e.event.status === 'did_not_attend', reason: e.event.reason,
  }))
  const byService = new Map<AppointmentEntry['service'], AppointmentCounts>()
  const totals = emptyCounts()
  for (const a of appointmentList) {
    let counts = byService.get(a.service)
    if (!counts) byService.set(a.service, counts = emptyCounts())
    for (const c of [counts, totals]) {
      if (a.missed) c.missed++
      else if (a.status === 'attended') c.attended++
      else if (a.status === 'cancelled_by_family') c.cancelledByFamily++
      else c.cancelledByService++
    }
  }

  const attendance: AttendancePoint[] = naming('attendance')
    .map((e) => ({ ...entry(e), periodEnd: e.event.period_end, pct: e.event.attendance_pct, lates: e.event.lates }))
    .sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : 0))

  const series = new Map<string, ScoresSeries>()
  for (const e of naming('assessment')) {
    if (e.event.kind !== 'neglect_tool' || e.event.scores === undefined) continue
    for (const [domain, score] of Object.entries(e.event.scores)) {
      const key = `${e.event.tool ?? ''}\u0000${domain}`
      let s = series.get(key)
      if (!s) series.set(key, s = { tool: e.event.tool, domain, points: [] })
      s.points.push({ eventId: e.id, date: e.event.date, score })
    }
  }

  const plans: ChildPlan[] = view.plans(childRef).map((p) => ({
    kind: p.kind, label: PLAN_STYLES[p.kind].label, categories: planCategoriesOn(p, p.end ?? asOf),
    start: p.start, end: p.end, open: isOpenOn(p, asOf),
  }))

  return {
    asOf,
    child: childSummary(person, view.dateOfBirth(childRef), view.ageOn(childRef, asOf), asOf, view.ofType('birth').find((b) => b.event.child === childRef)?.event.date),
    words,
    lastSeen: contact(latest(seen)),
    lastSeenAlone: contact(latest(seenAlone)),
    lastHeard: contact(latest(voices)),
    appointments: { totals, byService: [...byService].map(([service, c]) => ({ service, ...c })), list: appointmentList.reverse() },
    attendance,
    education: naming('education').map((e) => ({ ...entry(e), status: e.event.status })),
    neglectScores: [...series.values()],
    plans,
    alerts: openAlerts(record).filter((a) => a.subject === childRef),
  }
}

function emptyCounts(): AppointmentCounts {
  return { attended: 0, missed: 0, cancelledByFamily: 0, cancelledByService: 0 }
}

function childSummary(
  person: Person,
  dateOfBirth: IsoDate | undefined, age: number | undefined, asOf: IsoDate, birthRecorded: string | undefined,
): ChildSummary {
  const born = person.role === 'unborn' ? (dateOfBirth !== undefined ? birthRecorded ?? dateOfBirth : undefined) : person.born ?? birthRecorded
  const precision = born === undefined ? 'unknown' : born.length === 10 ? 'day' : born.length === 7 ? 'month' : 'year'
  return {
    ref: person.ref,
    name: personName(person),
    role: person.role,
    born,
    bornPrecision: precision,
    dateOfBirth,
    expected: person.expected,
    age,
    bornYet: dateOfBirth !== undefined ? placedDate({ date: dateOfBirth }) <= asOf : person.role === 'child',
  }
}
