// Colours and marks for agencies, plans and event kinds. Every colour has a
// contrast of at least 4.5:1 against white, so a filled mark stands out from
// the page and white letters on it are readable; colour never carries meaning
// alone: agencies also carry letters, event kinds have their own shapes, plans
// their own labels.
import type { PlanKind } from '../../exchange/schema.ts'

export const INK = '#0b0c0c'
export const MUTED_INK = '#505a5f'
export const RULE_LINE = '#b1b4b6'
export const RESTRICTED_COLOUR = '#6f777b'
export const ALERT_COLOUR = '#b3261e'

export const SECTORS = {
  social_care: { label: 'Social care', colour: '#1d70b8' },
  education: { label: 'Education', colour: '#00703c' },
  health: { label: 'Health', colour: '#912b88' },
  police_justice: { label: 'Police and justice', colour: '#0b0c0c' },
  adult_services: { label: 'Adult services', colour: '#8f3e00' },
  housing: { label: 'Housing and environment', colour: '#005a5f' },
  other: { label: 'Other', colour: '#505a5f' },
} as const

export type Sector = keyof typeof SECTORS

export interface AgencyStyle {
  agency: string
  /** One or two letters, unique among the known agencies. */
  letters: string
  label: string
  sector: Sector
  colour: string
}

const KNOWN: Record<string, { letters: string; label: string; sector: Sector }> = {
  childrens_social_care: { letters: 'CS', label: "Children's social care", sector: 'social_care' },
  early_help: { letters: 'EH', label: 'Early help', sector: 'social_care' },
  mash: { letters: 'MA', label: 'MASH', sector: 'social_care' },
  police: { letters: 'Po', label: 'Police', sector: 'police_justice' },
  probation: { letters: 'Pr', label: 'Probation', sector: 'police_justice' },
  court: { letters: 'Ct', label: 'Court', sector: 'police_justice' },
  school: { letters: 'Sc', label: 'School', sector: 'education' },
  nursery: { letters: 'Nu', label: 'Nursery', sector: 'education' },
  gp: { letters: 'GP', label: 'GP', sector: 'health' },
  health_visitor: { letters: 'HV', label: 'Health visitor', sector: 'health' },
  midwifery: { letters: 'Mw', label: 'Midwifery', sector: 'health' },
  hospital: { letters: 'Ho', label: 'Hospital', sector: 'health' },
  dental: { letters: 'De', label: 'Dental', sector: 'health' },
  camhs: { letters: 'CA', label: 'CAMHS', sector: 'health' },
  adult_mental_health: { letters: 'AM', label: 'Adult mental health', sector: 'adult_services' },
  substance_misuse: { letters: 'SM', label: 'Substance misuse service', sector: 'adult_services' },
  domestic_abuse_service: { letters: 'DA', label: 'Domestic abuse service', sector: 'adult_services' },
  housing: { letters: 'Hg', label: 'Housing', sector: 'housing' },
  environmental_health: { letters: 'EN', label: 'Environmental health', sector: 'housing' },
}

/** A readable name for any agency word: `adult_mental_health` reads "Adult mental health". */
export function agencyLabel(agency: string): string {
  const known = KNOWN[agency]
  if (known) return known.label
  const words = agency.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function agencyStyle(agency: string): AgencyStyle {
  const known = KNOWN[agency]
  if (known) return { agency, ...known, colour: SECTORS[known.sector].colour }
  const letters = (agency.charAt(0).toUpperCase() + agency.replace(/_/g, '').charAt(1)).trim() || '?'
  return { agency, letters, label: agencyLabel(agency), sector: 'other', colour: SECTORS.other.colour }
}

export const PLAN_STYLES: { readonly [K in PlanKind]: { short: string; label: string; colour: string } } = {
  early_help: { short: 'EH', label: 'Early help', colour: '#00703c' },
  child_in_need: { short: 'CIN', label: 'Child in need', colour: '#1d70b8' },
  child_protection: { short: 'CP', label: 'Child protection', colour: '#b3261e' },
  plo_pre_proceedings: { short: 'PLO', label: 'PLO pre-proceedings', colour: '#8f3e00' },
  care_proceedings: { short: 'Care', label: 'Care proceedings', colour: '#4c2c92' },
  looked_after: { short: 'LAC', label: 'Looked after', colour: '#0b0c0c' },
}

/** Relative luminance (WCAG 2.2) of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a), lb = luminance(b)
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
}
