// The family's swimlane timeline as a server-rendered SVG string: one lane per
// child (an unborn child's lane is dashed until the birth), one for the adults
// and the family, every event a mark linked to its chronology row, plans as
// bands under each lane and open alerts flagged where they first fired. The
// chronology table on the same page is its text alternative. One pass over the
// events, string building only: fast enough for thousands of events.
import { placedDate, type IsoDate } from '../../exchange/dates.ts'
import type { ChronologyEvent, Person } from '../../exchange/schema.ts'
import type { EventRecord, FamilyRecord } from '../../access/caseRepository.ts'
import { planCategoriesOn, type PlanEpisode } from '../../rules/familyView.ts'
import { maxDate, minDate } from '../../rules/calendar.ts'
import {
  agencyStyle, ALERT_COLOUR, INK, MUTED_INK, PLAN_STYLES, RESTRICTED_COLOUR, RULE_LINE, type AgencyStyle,
} from './palette.ts'
import { childrenNamedBy, formatDate, openAlerts, personName, viewOfRecord, words } from './familyRecordView.ts'
import { escapeXml, num, openSvg, svgText } from './svgText.ts'
import { dayScale, ticksFor, zoomLevelsFrom, type DayScale, type ZoomLevel } from './timelineScale.ts'

export type { ZoomLevel } from './timelineScale.ts'

export interface TimelineOptions {
  from: IsoDate
  to: IsoDate
  asOf: IsoDate
  /** Pixels; default 960. */
  width?: number
  /** Where an event's mark links to; default `#event-<id>`, its chronology row. */
  linkEvent?: (id: string) => string
  /** Where an alert's flag links to; flags are not links without it. */
  linkAlert?: (id: number) => string
  /**
   * Put the event links in the keyboard's tab order. Off by default: with
   * thousands of events they would be thousands of tab stops, and the
   * chronology table gives keyboard users the same rows.
   */
  keyboardLinks?: boolean
  /** Prefix of the ids inside the SVG; unique on the page. Default `timeline`. */
  idPrefix?: string
}

/** The marks of the timeline, each its own shape. */
export const GLYPH_KINDS = {
  missed: 'Missed appointment (was not brought or did not attend): dashed hollow circle',
  incident: 'Police incident or injury: triangle',
  seen: 'Visit where the child was seen: filled square',
  visit: 'Visit where the child was not seen: hollow square',
  voice: "The child's own words: speech bubble",
  event: 'Other record: circle',
  restricted: 'Restricted record, content not shown: grey diamond',
} as const

export type GlyphKind = keyof typeof GLYPH_KINDS

/** The mark of an event in a lane (`laneChild` undefined for the adults' and family lane). */
export function glyphKindOf(record: EventRecord, laneChild?: string): GlyphKind {
  if (!record.visible) return 'restricted'
  const e = record.event
  switch (e.type) {
    case 'appointment':
      return e.status === 'was_not_brought' || e.status === 'did_not_attend' ? 'missed' : 'event'
    case 'police_incident':
    case 'injury':
      return 'incident'
    case 'child_voice':
      return 'voice'
    case 'visit':
      return laneChild !== undefined && (e.child_seen ?? []).includes(laneChild) ? 'seen' : 'visit'
    default:
      return 'event'
  }
}

/** The preset spans of the timeline for a history of events on these dates, all ending on asOf (see zoomLevelsFrom). */
export function zoomLevels(dates: Iterable<string>, asOf: IsoDate): ZoomLevel[] {
  let first: IsoDate | undefined
  for (const date of dates) {
    const d = placedDate({ date })
    if (first === undefined || d < first) first = d
  }
  return zoomLevelsFrom(first, asOf)
}

const MARGIN_LEFT = 176
const MARGIN_RIGHT = 16
const AXIS_HEIGHT = 30
const GLYPH_ROWS = 3
const ROW_HEIGHT = 18
const GLYPH_GAP = 15
const BAND_HEIGHT = 13
const LANE_PADDING = 8
const FAMILY_LANE = '__family'

