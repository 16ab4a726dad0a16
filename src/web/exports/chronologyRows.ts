// The chronology as practitioner rows, shared by the CSV and PDF exports:
// date, agency, type, children, what happened, significance for the child,
// action, outcome, restricted, source. An export leaves the system's access
// checks behind (a file can be forwarded), so by default restricted entries
// are marked and carry no content, even those the exporting user may read.
import type { IsoDate } from '../../exchange/dates.ts'
import type { EventRecord, FamilyRecord, RedactedEvent } from '../../access/caseRepository.ts'
import { NotFoundError } from '../../errors/errors.ts'
import { indexFamily, viewAsOf, type FamilyView } from '../../rules/familyView.ts'
import { agencyLabel } from '../charts/palette.ts'
import { documentOfRecord, formatDate, personName, words } from '../charts/familyRecordView.ts'

export interface ExportOptions {
  /** One child's part of the chronology: the records about them (readings §9), and every restricted marker. */
  childRef?: string
  /** 'omit' (default): restricted entries show only date, agency and that they are restricted. */
  restrictedContent?: 'omit' | 'include'
}

export interface ChronologyRow {
  eventId: string
  /** As recorded: full or partial. */
  date: string
  /** For people: "5 Mar 2020", "Mar 2020 (approximate)". */
  dateText: string
  agency: string
  type: string
  children: string
  summary: string
  significance: string
  action: string
  outcome: string
  restricted: boolean
  source: string
}

/** Every known event, whatever its date: exports are of the whole record. */
const END_OF_TIME: IsoDate = '9999-12-31'

/** The record with every restricted entry reduced to a marker, unless content is asked for. */
export function applyRestrictedContent(record: FamilyRecord, content: ExportOptions['restrictedContent'] = 'omit'): FamilyRecord {
  if (content === 'include') return record
  const events = record.events.map((e): EventRecord => e.visible && e.event.restricted === true
    ? { visible: false, id: e.event.id, date: e.event.date, agency: e.event.agency, restricted: true } satisfies RedactedEvent
    : e)
  return { ...record, events }
}

/** The family's view over all its visible events. */
export function exportView(record: FamilyRecord): FamilyView {
  return viewAsOf(indexFamily(documentOfRecord(record)), END_OF_TIME)
}

/** NotFoundError when childRef is given and is not a child of the family. */
export function chronologyRows(record: FamilyRecord, options: ExportOptions = {}): ChronologyRow[] {
  const shown = applyRestrictedContent(record, options.restrictedContent)
  const view = exportView(shown)
  const childRef = options.childRef
  if (childRef !== undefined && !view.isChild(childRef)) throw new NotFoundError('No such child in this family')
  const placedById = new Map(view.events.map((e) => [e.id, e]))
  const rows: ChronologyRow[] = []
  for (const e of shown.events) {
    if (!e.visible) {
      rows.push({
        eventId: e.id, date: e.date, dateText: formatDate(e.date), agency: agencyLabel(e.agency), type: 'restricted', children: '',
        summary: '', significance: '', action: '', outcome: '', restricted: true, source: '',
      })
      continue
    }
    const placed = placedById.get(e.event.id)
    const children = placed ? view.childrenOfEvent(placed) : []
    if (childRef !== undefined && !children.includes(childRef)) continue
    const ev = e.event
    rows.push({
      eventId: ev.id,
      date: ev.date,
      dateText: `${formatDate(ev.date)}${ev.approximate === true ? ' (approximate)' : ''}`,
      agency: agencyLabel(ev.agency),
      type: words(ev.type),
      children: children.map((c) => personName(view.person(c))).join(', '),
      summary: ev.summary,
      significance: ev.significance ?? '',
      action: ev.action ?? '',
      outcome: ev.outcome ?? '',
      restricted: ev.restricted === true,
      source: e.provenance.source,
    })
  }
  return rows
}
