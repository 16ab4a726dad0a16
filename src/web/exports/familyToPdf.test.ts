import { describe, expect, it } from 'vitest'
import { NotFoundError } from '../../errors/errors.ts'
import { buildAlertView, buildEvent, buildExampleFamilyRecord, RESTRICTED_CANARY } from '../charts/testing.ts'
import { familyToPdf, pdfSafe, PROTECTIVE_MARKING } from './familyToPdf.ts'

const options = { asOf: '2020-06-30', preparedBy: 'Sam Worker, social worker', compress: false }

/**
 * The text drawn in an uncompressed PDF from the standard fonts: pdfkit writes
 * each run as hex strings inside a TJ array (split where it kerns).
 */
function pdfText(pdf: Buffer): string {
  const lines: string[] = []
  for (const [, run] of pdf.toString('latin1').matchAll(/\[([^\]]*)\] TJ/g)) {
    const hex = [...(run ?? '').matchAll(/<([0-9a-f]*)>/g)].map((m) => m[1] ?? '').join('')
    lines.push([...Buffer.from(hex, 'hex')].map(fromWinAnsi).join(''))
  }
  return lines.join('\n')
}

/** The standard fonts' encoding (Windows-1252); Node's decoders read 0x80-0x9f as control characters. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'
function fromWinAnsi(byte: number): string {
  return byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH.charAt(byte - 0x80) : String.fromCharCode(byte)
}

describe('familyToPdf', () => {
  it('is a PDF naming the family, the children and who prepared it', async () => {
    const pdf = await familyToPdf(buildExampleFamilyRecord(), options)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = pdfText(pdf)
    expect(text).toContain('Multi-agency chronology')
    expect(text).toContain('Amy Smith: born 1 Jan 2015, aged 5')
    expect(text).toContain('Ben Smith: born May 2018 (date of birth not known exactly), aged 2')
    expect(text).toContain('Unborn baby Smith: unborn, due 1 Sep 2020')
    expect(text).toContain('Sam Worker, social worker')
    expect(text).toContain('30 Jun 2020')
  })

  it('marks every page and numbers the pages', async () => {
    const text = pdfText(await familyToPdf(buildExampleFamilyRecord(), options))
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1])
    expect(pages).toBeGreaterThanOrEqual(3)
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Page ${p} of ${pages}`)
    // Header and footer on each page, and once in the notice on the cover.
    expect(text.split(PROTECTIVE_MARKING).length - 1).toBeGreaterThanOrEqual(pages * 2)
  })

  it('has the conference sections: people, plans, alerts, the child’s voice (words first) and the chronology', async () => {
    const record = buildExampleFamilyRecord({ alerts: [buildAlertView({ title: 'Not brought to appointments', events: ['E2', 'E9'], threshold: 'Two missed in a year.', advice: 'Ask why.', source: 'Review of Child X' })] })
    const text = pdfText(await familyToPdf(record, options))
    const order = ['The people and how they are related', 'Current plans', 'Open alerts', "The children's voice", 'Chronology']
    const at = order.map((h) => text.indexOf(h))
    expect(at.every((i) => i >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    expect(text).toContain('stepfather of Amy Smith')
    expect(text).toContain('Child protection plan (neglect) since 15 Jan 2020')
    expect(text).toContain('Not brought to appointments')
    expect(text).toContain('1 Feb 2020, GP: Amy was not brought to the GP.')
    expect(text).toContain('restricted record, content not shown')
    expect(text).toContain('Two missed in a year.')
    expect(text).toContain('Review of Child X')
    // The child's words come before who heard them.
    const words = text.indexOf('"I don’t like it when they shout."')
    expect(words).toBeGreaterThan(text.indexOf("The children's voice"))
    expect(text.indexOf('heard by Children')).toBeGreaterThan(words)
    expect(text).toContain('Restricted record: content not shown')
  })

  it('shows no restricted content', async () => {
    const record = buildExampleFamilyRecord()
    record.events.push({
      visible: true,
      event: buildEvent('child_voice', { id: 'E12', date: '2020-06-01', restricted: true, words: RESTRICTED_CANARY, summary: RESTRICTED_CANARY }),
      provenance: { source: 'x', importedAt: new Date('2024-01-01'), importedBy: 'x' },
    })
    const text = pdfText(await familyToPdf(record, options))
    expect(text).not.toContain(RESTRICTED_CANARY)
    expect(pdfText(await familyToPdf(record, { ...options, restrictedContent: 'include' }))).toContain(RESTRICTED_CANARY)
  })

  it('for one child names only that child and their records', async () => {
    const text = pdfText(await familyToPdf(buildExampleFamilyRecord(), { ...options, childRef: 'C2' }))
    expect(text).toContain('Ben Smith: born May 2018')
    expect(text).not.toContain('Amy Smith: born')
    expect(text).not.toContain('Amy attended the dentist.')
    expect(text).toContain('Bruise to Ben’s cheek.')
    await expect(familyToPdf(buildExampleFamilyRecord(), { ...options, childRef: 'nobody' })).rejects.toThrow(NotFoundError)
  })

  it('is the same bytes for the same record and date', async () => {
    const a = await familyToPdf(buildExampleFamilyRecord(), options)
    const b = await familyToPdf(buildExampleFamilyRecord(), options)
    expect(a.equals(b)).toBe(true)
  })

  it('compresses by default', async () => {
    const pdf = await familyToPdf(buildExampleFamilyRecord(), { asOf: options.asOf, preparedBy: 'Sam' })
    expect(pdf.toString('latin1')).toContain('/FlateDecode')
    expect(pdfText(pdf)).not.toContain('Multi-agency chronology')
  })
})

describe('pdfSafe', () => {
  it('keeps what the standard fonts can show and replaces the rest', () => {
    expect(pdfSafe('Zoë’s “words” – café…')).toBe('Zoë’s “words” – café…')
    expect(pdfSafe('Łukasz Żółć')).toBe('Lukasz Zólc')
    expect(pdfSafe('😀\tok')).toBe('? ok')
  })
})