interface Lane {
  key: string
  person: Person | undefined
  label: string
  detail: string
  /** Before this day the lane is drawn dashed (not yet born); undefined: solid throughout. */
  bornFrom: IsoDate | undefined
  /** A due date to mark on an unborn child's lane. */
  due: IsoDate | undefined
  bands: { plan: PlanEpisode; row: number }[]
  bandRows: number
  top: number
  height: number
  rowEnds: number[]
  marks: string[]
}

/**
 * The timeline of `record` from `options.from` to `options.to`. Of its events
 * it reads those in that span, and every plan and birth (plan bands, dates of
 * birth): a family page's record may hold those alone (CaseRepository.familyPage).
 */
export function renderTimelineSvg(record: FamilyRecord, options: TimelineOptions): string {
  const width = Math.max(360, options.width ?? 960)
  const id = options.idPrefix ?? 'timeline'
  const from = minDate(options.from, options.to), to = maxDate(options.from, options.to)
  const view = viewOfRecord(record, options.asOf)
  const scale = dayScale(from, to, MARGIN_LEFT, width - MARGIN_RIGHT)
  const link = options.linkEvent ?? ((eventId: string) => `#event-${eventId}`)
  const tabindex = options.keyboardLinks === true ? '' : ' tabindex="-1"'

  const lanes = new Map<string, Lane>()
  let top = AXIS_HEIGHT
  const addLane = (lane: Omit<Lane, 'top' | 'height' | 'rowEnds' | 'marks'>) => {
    const height = GLYPH_ROWS * ROW_HEIGHT + lane.bandRows * BAND_HEIGHT + LANE_PADDING * 2
    lanes.set(lane.key, { ...lane, top, height, rowEnds: Array<number>(GLYPH_ROWS).fill(-Infinity), marks: [] })
    top += height
  }
  for (const child of view.children) {
    const dob = view.dateOfBirth(child.ref)
    const bands = bandRowsOf(view.plans(child.ref).filter((p) => p.start <= to && (p.end === undefined || p.end > from)))
    const age = view.ageOn(child.ref, options.asOf)
    const born = dob !== undefined && dob <= options.asOf
    const detail = born
      ? `Born ${formatDate(child.born !== undefined && child.role === 'child' ? child.born : dob)}${age === undefined ? '' : `, aged ${age}`}`
      : child.role === 'unborn'
        ? child.expected !== undefined ? `Unborn, due ${formatDate(child.expected)}` : 'Unborn'
        : 'Date of birth not known'
    addLane({
      key: child.ref, person: child, label: personName(child), detail,
      bornFrom: dob ?? (child.role === 'unborn' ? '9999-12-31' : undefined),
      due: !born && child.expected !== undefined ? placedDate({ date: child.expected }) : undefined,
      bands: bands.bands, bandRows: bands.rows,
    })
  }
  addLane({ key: FAMILY_LANE, person: undefined, label: 'Adults and family', detail: 'Records naming no child', bornFrom: undefined, due: undefined, bands: [], bandRows: 0 })
  const familyLane = lanes.get(FAMILY_LANE) as Lane

  const glyphs = glyphDefs(id)
  let markCount = 0
  const counts: Record<GlyphKind, number> = { missed: 0, incident: 0, seen: 0, visit: 0, voice: 0, event: 0, restricted: 0 }
  const agenciesShown = new Map<string, AgencyStyle>()
  for (const record_ of record.events) {
    const date = placedDate({ date: record_.visible ? record_.event.date : record_.date })
    if (date < from || date > to) continue
    const x = scale.x(date)
    const style = agencyStyle(record_.visible ? record_.event.agency : record_.agency)
    agenciesShown.set(style.agency, style)
    const targets = record_.visible ? childrenNamedBy(record_.event, view.isChild).map((c) => lanes.get(c)).filter((l) => l !== undefined) : []
    if (targets.length === 0) targets.push(familyLane)
    const href = escapeXml(link(record_.visible ? record_.event.id : record_.id))
    // The label starts with the agency's letters drawn on the mark, so what is seen is part of what is read (WCAG 2.5.3).
    const label = escapeXml(`${style.letters} ${record_.visible ? eventLabel(record_.event, style) : `${formatDate(record_.date)}: restricted record from ${style.label}`}`)
    for (const lane of targets) {
      const kind = glyphKindOf(record_, lane === familyLane ? undefined : lane.key)
      counts[kind]++
      const row = rowFor(lane.rowEnds, x)
      const cy = lane.top + LANE_PADDING + row * ROW_HEIGHT + ROW_HEIGHT / 2
      // The title is both the tooltip and, by aria-labelledby, the link's name: the label is written once.
      const titleId = `${escapeXml(id)}-m${markCount++}`
      lane.marks.push(
        `<a href="${href}" class="tl-mark" data-kind="${kind}" aria-labelledby="${titleId}"${tabindex}>` +
        `<title id="${titleId}">${label}</title><use href="#${glyphs.idOf(kind, style)}" x="${num(x)}" y="${num(cy)}"/></a>`,
      )
    }
  }

  const alertMarks: string[] = []
  for (const alert of openAlerts(record)) {
    if (alert.firstFired < from || alert.firstFired > to) continue
    const lane = lanes.get(alert.subject) ?? familyLane
    const x = scale.x(alert.firstFired)
    const label = escapeXml(`Alert${alert.state === 'acknowledged' ? ' (acknowledged)' : ''}: ${alert.title}, first raised ${formatDate(alert.firstFired)}`)
    const flag = `<g class="tl-alert" data-alert="${alert.id}"><title>${label}</title>` +
      `<line x1="${num(x)}" y1="${num(lane.top + 1)}" x2="${num(x)}" y2="${num(lane.top + lane.height - 1)}" stroke="${ALERT_COLOUR}" stroke-width="1.5"/>` +
      `<path d="M${num(x)} ${num(lane.top + 1)}h9l-3 4 3 4h-9z" fill="${ALERT_COLOUR}"/></g>`
    alertMarks.push(options.linkAlert ? `<a href="${escapeXml(options.linkAlert(alert.id))}" aria-label="${label}"${tabindex}>${flag}</a>` : flag)
  }

  const lanesBottom = top
  const legend = legendSvg(lanesBottom + 14, width, [...agenciesShown.values()], lanes)
  const height = legend.bottom + 8
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  const out: string[] = [openSvg({
    idPrefix: id, width, height, role: 'group',
    title: `Timeline of ${record.name ?? 'the family'}, ${formatDate(from)} to ${formatDate(to)}`,
    description: `${lanes.size - 1} ${lanes.size === 2 ? 'child' : 'children'} and the adults, ${total} marks: ` +
      `${counts.missed} missed appointments, ${counts.incident} incidents, ${counts.seen} visits seeing the child, ` +
      `${counts.voice} records of a child's words, ${counts.restricted} restricted. Each mark links to its row in the chronology table, which gives the same records as text.`,
  }), glyphs.svg()]
  out.push(axisSvg(from, to, scale, lanesBottom))
  for (const lane of lanes.values()) out.push(laneSvg(lane, scale, from, to, width))
  if (options.asOf >= from && options.asOf <= to) {
    const x = scale.x(options.asOf)
    out.push(`<line x1="${num(x)}" y1="${AXIS_HEIGHT - 6}" x2="${num(x)}" y2="${num(lanesBottom)}" stroke="${INK}" stroke-dasharray="2 3"/>`)
  }
  for (const lane of lanes.values()) out.push(`<g class="tl-marks" data-lane="${escapeXml(lane.key)}">`, ...lane.marks, '</g>')
  out.push(...alertMarks, legend.svg, '</svg>')
  return out.join('')
}

