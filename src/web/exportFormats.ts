// The download formats of an export. JSON is the exchange format itself;
// CSV and PDF come from the renderers in exports/.
import type { FamilyDocument } from '../exchange/schema.ts'

export interface ExportRenderer {
  format: 'json' | 'csv' | 'pdf'
  ext: string
  label: string
  contentType: string
  render(doc: FamilyDocument, options: { childRef: string | undefined; asOf: string }): Promise<string | Buffer>
}

export const exportRenderers: Record<string, ExportRenderer> = {
  json: {
    format: 'json',
    ext: 'json',
    label: 'JSON (chronology exchange format)',
    contentType: 'application/json; charset=utf-8',
    render: async (doc) => `${JSON.stringify(doc, null, 2)}\n`,
  },
}
