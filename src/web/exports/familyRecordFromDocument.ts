// A FamilyRecord from an exchange document, for exporting what the case
// repository's exportFamily returned (already audited as an export, with the
// entries the user may not read left out) as CSV or PDF. Events come in
// placed order, as the repository gives them.
import { placedDate } from '../../exchange/dates.ts'
import type { FamilyDocument } from '../../exchange/schema.ts'
import type { FamilyRecord, StoredAlertView } from '../../access/caseRepository.ts'

export interface RecordExtras {
  /** The family's alerts, for the PDF's open alerts section; none by default. */
  alerts?: StoredAlertView[]
  /** Source shown for every record; default `Throughline export`. */
  source?: string
  /** Stamped as the import time of every record (provenance is not in the format). */
  importedAt?: Date
  importedBy?: string
}

export function familyRecordFromDocument(doc: FamilyDocument, extras: RecordExtras = {}): FamilyRecord {
  const provenance = { source: extras.source ?? 'Throughline export', importedAt: extras.importedAt ?? new Date(0), importedBy: extras.importedBy ?? '' }
  const events = doc.events
    .map((event, order) => ({ event, order, placed: placedDate(event) }))
    .sort((a, b) => (a.placed < b.placed ? -1 : a.placed > b.placed ? 1 : a.order - b.order))
    .map(({ event }) => ({ visible: true as const, event, provenance }))
  return {
    ref: doc.family.ref,
    name: doc.family.name ?? null,
    visibility: 'contributor',
    people: doc.people,
    relationships: doc.relationships ?? [],
    events,
    alerts: extras.alerts ?? [],
    agencies: [...new Set(doc.events.map((e) => e.agency))].sort(),
    evaluatedAsOf: null,
  }
}