/**
 * Each glyph drawn (a kind in an agency's colours) defined once and placed by
 * <use>: a long history has thousands of marks, and the page's size is most
 * of what it costs to send.
 */
function glyphDefs(idPrefix: string): { idOf(kind: GlyphKind, style: AgencyStyle): string; svg(): string } {
  const ids = new Map<string, string>()
  const defs: string[] = []
  return {
    idOf(kind, style) {
      const key = `${kind} ${style.agency}`
      let glyphId = ids.get(key)
      if (glyphId === undefined) {
        glyphId = `${escapeXml(idPrefix)}-g${ids.size}`
        ids.set(key, glyphId)
        defs.push(`<g id="${glyphId}">${glyph(kind, 0, 0, style)}</g>`)
      }
      return glyphId
    },
    svg: () => (defs.length === 0 ? '' : `<defs>${defs.join('')}</defs>`),
  }
}

/** The first glyph row with room at x, else the row whose last mark is furthest left. */
function rowFor(rowEnds: number[], x: number): number {
  let best = 0
  for (let r = 0; r < rowEnds.length; r++) {
    const end = rowEnds[r] ?? -Infinity
    if (x - end >= GLYPH_GAP) {
      rowEnds[r] = x
      return r
    }
    if (end < (rowEnds[best] ?? -Infinity)) best = r
  }
  rowEnds[best] = x
  return best
}

