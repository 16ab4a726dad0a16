// Health appointments attended against missed, one pair of bars per service,
// each bar labelled with its count (and missed bars hatched), so neither
// colour nor length alone carries the figures.
import type { LivedExperience } from './childLivedExperience.ts'
import { words } from './familyRecordView.ts'
import { ALERT_COLOUR, INK, SECTORS } from './palette.ts'
import { escapeXml, num, openSvg, svgText } from './svgText.ts'

export interface AppointmentsChartOptions {
  /** Default "Health appointments attended and missed". */
  title?: string
  width?: number
  /** Default `appointments`. */
  idPrefix?: string
}

type ServiceCounts = LivedExperience['appointments']['byService'][number]

const ROW = 40
const ATTENDED = SECTORS.health.colour

export function renderAppointmentsSvg(byService: readonly ServiceCounts[], options: AppointmentsChartOptions = {}): string {
  const width = Math.max(320, options.width ?? 640)
  const id = options.idPrefix ?? 'appointments'
  const left = 150, right = width - 60
  const height = 40 + Math.max(1, byService.length) * ROW
  const most = Math.max(1, ...byService.map((s) => Math.max(s.attended, s.missed)))
  const per = (right - left) / most
  const description = byService.length === 0
    ? 'No health appointments recorded.'
    : byService.map((s) => `${serviceName(s.service)}: ${s.attended} attended, ${s.missed} missed`).join('; ') + '.'
  const out: string[] = [openSvg({ idPrefix: id, width, height, role: 'img', title: options.title ?? 'Health appointments attended and missed', description })]
  out.push(`<defs><pattern id="${escapeXml(id)}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="${ALERT_COLOUR}"/></pattern></defs>`)
  out.push(`<rect x="${left}" y="8" width="12" height="10" fill="${ATTENDED}"/>`, svgText(left + 16, 17, 'Attended', `font-size="11" fill="${INK}"`))
  out.push(`<rect x="${left + 90}" y="8" width="12" height="10" fill="url(#${escapeXml(id)}-hatch)" stroke="${ALERT_COLOUR}"/>`,
    svgText(left + 106, 17, 'Missed (not brought or did not attend)', `font-size="11" fill="${INK}"`))
  if (byService.length === 0) out.push(svgText(10, 52, 'No health appointments recorded.', `font-size="13" fill="${INK}"`))
  byService.forEach((s, i) => {
    const y = 30 + i * ROW
    out.push(svgText(left - 8, y + 18, serviceName(s.service), `font-size="12" text-anchor="end" fill="${INK}"`))
    const bar = (value: number, top: number, fill: string, cls: string) =>
      `<rect class="${cls}" x="${left}" y="${num(top)}" width="${num(Math.max(1, value * per))}" height="14" fill="${fill}"${cls === 'missed' ? ` stroke="${ALERT_COLOUR}"` : ''}/>` +
      svgText(left + Math.max(1, value * per) + 5, top + 11, String(value), `font-size="11" fill="${INK}"`)
    out.push(bar(s.attended, y + 2, ATTENDED, 'attended'), bar(s.missed, y + 18, `url(#${escapeXml(id)}-hatch)`, 'missed'))
  })
  out.push('</svg>')
  return out.join('')
}

function serviceName(service: string): string {
  const w = words(service)
  return service === 'gp' ? 'GP' : service === 'camhs' ? 'CAMHS' : w.charAt(0).toUpperCase() + w.slice(1)
}
