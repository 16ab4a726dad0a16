// postnatal-mental-health (review ids: CD): a birth to a mother with a
// mental_health factor and no postnatal_depression_screen within 8 weeks.
// Readings §3 and §7: the mother is the baby's mother by relationship, else
// the adults among the birth's subjects. It holds from day 56 after the birth
// when a mental_health adult_factor about her, or an observation about her
// with parental_mental_health, is dated no later than day 56, and no
// assessment of kind postnatal_depression_screen about her or the baby is
// dated from the birth to day 56 (a screen dated inside it but known later
// resolves the alert on its known date). Alert on the baby.
import { addDays } from './calendar.ts'
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { defineRule, type Finding } from './types.ts'

/** The baby's mother by relationship, else the adults among the birth's subjects. */
function mothersOf(view: FamilyView, birth: PlacedEvent, baby: string): readonly string[] {
  const byRelationship = view.index.relativesOf(baby, ['mother'])
  if (byRelationship.length > 0) return byRelationship
  return birth.event.subjects.filter((ref) => view.person(ref)?.role === 'adult')
}

/** Mental health records about one of the mothers dated no later than `by`. */
function mentalHealthRecords(view: FamilyView, mothers: readonly string[], by: string): PlacedEvent[] {
  const about = (e: PlacedEvent) => e.placed <= by && e.event.subjects.some((ref) => mothers.includes(ref))
  return [
    ...view.ofType('adult_factor').filter((e) => e.event.factor === 'mental_health' && about(e)),
    ...view.ofType('observation').filter((e) => e.event.risk_factors?.includes('parental_mental_health') === true && about(e)),
  ].sort((a, b) => a.seq - b.seq)
}

export const postnatalMentalHealthRule = defineRule('postnatal-mental-health', {
  evaluate(view, asOf, { days }) {
    const findings: Finding[] = []
    for (const birth of view.ofType('birth')) {
      const deadline = addDays(birth.placed, days)
      const baby = birth.event.child
      if (asOf < deadline || findings.some((f) => f.subject === baby)) continue
      const mothers = mothersOf(view, birth, baby)
      if (mothers.length === 0) continue
      const records = mentalHealthRecords(view, mothers, deadline)
      if (records.length === 0) continue
      const screened = view.ofType('assessment').some((a) => a.event.kind === 'postnatal_depression_screen'
        && birth.placed <= a.placed && a.placed <= deadline
        && a.event.subjects.some((ref) => ref === baby || mothers.includes(ref)))
      if (screened) continue
      findings.push({
        subject: baby,
        events: [birth.id, ...records.map((r) => r.id)],
        threshold: `birth on ${birth.placed} to a mother with a recorded mental health need, no postnatal depression screen in the ${days} days to ${deadline}; the threshold is a screen within ${days} days`,
      })
    }
    return findings
  },
  changeDates(view, { days }) {
    return view.ofType('birth').map((b) => addDays(b.placed, days))
  },
  reads: ['birth', 'adult_factor', 'observation', 'assessment'],
})
