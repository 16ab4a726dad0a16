// toxic-trio (review ids: ALHC 5.13, CD): substance or alcohol misuse, mental
// ill health and domestic abuse all recorded for the adults caring for a child
// within 12 months.
// Readings §3: for a child, one record of each kind with all three dates within
// 12 months of each other (§5: once known, holds for the rest of the replay).
// A record is an adult_factor recorded (§11) for a parent or carer of the
// child; an observation risk factor on an observation about the child, a
// parent or carer, or a child sharing a parent or carer; or, for domestic
// abuse, a domestic_abuse police incident involving a parent or carer. Any
// status counts.
import type { ChronologyEvent } from '../exchange/schema.ts'
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { withinMonths } from './spans.ts'
import { defineRule, type Finding } from './types.ts'
import { parentalCircle } from './parentalCircle.ts'

const KINDS = ['substance misuse', 'mental ill health', 'domestic abuse'] as const
type Kind = (typeof KINDS)[number]

const FACTOR_KIND: Readonly<Record<string, Kind>> = {
  substance_misuse: 'substance misuse',
  alcohol_misuse: 'substance misuse',
  mental_health: 'mental ill health',
  suicide_attempt: 'mental ill health',
  domestic_abuse_victim: 'domestic abuse',
  domestic_abuse_perpetrator: 'domestic abuse',
}

const RISK_FACTOR_KIND: Readonly<Record<string, Kind>> = {
  parental_substance_misuse: 'substance misuse',
  parental_alcohol_misuse: 'substance misuse',
  parental_mental_health: 'mental ill health',
  domestic_abuse: 'domestic abuse',
}

interface TrioRecord {
  readonly event: PlacedEvent
  readonly kinds: readonly Kind[]
}

/** The child's records of the three kinds, in placed order. */
function recordsFor(view: FamilyView, child: string): TrioRecord[] {
  const { involvesCarer, observationCounts } = parentalCircle(view, child)
  const records: TrioRecord[] = []
  const candidates = [...view.ofType('adult_factor'), ...view.ofType('observation'), ...view.ofType('police_incident')]
    .sort((a, b) => a.seq - b.seq)
  for (const e of candidates) {
    const ev: ChronologyEvent = e.event
    let kinds: Kind[] = []
    if (ev.type === 'adult_factor') {
      const kind = FACTOR_KIND[ev.factor]
      if (kind && involvesCarer(e)) kinds = [kind]
    } else if (ev.type === 'observation') {
      if (observationCounts(e)) kinds = (ev.risk_factors ?? []).flatMap((f) => RISK_FACTOR_KIND[f] ?? [])
    } else if (ev.type === 'police_incident') {
      if (ev.category === 'domestic_abuse' && involvesCarer(e)) kinds = ['domestic abuse']
    }
    if (kinds.length > 0) records.push({ event: e, kinds })
  }
  return records
}

/**
 * The earliest-completing set: one record of each kind within `months` of
 * each other. For each record as the latest, the latest earlier record of
 * each other kind gives the tightest set ending there.
 */
function firstTrio(records: readonly TrioRecord[], months: number): PlacedEvent[] | undefined {
  const latestOf = new Map<Kind, PlacedEvent>()
  for (const r of records) {
    for (const kind of r.kinds) latestOf.set(kind, r.event)
    const set = KINDS.map((k) => latestOf.get(k))
    if (set.some((e) => e === undefined)) continue
    const events = [...new Set(set as PlacedEvent[])].sort((a, b) => a.seq - b.seq)
    const earliest = events[0]
    if (earliest && withinMonths(earliest.placed, r.event.placed, months)) return events
  }
  return undefined
}

export const toxicTrioRule = defineRule('toxic-trio', {
  reads: ['adult_factor', 'observation', 'police_incident'],
  evaluate(view, _asOf, { withinMonths: months }) {
    const findings: Finding[] = []
    for (const child of view.children) {
      const trio = firstTrio(recordsFor(view, child.ref), months)
      if (!trio) continue
      const first = trio[0]?.placed, last = trio[trio.length - 1]?.placed
      findings.push({
        subject: child.ref,
        events: trio.map((e) => e.id),
        threshold: `${KINDS.join(', ')} recorded for the adults caring for the child within ${months} months (${first} to ${last}); ` +
          `the threshold is all three within ${months} months`,
      })
    }
    return findings
  },
})
