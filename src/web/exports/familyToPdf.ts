// The family's (or one child's) chronology as a PDF laid out for a child
// protection conference: a cover naming the children, then the people and
// their relationships, current plans, open alerts, the children's own words
// and the chronology table. Marked OFFICIAL-SENSITIVE on every page, with page
// numbers. Standard PDF fonts only, so no font files are needed; restricted
// entries are marked and carry no content (see chronologyRows).
import PDFDocument from 'pdfkit'
import type { IsoDate } from '../../exchange/dates.ts'
import type { FamilyRecord, StoredAlertView } from '../../access/caseRepository.ts'
import { childLivedExperience } from '../charts/childLivedExperience.ts'
import { formatDate, openAlerts, personName, words } from '../charts/familyRecordView.ts'
import { PLAN_STYLES } from '../charts/palette.ts'
import { isOpenOn, planCategoriesOn } from '../../rules/familyView.ts'
import { applyRestrictedContent, chronologyRows, exportView, type ChronologyRow, type ExportOptions } from './chronologyRows.ts'

export interface PdfOptions extends ExportOptions {
  asOf: IsoDate
  preparedBy: string
  /** Compress page contents (default true); tests turn it off to read the text. */
  compress?: boolean
}

export const PROTECTIVE_MARKING = 'OFFICIAL-SENSITIVE'

const MARGIN = 50
const TOP = 64
const BOTTOM = 64
/** Longest text of one table cell: a row must fit on a page. */
const MAX_CELL = 1800
const FONT = 'Helvetica'
const BOLD = 'Helvetica-Bold'
const ITALIC = 'Helvetica-Oblique'
const GREY = '#505a5f'

const TABLE_COLUMNS: { key: keyof ChronologyRow; header: string; width: number }[] = [
  { key: 'dateText', header: 'Date', width: 62 },
  { key: 'agency', header: 'Agency', width: 70 },
  { key: 'summary', header: 'What happened', width: 155 },
  { key: 'significance', header: 'Significance for the child', width: 90 },
  { key: 'action', header: 'Action', width: 59 },
  { key: 'outcome', header: 'Outcome', width: 59 },
]

type Doc = PDFKit.PDFDocument

export async function familyToPdf(record: FamilyRecord, options: PdfOptions): Promise<Buffer> {
  // Checks childRef (NotFoundError) before anything is drawn.
  const rows = chronologyRows(record, options)
  const shown = applyRestrictedContent(record, options.restrictedContent)
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: TOP, bottom: BOTTOM, left: MARGIN, right: MARGIN },
    bufferPages: true,
    compress: options.compress ?? true,
    info: {
      Title: pdfSafe(`Chronology: ${record.name ?? record.ref}`),
      Author: pdfSafe(options.preparedBy),
      Subject: 'Multi-agency chronology for a child protection conference',
      CreationDate: new Date(`${options.asOf}T00:00:00Z`),
    },
  })
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    try {
      writeDocument(doc, shown, rows, options)
      markEveryPage(doc)
      doc.end()
    } catch (error) {
      reject(error)
    }
  })
}

