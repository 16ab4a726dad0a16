// housing-unfit (review ids: Q, WT 2): a visit or address change with
// home_conditions unfit, or poor twice within 6 months. Readings §3: an unfit
// record alerts its children (§9); poor records are counted over the whole
// family, and a qualifying set alerts every child its records are about.
// An event about no child alerts the family (§16). Spans per §5: once known,
// they hold for the rest of the replay.
import type { IsoDate } from '../exchange/dates.ts'
import type { PlacedEvent } from './familyView.ts'
import { withinMonths } from './spans.ts'
import { defineRule, FAMILY, type Finding } from './types.ts'

interface Found {
  unfit: PlacedEvent[]
  poor: Set<PlacedEvent>
}

export const housingUnfitRule = defineRule('housing-unfit', {
  reads: ['visit', 'address_change'],
  evaluate(view, _asOf, { poorCount, withinMonths: months }) {
    const records = [...view.ofType('visit'), ...view.ofType('address_change')].sort((a, b) => a.seq - b.seq)
    const perSubject = new Map<string, Found>()
    const subjectsOf = (e: PlacedEvent) => {
      const children = view.childrenOfEvent(e)
      return children.length > 0 ? children : [FAMILY]
    }
    const foundFor = (subject: string) => {
      let found = perSubject.get(subject)
      if (!found) perSubject.set(subject, found = { unfit: [], poor: new Set() })
      return found
    }
    for (const e of records) {
      if (e.event.home_conditions === 'unfit') for (const s of subjectsOf(e)) foundFor(s).unfit.push(e)
    }
    // Every run of poorCount consecutive poor records within the span: an
    // event belongs to some qualifying set exactly when it belongs to one of these.
    const poor = records.filter((e) => e.event.home_conditions === 'poor')
    for (let last = poorCount - 1; last < poor.length; last++) {
      const run = poor.slice(last - poorCount + 1, last + 1)
      const first = run[0], end = run[run.length - 1]
      if (!first || !end || !withinMonths(first.placed, end.placed, months)) continue
      const subjects = new Set(run.flatMap(subjectsOf))
      for (const s of subjects) for (const e of run) foundFor(s).poor.add(e)
    }
    const findings: Finding[] = []
    for (const [subject, found] of perSubject) {
      const poorEvents = [...found.poor].sort((a, b) => a.seq - b.seq)
      const parts: string[] = []
      if (found.unfit.length > 0) parts.push(`home conditions recorded unfit on ${dates(found.unfit)}; the threshold is 1 unfit`)
      if (poorEvents.length > 0) parts.push(`home conditions recorded poor on ${dates(poorEvents)}; the threshold is ${poorCount} poor within ${months} months`)
      findings.push({
        subject,
        events: [...new Set([...found.unfit, ...poorEvents])].sort((a, b) => a.seq - b.seq).map((e) => e.id),
        threshold: parts.join('; and '),
      })
    }
    return findings
  },
})

function dates(events: readonly PlacedEvent[]): string {
  const unique: IsoDate[] = [...new Set(events.map((e) => e.placed))]
  return unique.length <= 1 ? unique.join('') : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`
}
