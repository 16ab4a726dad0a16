// Nunjucks set up for GOV.UK Frontend and MOJ Frontend templates, with the
// filters pages use to show dates, agencies and codes in words.
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { chronologyEntryHref } from './chronologyEntryHref.ts'
import { KNOWN_AGENCIES } from '../exchange/schema.ts'

const ROOT = new URL('../../', import.meta.url)
export const VIEWS_DIR = fileURLToPath(new URL('./views/', import.meta.url))
export const GOVUK_DIST = fileURLToPath(new URL('node_modules/govuk-frontend/dist/', ROOT))
export const MOJ_DIST = fileURLToPath(new URL('node_modules/@ministryofjustice/frontend/', ROOT))
export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url))

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** `2024-03-05` → `5 March 2024`; partial dates as far as they go (`March 2024`, `2024`). */
export function formatDate(value: unknown): string {
  if (value instanceof Date) return formatDate(value.toISOString().slice(0, 10))
  if (typeof value !== 'string') return ''
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value)
  if (m === null) return value
  const [, y, mo, d] = m
  const month = mo !== undefined ? MONTHS[Number(mo) - 1] : undefined
  if (month === undefined) return y ?? value
  return d !== undefined ? `${Number(d)} ${month} ${y}` : `${month} ${y}`
}

/** `2024-03-05T10:04:00Z` → `5 March 2024, 10:04` (UTC). */
export function formatDateTime(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null
  if (date === null || Number.isNaN(date.getTime())) return ''
  return `${formatDate(date)}, ${date.toISOString().slice(11, 16)}`
}

const AGENCY_NAMES: Record<string, string> = {
  childrens_social_care: "Children's social care", mash: 'MASH', gp: 'GP', camhs: 'CAMHS',
}

/** Initialisms practitioners write in capitals, whatever case a code has them in. */
const INITIALISMS = ['gp', 'camhs', 'mash', 'marac', 'plo', 'nhs', 'upn']
/** One of them as a whole run of letters, in any case. One search, where calling back for every word cost 1% of serving a family page. */
const INITIALISM = new RegExp(`(?<![A-Za-z])(?:${INITIALISMS.join('|')})(?![A-Za-z])`, 'gi')

function capitaliseInitialisms(text: string): string {
  return text.replace(INITIALISM, (word) => word.toUpperCase())
}

/** `health_visitor` → `Health visitor`; `gp_surgery` → `GP surgery`, `nhs_number` → `NHS number`. */
export function humanise(code: unknown): string {
  if (typeof code !== 'string' || code === '') return ''
  const words = capitaliseInitialisms(code.replace(/[_-]+/g, ' '))
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** Words in lower case for the middle of a sentence, initialisms kept in capitals: `NHS number` → `NHS number`, `Service` → `service`. */
export function lowerCaseWords(text: string): string {
  return capitaliseInitialisms(text.toLowerCase())
}

export function agencyName(code: unknown): string {
  if (typeof code !== 'string') return ''
  return AGENCY_NAMES[code] ?? humanise(code)
}

export const AGENCY_CHOICES = KNOWN_AGENCIES.map((value) => ({ value, text: agencyName(value) }))

export function createViews(options: { watch?: boolean } = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIST, MOJ_DIST], { watch: options.watch ?? false, noCache: false }),
    { autoescape: true, throwOnUndefined: false },
  )
  env.addFilter('date', formatDate)
  env.addFilter('dateTime', formatDateTime)
  env.addFilter('agency', agencyName)
  env.addFilter('humanise', humanise)
  env.addFilter('lowerWords', lowerCaseWords)
  env.addFilter('selectedItems', selectedItems)
  env.addFilter('trim', trimFilter)
  env.addGlobal('chronologyEntryHref', chronologyEntryHref)
  return env
}

/**
 * Nunjucks's own `trim` is `replace(/^\s*|\s*$/g, '')`, which takes time
 * quadratic in a run of whitespace: GOV.UK Frontend's macros trim every
 * captured block, so it was half the CPU of rendering a page (issue 6,
 * profiled: 4.3 ms for the find-a-person form). String.prototype.trim removes
 * the same characters (JavaScript's \s is its WhiteSpace and LineTerminator)
 * in linear time. Marked-safe text stays marked safe, as before.
 */
export function trimFilter(value: unknown): unknown {
  if (value instanceof nunjucks.runtime.SafeString) return new nunjucks.runtime.SafeString(value.val.trim())
  return String(value ?? '').trim()
}

/** Options marked checked/selected where their value is the current value (or one of them). */
export function selectedItems(options: { value: string; text: string }[], current: unknown, attribute: 'checked' | 'selected'): Record<string, unknown>[] {
  const chosen = new Set(Array.isArray(current) ? current.map(String) : typeof current === 'string' ? [current] : [])
  return options.map((o) => ({ ...o, [attribute]: chosen.has(o.value) }))
}