function writeDocument(doc: Doc, record: FamilyRecord, rows: ChronologyRow[], options: PdfOptions): void {
  const view = exportView(record)
  const children = view.children.filter((c) => options.childRef === undefined || c.ref === options.childRef)
  const childText = (ref: string) => {
    const lived = childLivedExperience(record, ref, options.asOf).child
    const born = lived.bornYet && lived.born !== undefined
      ? `born ${formatDate(lived.born)}${lived.bornPrecision === 'day' ? '' : ' (date of birth not known exactly)'}${lived.age === undefined ? '' : `, aged ${lived.age}`}`
      : lived.role === 'unborn' ? (lived.expected !== undefined ? `unborn, due ${formatDate(lived.expected)}` : 'unborn') : 'date of birth not known'
    return `${lived.name}: ${born}`
  }

  // Cover.
  doc.moveDown(4)
  doc.font(BOLD).fontSize(24).text('Multi-agency chronology')
  doc.font(FONT).fontSize(14).fillColor(GREY).text('For a child protection conference').fillColor('black')
  doc.moveDown(2)
  field(doc, 'Family', record.name ?? record.ref)
  field(doc, options.childRef === undefined ? 'Children' : 'Child', children.length === 0 ? 'None recorded' : children.map((c) => childText(c.ref)).join('\n'))
  field(doc, 'Prepared by', options.preparedBy)
  field(doc, 'Prepared on', `${formatDate(options.asOf)}, from the records known on that date`)
  const restricted = rows.filter((r) => r.restricted).length
  field(doc, 'Records', `${rows.length} in the chronology${restricted > 0 ? `, ${restricted} restricted (marked, content not shown)` : ''}`)
  doc.moveDown(2)
  doc.font(ITALIC).fontSize(10).fillColor(GREY).text(pdfSafe(
    `${PROTECTIVE_MARKING}. This document holds sensitive personal information about children. Share it only with those who need it ` +
    'for the conference, keep it securely and destroy it when no longer needed. Restricted entries are marked and their content is not shown.',
  )).fillColor('black')

  // People and relationships.
  doc.addPage()
  heading(doc, 'The people and how they are related')
  const name = (ref: string) => personName(view.person(ref))
  for (const p of record.people) {
    const related = record.relationships.filter((r) => r.from === p.ref).map((r) => `${words(r.type)} of ${name(r.to)}`)
    const born = p.role === 'unborn'
      ? p.expected !== undefined ? `unborn, due ${formatDate(p.expected)}` : 'unborn'
      : p.born !== undefined ? `born ${formatDate(p.born)}` : p.role === 'child' ? 'date of birth not known' : ''
    doc.font(BOLD).fontSize(10).text(pdfSafe(personName(p)), { continued: true })
    const about = p.role === 'unborn' ? born : born === '' ? p.role : `${p.role}, ${born}`
    doc.font(FONT).text(pdfSafe(` (${about})${related.length > 0 ? `: ${related.join('; ')}` : ''}`))
    doc.moveDown(0.3)
  }

  // Current plans.
  heading(doc, 'Current plans')
  for (const c of children) {
    const open = view.plans(c.ref).filter((p) => isOpenOn(p, options.asOf))
    const text = open.length === 0 ? 'No current plan.' : open.map((p) => {
      const categories = planCategoriesOn(p, options.asOf).map(words)
      return `${PLAN_STYLES[p.kind].label} plan${categories.length > 0 ? ` (${categories.join(', ')})` : ''} since ${formatDate(p.start)}`
    }).join('; ')
    doc.font(BOLD).fontSize(10).text(pdfSafe(personName(c)), { continued: true }).font(FONT).text(pdfSafe(`: ${text}`))
    doc.moveDown(0.3)
  }

  // Open alerts.
  heading(doc, 'Open alerts')
  const alerts = openAlerts(record).filter((a) => options.childRef === undefined || a.subject === options.childRef || a.subject === 'family')
  if (alerts.length === 0) doc.font(FONT).fontSize(10).text('No open alerts.')
  const rowById = new Map(rows.map((r) => [r.eventId, r]))
  for (const alert of alerts) writeAlert(doc, alert, alert.subject === 'family' ? 'the family' : name(alert.subject), rowById)

  // The children's own words.
  heading(doc, children.length === 1 ? "The child's voice" : "The children's voice")
  for (const c of children) {
    const said = childLivedExperience(record, c.ref, options.asOf).words
    doc.font(BOLD).fontSize(11).text(pdfSafe(personName(c)))
    if (said.length === 0) doc.font(FONT).fontSize(10).fillColor(GREY).text('No words of the child recorded.').fillColor('black')
    for (const w of said) {
      doc.font(ITALIC).fontSize(11).text(pdfSafe(`"${w.words}"`), { indent: 12 })
      const how = [w.wordsForm === 'verbatim' ? 'their own words' : w.wordsForm === 'reported' ? 'as reported' : '', w.method !== undefined ? words(w.method) : '']
        .filter((s) => s !== '').join(', ')
      doc.font(FONT).fontSize(9).fillColor(GREY)
        .text(pdfSafe(`${formatDate(w.date)}${w.approximate ? ' (approximate)' : ''}, heard by ${w.heardBy}${how === '' ? '' : ` (${how})`}`), { indent: 12 })
        .fillColor('black')
      doc.moveDown(0.4)
    }
    doc.moveDown(0.4)
  }

  // The chronology.
  doc.addPage()
  heading(doc, 'Chronology')
  chronologyTable(doc, rows)
}

function writeAlert(doc: Doc, alert: StoredAlertView, about: string, rowById: Map<string, ChronologyRow>): void {
  ensureRoom(doc, 90)
  doc.font(BOLD).fontSize(11).text(pdfSafe(alert.title))
  doc.font(FONT).fontSize(9).fillColor(GREY)
    .text(pdfSafe(`About ${about}; first raised ${formatDate(alert.firstFired)}; ${alert.state}.`)).fillColor('black')
  const seen = alert.events.map((id) => {
    const r = rowById.get(id)
    if (!r) return `Record ${id} (not in this export)`
    return r.restricted && r.summary === '' ? `${r.dateText}, ${r.agency}: restricted record, content not shown` : `${r.dateText}, ${r.agency}: ${r.summary}`
  })
  if (seen.length === 0) labelled(doc, 'What was seen', alert.title)
  else {
    doc.font(BOLD).fontSize(9).text('What was seen:')
    doc.font(FONT).list(seen.map((s) => pdfSafe(clip(s, 400))), { bulletRadius: 1.5, textIndent: 10, indent: 6 })
  }
  labelled(doc, 'Threshold', alert.threshold)
  labelled(doc, 'Advice', alert.advice)
  labelled(doc, 'Source', alert.source)
  doc.moveDown(0.6)
}

