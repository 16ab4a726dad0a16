// domestic-abuse-escalation (review ids: WT 6, ALHC 4.6): a domestic abuse
// police incident involving a child's parent or carer that lists children
// present, or happens while the mother is pregnant, or is the second such
// incident in 12 months, with no strategy meeting or section 47 referral
// outcome within 5 working days.
// Readings §3: involvement per §11, a parent or carer of any child of the
// family; a pregnancy runs as pregnancies.ts reads it; "another such incident"
// is a domestic abuse incident involving a parent or carer dated up to 12
// months before (same day: listed earlier). Holds from the 5th working day
// after the incident when no strategy meeting and no section_47 referral is
// dated from the incident to that day (§7). Alerts every person with role
// child not born after the incident; one alert per incident (key).
import type { IsoDate } from '../exchange/dates.ts'
import type { EventOf } from '../exchange/schema.ts'
import type { FamilyView, PlacedEvent } from './familyView.ts'
import { pregnanciesOf, runsOn } from './pregnancies.ts'
import { withinMonths } from './spans.ts'
import { defineRule, FAMILY, type Finding } from './types.ts'

/** Domestic abuse police incidents involving a parent or carer of any child of the family, in placed order. */
function domesticAbuseIncidents(view: FamilyView): PlacedEvent<EventOf<'police_incident'>>[] {
  const carers = new Set(view.children.flatMap((c) => view.parentsAndCarers(c.ref)))
  return view.ofType('police_incident')
    .filter((e) => e.event.category === 'domestic_abuse' && view.involvedIn(e).some((ref) => carers.has(ref)))
}

/** A strategy meeting or a section 47 referral dated from `from` to `to`. */
function responseBetween(view: FamilyView, from: IsoDate, to: IsoDate): PlacedEvent | undefined {
  const inside = (e: PlacedEvent) => from <= e.placed && e.placed <= to
  return view.ofType('meeting').find((e) => e.event.kind === 'strategy' && inside(e))
    ?? view.ofType('referral').find((e) => e.event.referral_outcome === 'section_47' && inside(e))
}

/** Role child, not born after date (a child with no date of birth counts). */
function childrenNotBornAfter(view: FamilyView, date: IsoDate): string[] {
  return view.children
    .filter((p) => p.role === 'child' && !((view.dateOfBirth(p.ref) ?? date) > date))
    .map((p) => p.ref)
}

export const domesticAbuseEscalationRule = defineRule('domestic-abuse-escalation', {
  reads: ['police_incident', 'pregnancy', 'meeting', 'referral'],
  evaluate(view, asOf, { repeatWithinMonths, responseWorkingDays }) {
    const incidents = domesticAbuseIncidents(view)
    if (incidents.length === 0) return []
    const pregnancies = pregnanciesOf(view)
    const findings: Finding[] = []
    incidents.forEach((incident, i) => {
      const deadline = view.calendar.addWorkingDays(incident.placed, responseWorkingDays)
      if (asOf < deadline || responseBetween(view, incident.placed, deadline)) return
      const present = (incident.event.children_present?.length ?? 0) > 0
      const pregnancy = pregnancies.find((p) => runsOn(p, incident.placed))
      const earlier = incidents.slice(0, i).reverse().find((e) => withinMonths(e.placed, incident.placed, repeatWithinMonths))
      if (!present && !pregnancy && !earlier) return
      const why = [
        present ? 'with children present' : undefined,
        pregnancy ? `during a pregnancy (${pregnancy.event.id})` : undefined,
        earlier ? `the second within ${repeatWithinMonths} months (after ${earlier.id} on ${earlier.placed})` : undefined,
      ].filter((w) => w !== undefined).join(' and ')
      const events = [incident.id, ...(pregnancy ? [pregnancy.event.id] : []), ...(earlier ? [earlier.id] : [])]
      const threshold = `domestic abuse incident on ${incident.placed}, ${why}; no strategy meeting or section 47 referral by ${deadline}; ` +
        `the threshold is a response within ${responseWorkingDays} working days`
      const children = childrenNotBornAfter(view, incident.placed)
      for (const subject of children.length > 0 ? children : [FAMILY]) findings.push({ subject, events, threshold, key: incident.id })
    })
    return findings
  },
  changeDates(view, { responseWorkingDays }) {
    return domesticAbuseIncidents(view).map((e) => view.calendar.addWorkingDays(e.placed, responseWorkingDays))
  },
})
