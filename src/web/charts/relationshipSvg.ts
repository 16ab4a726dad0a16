// The people of a family and how they are related, as a small diagram:
// adults along the top, children (unborn ones dashed and marked) below, each
// adult's relationship to the children written where their lines leave them,
// relationships between adults and between children as labelled arcs. The
// description spells every relationship out.
import type { Person, Relationship } from '../../exchange/schema.ts'
import type { FamilyRecord } from '../../access/caseRepository.ts'
import { formatDate, personName, words } from './familyRecordView.ts'
import { INK, MUTED_INK } from './palette.ts'
import { escapeXml, num, openSvg, svgText } from './svgText.ts'

export interface RelationshipOptions {
  /** Default `relationships`. */
  idPrefix?: string
}

const CELL = 168
const BOX_W = 148
const BOX_H = 44
const MARGIN = 12

/** Line styles so carers, family and professionals' placements differ by more than colour. */
const DASHES: Partial<Record<Relationship['type'], string>> = {
  kinship_carer: '6 3', foster_carer: '2 3', grandmother: '6 3', grandfather: '6 3', great_grandparent: '6 3',
  aunt: '6 3', uncle: '6 3', other: '2 3', partner: '6 3', stepfather: '10 3 2 3', stepmother: '10 3 2 3',
}

interface Placed {
  person: Person
  x: number
  y: number
}