function bandRowsOf(plans: readonly PlanEpisode[]): { bands: { plan: PlanEpisode; row: number }[]; rows: number } {
  const rowEnds: string[] = []
  const bands = plans.map((plan) => {
    let row = rowEnds.findIndex((end) => end <= plan.start)
    if (row < 0) row = rowEnds.length
    rowEnds[row] = plan.end ?? '9999-12-31'
    return { plan, row }
  })
  return { bands, rows: rowEnds.length }
}

const SUMMARY_CHARS = 100

function eventLabel(e: ChronologyEvent, style: AgencyStyle): string {
  const facets: string[] = []
  if (e.type === 'appointment') facets.push(`${words(e.service)}, ${words(e.status)}`)
  if (e.type === 'visit') facets.push(`access ${words(e.access)}`)
  if (e.type === 'plan') facets.push(`${words(e.plan)} ${e.change}`)
  const summary = e.summary.length > SUMMARY_CHARS ? `${e.summary.slice(0, SUMMARY_CHARS - 1)}…` : e.summary
  return `${formatDate(e.date)}${e.approximate === true ? ' (approximate)' : ''}, ${style.label}, ${words(e.type)}` +
    `${facets.length > 0 ? ` (${facets.join('; ')})` : ''}: ${summary}`
}

/** One mark: shape by kind, colour and letters by agency. */
export function glyph(kind: GlyphKind, x: number, cy: number, style: AgencyStyle): string {
  const letters = (fill: string, dy = 2.5) =>
    `<text x="${num(x)}" y="${num(cy + dy)}" font-size="7" font-weight="700" text-anchor="middle" fill="${fill}">${escapeXml(style.letters)}</text>`
  const c = style.colour
  switch (kind) {
    case 'missed':
      return `<circle cx="${num(x)}" cy="${num(cy)}" r="7" fill="#ffffff" stroke="${c}" stroke-width="2" stroke-dasharray="3 2"/>${letters(c)}`
    case 'incident':
      return `<path d="M${num(x)} ${num(cy - 9)}L${num(x + 8.5)} ${num(cy + 7)}H${num(x - 8.5)}Z" fill="${c}"/>${letters('#ffffff', 4.5)}`
    case 'seen':
      return `<rect x="${num(x - 7)}" y="${num(cy - 7)}" width="14" height="14" fill="${c}"/>${letters('#ffffff')}`
    case 'visit':
      return `<rect x="${num(x - 6)}" y="${num(cy - 6)}" width="12" height="12" fill="#ffffff" stroke="${c}" stroke-width="2"/>${letters(c)}`
    case 'voice':
      return `<path d="M${num(x - 8)} ${num(cy - 7)}h16v11h-9l-4 4v-4h-3z" fill="${c}"/>${letters('#ffffff', 1.5)}`
    case 'restricted':
      return `<path d="M${num(x)} ${num(cy - 8)}l8 8-8 8-8-8z" fill="${RESTRICTED_COLOUR}"/>${letters('#ffffff')}`
    case 'event':
      return `<circle cx="${num(x)}" cy="${num(cy)}" r="7" fill="${c}"/>${letters('#ffffff')}`
  }
}

