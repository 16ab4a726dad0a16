// A FamilyRecord read through the rules' family view: the visible events as a
// format document, so plans, dates of birth, ages and the children an event is
// about are read exactly as the rules read them (practice-rules-readings §9,
// §12, §13). Redacted events never reach the view.
import type { IsoDate } from '../../exchange/dates.ts'
import { FORMAT, type FamilyDocument, type Person } from '../../exchange/schema.ts'
import type { EventRecord, FamilyRecord, StoredAlertView, VisibleEvent } from '../../access/caseRepository.ts'
import { indexFamily, viewAsOf, type FamilyView } from '../../rules/familyView.ts'
import { peopleNamedBy } from '../../exchange/peopleNamedBy.ts'

/** The visible part of a record as an exchange document. */
export function documentOfRecord(record: FamilyRecord): FamilyDocument {
  return {
    format: FORMAT,
    family: record.name === null ? { ref: record.ref } : { ref: record.ref, name: record.name },
    people: record.people,
    relationships: record.relationships,
    events: record.events.filter(isVisible).map((e) => e.event),
  }
}

/** The record's visible events as known on asOf. */
export function viewOfRecord(record: FamilyRecord, asOf: IsoDate): FamilyView {
  return viewAsOf(indexFamily(documentOfRecord(record)), asOf)
}

export function isVisible(e: EventRecord): e is VisibleEvent {
  return e.visible
}

/** Alerts still standing: open or acknowledged, not resolved. */
export function openAlerts(record: FamilyRecord): StoredAlertView[] {
  return record.alerts.filter((a) => a.state !== 'resolved')
}

export function personName(person: Person | undefined, fallback = 'Unknown person'): string {
  if (!person) return fallback
  const name = [person.given_name, person.family_name ?? ''].map((s) => s.trim()).filter((s) => s !== '').join(' ')
  return name === '' ? person.ref : name
}

/** Refs of the children (and unborn children) named by an event: subjects and the child facets (peopleNamedBy). */
export function childrenNamedBy(e: VisibleEvent['event'], isChild: (ref: string) => boolean): string[] {
  return peopleNamedBy(e).filter(isChild)
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** 2020-03-05 reads "5 Mar 2020"; a partial 2020-03 "Mar 2020"; 2020 "2020". */
export function formatDate(date: string): string {
  const y = date.slice(0, 4)
  if (date.length === 4) return y
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? date.slice(5, 7)
  if (date.length === 7) return `${month} ${y}`
  return `${Number(date.slice(8, 10))} ${month} ${y}`
}

/** Short month name of a full date, e.g. "Mar". */
export function monthName(date: IsoDate): string {
  return MONTHS[Number(date.slice(5, 7)) - 1] ?? ''
}

/** An event type word as words: `police_incident` reads "police incident". */
export function words(code: string): string {
  return code.replace(/_/g, ' ')
}
