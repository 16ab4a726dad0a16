// The child's lived experience, from what the user may read: their own
// words first, then when they were last seen, seen alone and heard, health
// appointments, school attendance, neglect tool scores and their alerts.
import type { FamilyRecord, StoredAlertView, VisibleEvent } from '../access/caseRepository.ts'
import { placedDate } from '../exchange/dates.ts'
import type { EventOf, Person } from '../exchange/schema.ts'
import { eventAnchor, eventConcerns, personName } from './familyPageModel.ts'

export interface ChildWords {
  date: string
  words: string
  form: 'verbatim' | 'reported' | undefined
  heardBy: string
  method: string | undefined
  anchor: string
}

export interface ChildPage {
  child: Person
  name: string
  words: ChildWords[]
  lastSeen: string | null
  lastSeenAlone: string | null
  lastHeard: string | null
  appointments: { attended: number; missed: number; rows: { date: string; service: string; status: string; anchor: string }[] }
  attendance: { periodEnd: string; date: string; percent: number; anchor: string }[]
  neglectScores: { date: string; tool: string | undefined; scores: { domain: string; score: number }[]; anchor: string }[]
  domains: string[]
  alerts: StoredAlertView[]
}

const MISSED = new Set(['was_not_brought', 'did_not_attend'])

function latest(dates: string[]): string | null {
  return dates.length === 0 ? null : dates.reduce((a, b) => (placedDate({ date: b }) > placedDate({ date: a }) ? b : a))
}

function eventsOf<T extends VisibleEvent['event']['type']>(record: FamilyRecord, type: T, childRef: string): EventOf<T>[] {
  return record.events
    .filter((e): e is VisibleEvent => e.visible && e.event.type === type && eventConcerns(e.event, childRef))
    .map((e) => e.event as EventOf<T>)
}

export function childPage(record: FamilyRecord, child: Person): ChildPage {
  const ref = child.ref
  const voices = eventsOf(record, 'child_voice', ref)
  const visits = eventsOf(record, 'visit', ref)
  const appointments = eventsOf(record, 'appointment', ref)
  const attendance = eventsOf(record, 'attendance', ref)
  const neglect = eventsOf(record, 'assessment', ref).filter((a) => a.kind === 'neglect_tool' && a.scores !== undefined)
  const domains = [...new Set(neglect.flatMap((a) => Object.keys(a.scores ?? {})))].sort()
  return {
    child,
    name: personName(child),
    words: [...voices].reverse().map((v) => ({ date: v.date, words: v.words, form: v.words_form, heardBy: v.agency, method: v.method, anchor: eventAnchor(v.id) })),
    lastSeen: latest(visits.filter((v) => (v.child_seen ?? []).includes(ref)).map((v) => v.date)),
    lastSeenAlone: latest(visits.filter((v) => (v.child_seen_alone ?? []).includes(ref)).map((v) => v.date)),
    lastHeard: latest(voices.map((v) => v.date)),
    appointments: {
      attended: appointments.filter((a) => a.status === 'attended').length,
      missed: appointments.filter((a) => MISSED.has(a.status)).length,
      rows: appointments.map((a) => ({ date: a.date, service: a.service, status: a.status, anchor: eventAnchor(a.id) })),
    },
    attendance: attendance.map((a) => ({ periodEnd: a.period_end, date: a.date, percent: a.attendance_pct, anchor: eventAnchor(a.id) })),
    neglectScores: neglect.map((a) => ({ date: a.date, tool: a.tool, scores: Object.entries(a.scores ?? {}).map(([domain, score]) => ({ domain, score })), anchor: eventAnchor(a.id) })),
    domains,
    alerts: record.alerts.filter((a) => a.subject === ref && a.state !== 'resolved'),
  }
}
