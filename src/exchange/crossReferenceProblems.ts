// The checks zod cannot express: references between parts of a document and
// the rules that tie one field to another. They read the raw input
// defensively, so they run (and report) even when zod found problems too.
import type { Problem } from '../errors/errors.ts'
import { isRealDate, isRealPartialDate, periodEnd, periodStart } from './dates.ts'
import { isRecord, locateProblem, readableKey } from './locateProblem.ts'
import type { Path } from './locateProblem.ts'

/** Event fields that hold one person ref, by event type. */
const REF_FIELDS: Record<string, readonly string[]> = {
  police_incident: ['victim', 'perpetrator'],
  assessment: ['carer'],
  placement: ['carer'],
  adult_factor: ['other_party'],
  pregnancy: ['child'],
  birth: ['child'],
}
/** Event fields that hold a list of person refs, by event type. */
const REFS_FIELDS: Record<string, readonly string[]> = {
  visit: ['child_seen', 'child_seen_alone'],
  police_incident: ['children_present'],
}
const GCP2_AREAS = ['physical_care', 'safety', 'love', 'esteem']
const NO_ACCESS = ['refused', 'no_answer']

function list(x: unknown): unknown[] {
  return Array.isArray(x) ? x : []
}

function realPartialDate(x: unknown): string | undefined {
  return typeof x === 'string' && isRealPartialDate(x) ? x : undefined
}

export function crossReferenceProblems(raw: Record<string, unknown>, base: Omit<Problem, 'message'>): Problem[] {
  const problems: Problem[] = []
  const report = (path: Path, message: string): void => {
    problems.push({ ...base, ...locateProblem(raw, path), message })
  }

  // People: unique refs, role-dependent fields.
  const roles = new Map<string, string>()
  const firstPersonIndex = new Map<string, number>()
  list(raw.people).forEach((p, i) => {
    if (!isRecord(p)) return
    const ref = readableKey(p.ref)
    if (ref !== undefined) {
      const first = firstPersonIndex.get(ref)
      if (first !== undefined) report(['people', i, 'ref'], `${ref} is already the ref of people[${first}]; expected each person's ref once`)
      else {
        firstPersonIndex.set(ref, i)
        if (typeof p.role === 'string') roles.set(ref, p.role)
      }
    }
    if (p.expected !== undefined && p.role !== 'unborn') {
      report(['people', i, 'expected'], `is only for a person with role unborn (the expected date of delivery); this person's role is ${p.role === 'child' || p.role === 'adult' ? p.role : 'not unborn'}`)
    }
    if (p.role === 'unborn' && p.born !== undefined) {
      report(['people', i, 'born'], 'expected no born date for a person with role unborn (a birth event gives the date)')
    }
  })

  const checkRef = (path: Path, value: unknown): void => {
    const ref = readableKey(value)
    if (ref !== undefined && !firstPersonIndex.has(ref)) report(path, `${ref} is not in people; expected the ref of a listed person`)
  }
  const checkRefs = (path: Path, value: unknown): void => {
    list(value).forEach((r, j) => checkRef([...path, j], r))
  }

  list(raw.relationships).forEach((r, i) => {
    if (!isRecord(r)) return
    checkRef(['relationships', i, 'from'], r.from)
    checkRef(['relationships', i, 'to'], r.to)
  })

  // Events: unique ids, then each event's own references.
  const events = list(raw.events)
  const firstEventIndex = new Map<string, number>()
  events.forEach((ev, i) => {
    if (!isRecord(ev)) return
    const id = readableKey(ev.id)
    if (id === undefined) return
    const first = firstEventIndex.get(id)
    if (first !== undefined) report(['events', i, 'id'], `is also the id of events[${first}]; expected each event id once`)
    else firstEventIndex.set(id, i)
  })

  events.forEach((ev, i) => {
    if (!isRecord(ev)) return
    const at = (...rest: PropertyKey[]): Path => ['events', i, ...rest]
    const type = typeof ev.type === 'string' ? ev.type : ''
    const date = realPartialDate(ev.date)

    checkRefs(at('subjects'), ev.subjects)
    for (const f of REF_FIELDS[type] ?? []) checkRef(at(f), ev[f])
    for (const f of REFS_FIELDS[type] ?? []) checkRefs(at(f), ev[f])

    if (typeof ev.recorded === 'string' && isRealDate(ev.recorded) && date !== undefined && ev.recorded < periodStart(date)) {
      report(at('recorded'), `${ev.recorded} is before the event's date ${date}; expected the day it was recorded, on or after the date`)
    }

    if (type === 'visit') {
      const seen = new Set(list(ev.child_seen))
      list(ev.child_seen_alone).forEach((r, j) => {
        const ref = readableKey(r)
        if (ref !== undefined && !seen.has(ref)) report(at('child_seen_alone', j), `${ref} is not in child_seen; expected every child seen alone to be listed as seen`)
      })
      if (typeof ev.access === 'string' && NO_ACCESS.includes(ev.access) && seen.size > 0) {
        report(at('child_seen'), `expected no child seen on a visit with access ${ev.access}`)
      }
    }

    if (type === 'attendance' && typeof ev.period_end === 'string' && isRealDate(ev.period_end) && date !== undefined) {
      const end = periodEnd(date)
      if (ev.period_end > end) report(at('period_end'), `${ev.period_end} is after the event's date ${date}; expected the end of the period on or before ${end}`)
    }

    if (type === 'birth' || type === 'pregnancy') {
      const ref = readableKey(ev.child)
      if (ref !== undefined && roles.get(ref) === 'adult') report(at('child'), `${ref} is an adult; expected the ref of a child or unborn person`)
    }

    if (type === 'assessment' && ev.tool === 'gcp2' && isRecord(ev.scores)) {
      for (const [area, score] of Object.entries(ev.scores)) {
        if (!GCP2_AREAS.includes(area)) report(at('scores', area), `expected a gcp2 area: one of ${GCP2_AREAS.join(', ')}`)
        else if (typeof score === 'number' && !(score >= 1 && score <= 5)) report(at('scores', area), 'expected a gcp2 score from 1 (best) to 5 (worst)')
      }
    }

    if (type === 'escalation' && ev.refers_to !== undefined) {
      if (ev.status !== 'resolved' && ev.status !== 'unresolved') {
        report(at('refers_to'), 'is only for a later resolved or unresolved entry; expected status resolved or unresolved with it')
      }
      const target = readableKey(ev.refers_to)
      if (target === undefined) return
      const targetIndex = firstEventIndex.get(target)
      const referred = targetIndex === undefined ? undefined : events[targetIndex]
      if (!isRecord(referred)) {
        report(at('refers_to'), `${target} is not an event of this document; expected the id of the escalation this entry resolves`)
      } else if (referred === ev) {
        report(at('refers_to'), 'names this event itself; expected the id of an earlier escalation')
      } else if (referred.type !== 'escalation') {
        report(at('refers_to'), `${target} is not an escalation; expected the id of the escalation this entry resolves`)
      } else {
        const referredDate = realPartialDate(referred.date)
        if (referredDate !== undefined && date !== undefined && periodStart(referredDate) > periodStart(date)) {
          report(at('refers_to'), `${target} is dated after this entry; expected an escalation dated on or before ${date}`)
        }
      }
    }
  })
  return problems
}
