// Test data: valid family documents, built deterministically from a seed, for
// store and CLI tests (the realistic generator lives elsewhere).
import { FORMAT } from '../exchange/schema.ts'
import type { ChronologyEvent, FamilyDocument } from '../exchange/schema.ts'

export interface BuildFamilyOptions {
  ref?: string
  events?: number
  /** Varies the event content, so two versions of one family differ. */
  seed?: number
  /** Prefix of event ids. */
  idPrefix?: string
  agency?: string
}

export function buildSeededFamilyDocument(options: BuildFamilyOptions = {}): FamilyDocument {
  const ref = options.ref ?? 'F-TEST'
  const seed = options.seed ?? 1
  const count = options.events ?? 10
  const prefix = options.idPrefix ?? 'E'
  const agency = options.agency ?? 'childrens_social_care'
  const events: ChronologyEvent[] = []
  for (let i = 0; i < count; i++) {
    const day = ((i * 7 + seed) % 28) + 1
    const month = (i % 12) + 1
    const date = `${2015 + (i % 8)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    const id = `${prefix}${i + 1}`
    const summary = `Entry ${i + 1} (version ${seed}) for ${ref}`
    switch (i % 4) {
      case 0:
        events.push({ id, type: 'visit', date, agency, subjects: ['child1'], summary, access: i % 8 === 0 ? 'full' : 'no_answer', areas_seen: ['kitchen'] })
        break
      case 1:
        events.push({ id, type: 'appointment', date: date.slice(0, 7), agency: 'gp', subjects: ['child2'], summary, service: 'gp', status: 'was_not_brought', approximate: true })
        break
      case 2:
        events.push({ id, type: 'police_incident', date, time: '22:15', recorded: `${2015 + (i % 8)}-12-31`, agency: 'police', subjects: ['mother', 'child1'], summary, category: 'domestic_abuse', children_present: ['child1'], restricted: false })
        break
      default:
        events.push({ id, type: 'note', date: String(2015 + (i % 8)), agency, subjects: ['child1', 'child2'], summary, significance: 'Low', action: 'None', outcome: 'Noted' })
    }
  }
  return {
    format: FORMAT,
    family: { ref, name: `Family ${ref}` },
    people: [
      { ref: 'mother', given_name: 'Anna', family_name: 'Test', born: '1990-03-04', sex: 'female', role: 'adult', identifiers: { nhs_number: '9434765919' } },
      { ref: 'child1', given_name: 'Ben', family_name: 'Test', born: '2012-05', sex: 'male', role: 'child' },
      { ref: 'child2', given_name: 'Cara', born: '2014', role: 'child', address: '1 Test Street' },
    ],
    relationships: [
      { from: 'mother', to: 'child1', type: 'mother' },
      { from: 'mother', to: 'child2', type: 'mother' },
      { from: 'child1', to: 'child2', type: 'sibling' },
    ],
    events,
  }
}

/** `count` families, refs `${prefix}1`..., as one JSON Lines text. */
export function buildFamiliesJsonl(count: number, options: BuildFamilyOptions & { refPrefix?: string } = {}): string {
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify(buildSeededFamilyDocument({ ...options, ref: `${options.refPrefix ?? 'F'}${i + 1}` })))
  }
  return lines.join('\n') + '\n'
}
