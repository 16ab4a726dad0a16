// neglect-stasis (review ids: CD, Q 1, SCR6): two neglect-tool assessments of
// a child at least 3 months apart where no domain improved, or a domain is 4
// or worse in both.
// Readings §3: two neglect_tool assessments naming the child with scores, the
// later dated on or after the earlier + 3 months; over the domains scored in
// both, no score went down (lower is better), or some domain is 4 or more in
// both. A span between events (§5): once known, it holds.
import type { EventOf } from '../exchange/schema.ts'
import { addMonths } from './calendar.ts'
import type { PlacedEvent } from './familyView.ts'
import { groupBy } from './spans.ts'
import { defineRule, type Finding } from './types.ts'

type Scored = PlacedEvent<EventOf<'assessment'>> & { readonly scores: Readonly<Record<string, number>> }

/** Why a pair shows stasis, in words; undefined when it does not. */
function stasis(earlier: Scored, later: Scored, stuckScore: number): string | undefined {
  const domains = Object.keys(earlier.scores).filter((d) => d in later.scores)
  if (domains.length === 0) return undefined
  const score = (a: Scored, d: string) => a.scores[d] ?? 0
  const stuck = domains.filter((d) => score(earlier, d) >= stuckScore && score(later, d) >= stuckScore)
  if (stuck.length > 0) return `${stuck.join(', ')} at ${stuckScore} or worse in both`
  if (domains.every((d) => score(later, d) >= score(earlier, d))) return `no domain improved (${domains.join(', ')})`
  return undefined
}

export const neglectStasisRule = defineRule('neglect-stasis', {
  evaluate(view, _asOf, { minGapMonths, stuckScore }) {
    const scored = view.ofType('assessment').flatMap((a): Scored[] =>
      a.event.kind === 'neglect_tool' && a.event.scores !== undefined ? [{ ...a, scores: a.event.scores }] : [])
    const findings: Finding[] = []
    for (const [child, tools] of groupBy(scored, (a) => a.event.subjects.filter(view.isChild))) {
      const found = firstStasis(tools, minGapMonths, stuckScore)
      if (!found) continue
      const { earlier, later, why } = found
      findings.push({
        subject: child,
        events: [earlier.id, later.id],
        threshold: `neglect tool assessments on ${earlier.placed} and ${later.placed}: ${why}; the threshold is ${minGapMonths} months apart with no domain improved or a domain at ${stuckScore} or worse in both`,
      })
    }
    return findings
  },
  reads: ['assessment'],
})

/** The first pair (by the later assessment) at least minGapMonths apart that shows stasis. */
function firstStasis(tools: readonly Scored[], minGapMonths: number, stuckScore: number) {
  for (const later of tools) {
    for (const earlier of tools) {
      if (addMonths(earlier.placed, minGapMonths) > later.placed) continue
      const why = stasis(earlier, later, stuckScore)
      if (why !== undefined) return { earlier, later, why }
    }
  }
  return undefined
}
