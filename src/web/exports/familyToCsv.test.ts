import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { NotFoundError } from '../../errors/errors.ts'
import { buildEvent, buildExampleFamilyRecord, buildFamilyRecord, RESTRICTED_CANARY } from '../charts/testing.ts'
import { defuseFormula, familyToCsv } from './familyToCsv.ts'

const HEADER = ['Date', 'Agency', 'Type', 'Children', 'What happened', 'Significance for the child', 'Action', 'Outcome', 'Restricted', 'Source', 'Record id']

function rowsOf(csv: string): string[][] {
  return parse(csv) as string[][]
}

describe('familyToCsv', () => {
  it('has the practitioner columns and a row per record, in order', () => {
    const rows = rowsOf(familyToCsv(buildExampleFamilyRecord()))
    expect(rows[0]).toEqual(HEADER)
    expect(rows).toHaveLength(12)
    expect(rows[1]).toEqual(['2020-01-15', "Children's social care", 'plan', 'Amy Smith', 'Amy made subject of a child protection plan.', '', '', '', 'no', 'test-file.json', 'E1'])
    // Hostile text survives as data, quoted.
    expect(rows.find((r) => r[10] === 'E8')?.[4]).toBe('<script>alert("x")</script> & "quotes"')
  })

  it('marks restricted records and shows none of their content, even ones the user may read', () => {
    // E9 is redacted for this user; E12 is restricted but readable in the system.
    const record = buildExampleFamilyRecord()
    record.events.push({
      visible: true,
      event: buildEvent('note', { id: 'E12', date: '2020-06-01', restricted: true, summary: RESTRICTED_CANARY, outcome: RESTRICTED_CANARY }),
      provenance: { source: RESTRICTED_CANARY, importedAt: new Date('2024-01-01'), importedBy: 'x' },
    })
    const csv = familyToCsv(record)
    expect(csv).not.toContain(RESTRICTED_CANARY)
    const restricted = rowsOf(csv).filter((r) => r[8] === 'yes')
    expect(restricted.map((r) => [r[0], r[1], r[4], r[10]])).toEqual([
      ['2020-04-10', 'Adult mental health', 'Restricted record: content not shown', 'E9'],
      ['2020-06-01', "Children's social care", 'Restricted record: content not shown', 'E12'],
    ])
    expect(familyToCsv(record, { restrictedContent: 'include' })).toContain(RESTRICTED_CANARY)
  })

  it('exports one child’s records (and the restricted markers) with childRef', () => {
    const rows = rowsOf(familyToCsv(buildExampleFamilyRecord(), { childRef: 'C2' }))
    expect(rows.slice(1).map((r) => r[10])).toEqual(['E3', 'E5', 'E6', 'E7', 'E9', 'E10'])
    expect(() => familyToCsv(buildExampleFamilyRecord(), { childRef: 'M1' })).toThrow(NotFoundError)
  })

  it('defuses cells a spreadsheet would run as formulas', () => {
    const record = buildFamilyRecord({ events: [buildEvent('note', { summary: '=HYPERLINK("http://x","y")', action: '+1', outcome: '-2' })] })
    const row = rowsOf(familyToCsv(record))[1]
    expect(row?.slice(4, 8)).toEqual(['\'=HYPERLINK("http://x","y")', '', "'+1", "'-2"])
    expect(defuseFormula('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(defuseFormula('2020-01-01')).toBe('2020-01-01')
  })
})
