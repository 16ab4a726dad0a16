// The download formats of an export. JSON is the exchange format itself as
// the repository's export gives it; CSV and PDF are drawn from that same
// document by the renderers in exports/, so they hold no more than it does.
import type { StoredAlertView } from '../access/caseRepository.ts'
import type { FamilyDocument } from '../exchange/schema.ts'
import { familyRecordFromDocument } from './exports/familyRecordFromDocument.ts'
import { familyToCsv } from './exports/familyToCsv.ts'
import { familyToPdf } from './exports/familyToPdf.ts'

export interface ExportContext {
  childRef: string | undefined
  asOf: string
  preparedBy: string
  /** The family's alerts as the user sees them (for the PDF's alerts section). */
  alerts: StoredAlertView[]
}

export interface ExportRenderer {
  format: 'json' | 'csv' | 'pdf'
  ext: string
  label: string
  contentType: string
  /** Whether the renderer shows alerts (so the route fetches them). */
  usesAlerts: boolean
  render(doc: FamilyDocument, context: ExportContext): Promise<string | Buffer>
}

const childOption = (childRef: string | undefined) => (childRef !== undefined ? { childRef } : {})

export const exportRenderers: Record<'json' | 'csv' | 'pdf', ExportRenderer> = {
  json: {
    format: 'json', ext: 'json', label: 'JSON (chronology exchange format)', contentType: 'application/json; charset=utf-8', usesAlerts: false,
    render: async (doc) => `${JSON.stringify(doc, null, 2)}\n`,
  },
  csv: {
    format: 'csv', ext: 'csv', label: 'CSV (spreadsheet)', contentType: 'text/csv; charset=utf-8', usesAlerts: false,
    render: async (doc, context) => familyToCsv(familyRecordFromDocument(doc), childOption(context.childRef)),
  },
  pdf: {
    format: 'pdf', ext: 'pdf', label: 'PDF (for a child protection conference)', contentType: 'application/pdf', usesAlerts: true,
    render: async (doc, context) => familyToPdf(familyRecordFromDocument(doc, { alerts: context.alerts }), {
      asOf: context.asOf, preparedBy: context.preparedBy, ...childOption(context.childRef),
    }),
  },
}