function chronologyTable(doc: Doc, rows: ChronologyRow[]): void {
  const left = MARGIN
  const pad = 3
  const header = () => {
    let x = left
    const h = 24
    doc.rect(left, doc.y, tableWidth(), h).fill('#dee0e2').fillColor('black')
    const y = doc.y
    for (const c of TABLE_COLUMNS) {
      doc.font(BOLD).fontSize(8).text(c.header, x + pad, y + pad, { width: c.width - pad * 2 })
      x += c.width
    }
    doc.x = left
    doc.y = y + h
  }
  header()
  if (rows.length === 0) doc.font(FONT).fontSize(9).text('No records.', left + pad, doc.y + pad)
  for (const row of rows) {
    const restricted = row.restricted && row.summary === ''
    const cells = TABLE_COLUMNS.map((c) => pdfSafe(clip(restricted && c.key === 'summary' ? 'Restricted record: content not shown' : String(row[c.key]), MAX_CELL)))
    doc.font(FONT).fontSize(8)
    const height = Math.max(...cells.map((text, i) => doc.heightOfString(text === '' ? ' ' : text, { width: (TABLE_COLUMNS[i]?.width ?? 50) - pad * 2 }))) + pad * 2
    if (doc.y + height > doc.page.height - BOTTOM) {
      doc.addPage()
      header()
    }
    const y = doc.y
    if (restricted) doc.rect(left, y, tableWidth(), height).fill('#f3f2f1').fillColor('black')
    let x = left
    cells.forEach((text, i) => {
      const width = TABLE_COLUMNS[i]?.width ?? 50
      doc.font(restricted && i === 2 ? ITALIC : i === 0 ? BOLD : FONT).fontSize(8).text(text, x + pad, y + pad, { width: width - pad * 2 })
      x += width
    })
    doc.moveTo(left, y + height).lineTo(left + tableWidth(), y + height).lineWidth(0.5).strokeColor('#b1b4b6').stroke()
    doc.x = left
    doc.y = y + height
  }
}

function tableWidth(): number {
  return TABLE_COLUMNS.reduce((sum, c) => sum + c.width, 0)
}

/** The marking at the top and bottom of every page, and "Page n of N". */
function markEveryPage(doc: Doc): void {
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const { width, height, margins } = doc.page
    const bottom = margins.bottom
    // Writing inside the bottom margin would otherwise start a new page.
    margins.bottom = 0
    doc.font(BOLD).fontSize(9).fillColor('black')
    doc.text(PROTECTIVE_MARKING, MARGIN, 28, { width: width - MARGIN * 2, align: 'center', lineBreak: false })
    doc.text(PROTECTIVE_MARKING, MARGIN, height - 40, { width: width - MARGIN * 2, align: 'center', lineBreak: false })
    doc.font(FONT).fontSize(9)
      .text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN, height - 40, { width: width - MARGIN * 2, align: 'right', lineBreak: false })
    margins.bottom = bottom
  }
}

function heading(doc: Doc, text: string): void {
  ensureRoom(doc, 60)
  doc.moveDown(0.8)
  doc.font(BOLD).fontSize(15).fillColor('black').text(pdfSafe(text), MARGIN)
  doc.moveDown(0.4)
}

function field(doc: Doc, label: string, value: string): void {
  doc.font(BOLD).fontSize(11).text(pdfSafe(label))
  doc.font(FONT).fontSize(11).text(pdfSafe(value))
  doc.moveDown(0.6)
}

function labelled(doc: Doc, label: string, value: string): void {
  doc.font(BOLD).fontSize(9).text(`${label}: `, { continued: true }).font(FONT).text(pdfSafe(value))
}

function ensureRoom(doc: Doc, points: number): void {
  if (doc.y + points > doc.page.height - BOTTOM) doc.addPage()
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 40)}… (shortened: see the full record)`
}

/** Characters the standard fonts can show (Windows-1252): accents are kept where they exist, others lose theirs or become "?". */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')
/** Letters with no decomposition to a plain one. */
const PLAIN_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ı: 'i', Ħ: 'H', ħ: 'h', ŉ: "'n" }
export function pdfSafe(text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 63
    if (ch === '\n' || (code >= 32 && code <= 126) || (code >= 160 && code <= 255) || CP1252_EXTRA.has(ch)) out += ch
    else if (ch === '\t') out += ' '
    else {
      const plain = PLAIN_LETTERS[ch] ?? ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
      out += /^[\x20-\x7e]+$/.test(plain) ? plain : '?'
    }
  }
  return out
}