function axisSvg(from: IsoDate, to: IsoDate, scale: DayScale, bottom: number): string {
  const { ticks } = ticksFor(from, to, scale.right - scale.left)
  const out: string[] = ['<g class="tl-axis">']
  for (const t of ticks) {
    const x = scale.x(t.date)
    out.push(`<line x1="${num(x)}" y1="${AXIS_HEIGHT - 8}" x2="${num(x)}" y2="${num(bottom)}" stroke="${t.major ? MUTED_INK : RULE_LINE}" stroke-width="1"/>`)
    // A label that would run off the right edge is left out; its line stays.
    if (x + 3 + t.label.length * 6.5 <= scale.right + MARGIN_RIGHT) out.push(svgText(x + 3, AXIS_HEIGHT - 12, t.label, `font-size="11" fill="${INK}"`))
  }
  out.push(`<line x1="${scale.left}" y1="${AXIS_HEIGHT}" x2="${num(scale.right)}" y2="${AXIS_HEIGHT}" stroke="${MUTED_INK}"/>`, '</g>')
  return out.join('')
}

function laneSvg(lane: Lane, scale: DayScale, from: IsoDate, to: IsoDate, width: number): string {
  const out: string[] = [`<g class="tl-lane" data-lane="${escapeXml(lane.key)}">`]
  out.push(`<line x1="0" y1="${num(lane.top + lane.height)}" x2="${num(width)}" y2="${num(lane.top + lane.height)}" stroke="${RULE_LINE}"/>`)
  const name = lane.label.length > 26 ? `${lane.label.slice(0, 25)}…` : lane.label
  out.push(svgText(6, lane.top + 20, name, `font-size="13" font-weight="700" fill="${INK}"`))
  out.push(svgText(6, lane.top + 36, lane.detail, `font-size="11" fill="${MUTED_INK}"`))
  const mid = lane.top + LANE_PADDING + (GLYPH_ROWS * ROW_HEIGHT) / 2
  const line = (a: number, b: number, dashed: boolean) => b > a
    ? `<line x1="${num(a)}" y1="${num(mid)}" x2="${num(b)}" y2="${num(mid)}" stroke="${MUTED_INK}" stroke-width="1.5"${dashed ? ' stroke-dasharray="4 4"' : ''}/>`
    : ''
  if (lane.bornFrom === undefined || lane.bornFrom <= from) out.push(line(scale.left, scale.right, false))
  else if (lane.bornFrom > to) out.push(line(scale.left, scale.right, true))
  else {
    const bx = scale.x(lane.bornFrom)
    out.push(line(scale.left, bx, true), line(bx, scale.right, false))
    out.push(`<g><title>Born ${escapeXml(formatDate(lane.bornFrom))}</title><circle cx="${num(bx)}" cy="${num(mid)}" r="3" fill="${INK}"/></g>`)
  }
  if (lane.due !== undefined && lane.due >= from && lane.due <= to) {
    const dx = scale.x(lane.due)
    out.push(`<g><title>Due ${escapeXml(formatDate(lane.due))}</title><circle cx="${num(dx)}" cy="${num(mid)}" r="4" fill="#ffffff" stroke="${INK}" stroke-width="1.5"/></g>`)
  }
  const bandTop = lane.top + LANE_PADDING + GLYPH_ROWS * ROW_HEIGHT
  for (const { plan, row } of lane.bands) {
    const style = PLAN_STYLES[plan.kind]
    const start = maxDate(plan.start, from)
    const x1 = scale.x(start)
    const x2 = plan.end === undefined || plan.end > to ? scale.right : scale.x(plan.end)
    const y = bandTop + row * BAND_HEIGHT
    const categories = planCategoriesOn(plan, plan.end ?? to).map(words)
    const title = `${style.label} plan${categories.length > 0 ? ` (${categories.join(', ')})` : ''}, ` +
      `${formatDate(plan.start)} to ${plan.end === undefined ? 'now (open)' : formatDate(plan.end)}`
    // The fullest label that fits the band: "Child protection: neglect", "CP: neglect" or "CP".
    const room = (x2 - x1 - 6) / 5
    const withCategories = (name: string) => categories.length > 0 ? `${name}: ${categories.join(', ')}` : name
    const label = [withCategories(style.label), withCategories(style.short), style.short].find((l) => l.length <= room)
    const text = label === undefined ? '' : svgText(x1 + 3, y + 9, label, 'font-size="9" fill="#ffffff"')
    out.push(`<g class="tl-plan" data-plan="${plan.kind}"><title>${escapeXml(title)}</title>` +
      `<rect x="${num(x1)}" y="${num(y)}" width="${num(Math.max(2, x2 - x1))}" height="${BAND_HEIGHT - 2}" fill="${style.colour}"/>${text}</g>`)
  }
  out.push('</g>')
  return out.join('')
}