export function renderRelationshipSvg(record: FamilyRecord, options: RelationshipOptions = {}): string {
  const byRef = new Map(record.people.map((p) => [p.ref, p]))
  const isChild = (ref: string) => { const r = byRef.get(ref)?.role; return r === 'child' || r === 'unborn' }
  const children = record.people.filter((p) => isChild(p.ref))
  const childIndex = new Map(children.map((c, i) => [c.ref, i]))
  const rels = record.relationships.filter((r) => byRef.has(r.from) && byRef.has(r.to) && r.from !== r.to)
  // Adults sit above the middle of the children they relate to, which keeps lines from crossing.
  const adults = record.people.filter((p) => !isChild(p.ref)).map((p, fileOrder) => {
    const idx = rels.filter((r) => r.from === p.ref && isChild(r.to)).map((r) => childIndex.get(r.to) ?? 0)
    return { p, fileOrder, centre: idx.length === 0 ? Infinity : idx.reduce((a, b) => a + b, 0) / idx.length }
  }).sort((a, b) => a.centre - b.centre || a.fileOrder - b.fileOrder).map((a) => a.p)

  // An adult's relationships to children, grouped by type: one label per group, under the adult.
  const groups = new Map<string, Map<Relationship['type'], string[]>>()
  for (const r of rels) {
    if (isChild(r.from) || !isChild(r.to)) continue
    let g = groups.get(r.from)
    if (!g) groups.set(r.from, g = new Map())
    g.set(r.type, [...(g.get(r.type) ?? []), r.to])
  }
  const labelRows = Math.max(1, ...[...groups.values()].map((g) => g.size))
  const columns = Math.max(adults.length, children.length, 1)
  const width = MARGIN * 2 + columns * CELL
  const adultArcs = rels.some((r) => !isChild(r.from) && !isChild(r.to))
  const childArcs = rels.some((r) => isChild(r.from) && isChild(r.to))
  const adultY = adultArcs ? 72 : 34
  const labelTop = adultY + BOX_H + 4
  const childY = labelTop + labelRows * 14 + 90
  const height = childY + BOX_H + (childArcs ? 56 : 12)
  const rowX = (count: number, i: number) => MARGIN + ((columns - count) * CELL) / 2 + i * CELL + (CELL - BOX_W) / 2
  const placed = new Map<string, Placed>()
  adults.forEach((p, i) => placed.set(p.ref, { person: p, x: rowX(adults.length, i), y: adultY }))
  children.forEach((p, i) => placed.set(p.ref, { person: p, x: rowX(children.length, i), y: childY }))

  const name = (ref: string) => personName(byRef.get(ref))
  const sentences = rels.map((r) => `${name(r.from)} is ${r.type === 'other' ? 'related to' : `${words(r.type)} of`} ${name(r.to)}`)
  const description = `${adults.length} ${adults.length === 1 ? 'adult' : 'adults'} and ${children.length} ${children.length === 1 ? 'child' : 'children'}` +
    `${children.some((c) => c.role === 'unborn') ? ' (including an unborn child)' : ''}. ` +
    (sentences.length > 0 ? `${sentences.join('. ')}.` : 'No relationships recorded.')
  const out: string[] = [openSvg({
    idPrefix: options.idPrefix ?? 'relationships', width, height, role: 'img',
    title: `People in ${record.name ?? 'the family'} and how they are related`, description,
  })]
  out.push(svgText(MARGIN, adultY - 8, 'Adults', `font-size="12" font-weight="700" fill="${MUTED_INK}"`))
  out.push(svgText(MARGIN, childY - 12, 'Children', `font-size="12" font-weight="700" fill="${MUTED_INK}"`))

  // Adult to child: lines leave from under the adult's label for that relationship.
  for (const [adultRef, g] of groups) {
    const a = placed.get(adultRef)
    if (!a) continue
    let row = 0
    for (const [type, kids] of g) {
      const ly = labelTop + row * 14 + 10
      // Each relationship's lines leave from their own point, so an adult who is father of some children and stepfather of others reads clearly.
      const startX = a.x + BOX_W / 2 + (row - (g.size - 1) / 2) * 36
      const whom = kids.length === children.length && kids.length > 1 ? 'all' : kids.length === 1 ? byRef.get(kids[0] ?? '')?.given_name ?? '1' : String(kids.length)
      out.push(svgText(a.x + BOX_W / 2, ly, `${words(type)} of ${whom}`,
        `font-size="11" text-anchor="middle" fill="${INK}"`))
      for (const kid of kids) {
        const c = placed.get(kid)
        if (!c) continue
        out.push(`<line class="rel-line" data-type="${type}" x1="${num(startX)}" y1="${num(labelTop + labelRows * 14 + 2)}" ` +
          `x2="${num(c.x + BOX_W / 2)}" y2="${num(c.y)}" stroke="${INK}" stroke-width="1.2"${DASHES[type] ? ` stroke-dasharray="${DASHES[type]}"` : ''}/>`)
      }
      row++
    }
  }
  // Between adults (above their row) and between children (below theirs): labelled arcs.
  for (const r of rels) {
    const a = placed.get(r.from), b = placed.get(r.to)
    if (!a || !b) continue
    const bothAdults = !isChild(r.from) && !isChild(r.to)
    const bothChildren = isChild(r.from) && isChild(r.to)
    if (!bothAdults && !bothChildren) {
      if (!isChild(r.from)) continue
      // A child's relationship to an adult: a straight line, labelled halfway.
      const [x1, y1, x2, y2] = [a.x + BOX_W / 2, a.y, b.x + BOX_W / 2, b.y + BOX_H]
      out.push(`<line class="rel-line" data-type="${r.type}" x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${INK}" stroke-width="1.2" stroke-dasharray="2 3"/>`,
        svgText((x1 + x2) / 2, (y1 + y2) / 2, `${words(r.type)}`, `font-size="11" text-anchor="middle" fill="${INK}"`))
      continue
    }
    const [x1, x2] = [a.x + BOX_W / 2, b.x + BOX_W / 2]
    const up = bothAdults
    const y = up ? a.y : a.y + BOX_H
    const lift = Math.min(36, 14 + Math.abs(x2 - x1) / 12) * (up ? -1 : 1)
    const midX = (x1 + x2) / 2
    out.push(`<path class="rel-line" data-type="${r.type}" d="M${num(x1)} ${num(y)}Q${num(midX)} ${num(y + lift * 2)} ${num(x2)} ${num(y)}" fill="none" stroke="${INK}" stroke-width="1.2"${DASHES[r.type] ? ` stroke-dasharray="${DASHES[r.type]}"` : ''}/>`)
    const label = words(r.type)
    out.push(`<rect x="${num(midX - label.length * 3.2 - 3)}" y="${num(y + lift - 8)}" width="${num(label.length * 6.4 + 6)}" height="14" fill="#ffffff"/>`,
      svgText(midX, y + lift + 3, label, `font-size="11" text-anchor="middle" fill="${INK}"`))
  }
  for (const p of placed.values()) out.push(personBox(p))
  out.push('</svg>')
  return out.join('')
}

function personBox({ person, x, y }: Placed): string {
  const unborn = person.role === 'unborn'
  const full = personName(person)
  const shown = full.length > 22 ? `${full.slice(0, 21)}…` : full
  const detail = unborn
    ? person.expected !== undefined ? `Unborn, due ${formatDate(person.expected)}` : 'Unborn'
    : person.born !== undefined ? `Born ${formatDate(person.born)}` : person.role === 'child' ? 'Date of birth not known' : 'Adult'
  return `<g class="person" data-ref="${escapeXml(person.ref)}" data-role="${person.role}">` +
    `<rect x="${num(x)}" y="${num(y)}" width="${BOX_W}" height="${BOX_H}" rx="${person.role === 'adult' ? 0 : 8}" fill="#ffffff" stroke="${INK}" stroke-width="${unborn ? 1.5 : 2}"${unborn ? ' stroke-dasharray="5 3"' : ''}/>` +
    svgText(x + 8, y + 18, shown, `font-size="12" font-weight="700" fill="${INK}"`) +
    svgText(x + 8, y + 34, detail, `font-size="11" fill="${MUTED_INK}"`) +
    '</g>'
}
