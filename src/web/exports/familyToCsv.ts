// The chronology as CSV for spreadsheets, with the practitioner columns.
// Cells that a spreadsheet would run as a formula are defused.
import { stringify } from 'csv-stringify/sync'
import type { FamilyRecord } from '../../access/caseRepository.ts'
import { chronologyRows, type ChronologyRow, type ExportOptions } from './chronologyRows.ts'

export const CSV_COLUMNS = [
  { key: 'date', header: 'Date' },
  { key: 'agency', header: 'Agency' },
  { key: 'type', header: 'Type' },
  { key: 'children', header: 'Children' },
  { key: 'summary', header: 'What happened' },
  { key: 'significance', header: 'Significance for the child' },
  { key: 'action', header: 'Action' },
  { key: 'outcome', header: 'Outcome' },
  { key: 'restricted', header: 'Restricted' },
  { key: 'source', header: 'Source' },
  { key: 'eventId', header: 'Record id' },
] as const

/** A leading =, +, -, @, tab or carriage return makes a spreadsheet read a cell as a formula. */
export function defuseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell
}

export function familyToCsv(record: FamilyRecord, options: ExportOptions = {}): string {
  const rows = chronologyRows(record, options).map((row: ChronologyRow) => {
    const cells: Record<string, string> = {}
    for (const { key } of CSV_COLUMNS) {
      const value = row[key]
      cells[key] = key === 'restricted' ? (value === true ? 'yes' : 'no') : defuseFormula(String(value))
    }
    if (row.restricted && row.summary === '') cells.summary = 'Restricted record: content not shown'
    return cells
  })
  return stringify(rows, { header: true, columns: CSV_COLUMNS.map(({ key, header }) => ({ key, header })), record_delimiter: 'windows' })
}