function legendSvg(top: number, width: number, agencies: AgencyStyle[], lanes: Map<string, Lane>): { svg: string; bottom: number } {
  const out: string[] = ['<g class="tl-legend">', svgText(6, top, 'Key', `font-size="12" font-weight="700" fill="${INK}"`)]
  let x = 6, y = top + 18
  /** A mark (drawn centred on cx) and its label, wrapping to a new line when the row is full. */
  const item = (markWidth: number, mark: (cx: number) => string, label: string) => {
    const w = markWidth + 6 + label.length * 6 + 16
    if (x > 6 && x + w > width - 6) {
      x = 6
      y += 22
    }
    out.push(mark(x + markWidth / 2), svgText(x + markWidth + 6, y + 4, label, `font-size="11" fill="${INK}"`))
    x += w
  }
  const newRow = () => {
    x = 6
    y += 24
  }
  const sample: AgencyStyle = { agency: 'sample', letters: '', label: '', sector: 'other', colour: MUTED_INK }
  for (const [kind, text] of Object.entries(GLYPH_KINDS) as [GlyphKind, string][]) {
    item(18, (cx) => glyph(kind, cx, y, sample), text.slice(0, text.indexOf(':')))
  }
  item(12, (cx) => `<path d="M${num(cx - 4)} ${num(y - 7)}h9l-3 4 3 4h-9z" fill="${ALERT_COLOUR}"/>`, 'Open alert, where it first fired')
  newRow()
  for (const a of [...agencies].sort((p, q) => p.label.localeCompare(q.label))) {
    item(16, (cx) => glyph('event', cx, y, a), a.label)
  }
  const kinds = new Set<string>()
  for (const lane of lanes.values()) for (const b of lane.bands) kinds.add(b.plan.kind)
  if (kinds.size > 0) {
    newRow()
    for (const [kind, style] of Object.entries(PLAN_STYLES)) {
      if (!kinds.has(kind)) continue
      item(28, (cx) => `<rect x="${num(cx - 14)}" y="${num(y - 6)}" width="28" height="11" fill="${style.colour}"/>` +
        `<text x="${num(cx)}" y="${num(y + 3)}" font-size="9" text-anchor="middle" fill="#ffffff">${style.short}</text>`, `${style.label} plan`)
    }
  }
  out.push('</g>')
  return { svg: out.join(''), bottom: y + 14 }
}
