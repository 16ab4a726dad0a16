// Patterns the practice rules look for, planted into a generated family at
// known dates. Each planter adds (or changes) events, clears ordinary events
// that would make the rule fire earlier, and works out the date the rule's
// condition first holds under practice-rules-readings.md.
import type { ChronologyEvent } from '../exchange/schema.ts'
import { addMonths, dayNumber, fromDayNumber } from '../rules/calendar.ts'
import { VOICE_YOUNG_CARER, fillTemplate } from './childVoiceTemplates.ts'
import type { ChildInfo, FamilyBuilder, PlanPeriod, PlantedDraft } from './familyBuilder.ts'
import { addReferral, moveHouse, names, type HistoryOptions, type InvolvementLevel } from './history.ts'

export interface PatternSpec {
  rule: string
  /** The least involvement the pattern needs. */
  needs: InvolvementLevel
  history?: Partial<HistoryOptions>
  /** Plants the pattern; an empty list when this family offers no place for it. */
  plant(fam: FamilyBuilder): PlantedDraft[]
}

const LEVEL_ORDER: readonly InvolvementLevel[] = ['early_help', 'child_in_need', 'child_protection', 'long', 'intensive']
export function atLeast(level: InvolvementLevel, needs: InvolvementLevel): InvolvementLevel {
  return LEVEL_ORDER.indexOf(level) >= LEVEL_ORDER.indexOf(needs) ? level : needs
}

// ---- Dates: day numbers, calendar months as the readings define them ----

function plusMonths(day: number, months: number): number {
  return dayNumber(addMonths(fromDayNumber(day), months))
}

/** Within M months: b <= a + M months (readings §5). */
const withinMonths = (months: number) => (a: number, b: number): boolean => b <= plusMonths(a, months)

/** The earliest day on which k of the (sorted) days lie within the span: the kth of the first such run. */
export function earliestRun(days: readonly number[], k: number, within: (a: number, b: number) => boolean): number | null {
  const sorted = [...days].sort((a, b) => a - b)
  for (let i = k - 1; i < sorted.length; i++) {
    const first = sorted[i - k + 1], last = sorted[i]
    if (first !== undefined && last !== undefined && within(first, last)) return last
  }
  return null
}

/** The children an event is about (readings §9): those named, else every child born by then. */
function childrenOf(fam: FamilyBuilder, ev: ChronologyEvent): string[] {
  const named = ev.subjects.filter((s) => fam.children.some((c) => c.ref === s))
  if (named.length > 0) return named
  const day = dayNumber(ev.date)
  return fam.children.filter((c) => !c.unborn && c.born <= day).map((c) => c.ref)
}

function aboutChild(fam: FamilyBuilder, ev: ChronologyEvent, ref: string): boolean {
  return childrenOf(fam, ev).includes(ref)
}

/** A planted pattern whose date is worked out from the events (now, and again once every pattern is in). */
function planted(rule: string, subject: string, events: ChronologyEvent[], recompute: () => number | null): PlantedDraft[] {
  const from = recompute()
  return from === null ? [] : [{ rule, subject, from, events, recompute }]
}

/** A random item, or undefined from an empty list. */
function pickOne<T>(fam: FamilyBuilder, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : fam.rng.pick(items)
}

function between(fam: FamilyBuilder, lo: number, hi: number): number {
  return hi <= lo ? lo : fam.rng.int(lo, hi)
}

function bornChildren(fam: FamilyBuilder, minAgeYears = 0, atDay = fam.endDay): ChildInfo[] {
  return fam.children.filter((c) => !c.unborn && atDay - c.born >= minAgeYears * 365.25)
}

function parentsOf(fam: FamilyBuilder): string[] {
  return [fam.mother?.ref, fam.fatherFigure?.ref].filter((r): r is string => r !== undefined)
}

function givenNames(fam: FamilyBuilder, refs: readonly string[]): string {
  return refs.map((r) => fam.children.find((c) => c.ref === r)?.given ?? r).join(', ')
}

// ---- The planters ----

const MISSED = (ev: ChronologyEvent): boolean => ev.type === 'appointment' && (ev.status === 'was_not_brought' || ev.status === 'did_not_attend')

function wasNotBrought(fam: FamilyBuilder): PlantedDraft[] {
  const child = pickOne(fam, bornChildren(fam, 1))
  if (!child) return []
  const d1 = fam.workingDay(between(fam, Math.max(fam.startDay, child.born + 60), fam.endDay - 170))
  const d2 = fam.workingDay(d1 + fam.rng.int(30, 150))
  if (d1 < fam.startDay || d2 > fam.endDay) return []
  fam.remove((ev, day) => MISSED(ev) && aboutChild(fam, ev, child.ref) && day >= d1 - 200 && day <= d2)
  const [service, agency, what] = fam.rng.pick([['dental', 'dental', 'a dental check-up'], ['immunisation', 'gp', 'immunisations'], ['outpatient', 'hospital', 'the paediatric clinic'], ['gp', 'gp', 'a GP review'], ['audiology', 'hospital', 'a hearing test']] as const)
  const first = fam.add(d1, { agency, type: 'appointment', service, status: 'was_not_brought', subjects: [child.ref], summary: `${child.given} not brought to ${what}.`, action: 'Letter sent to mother.' })
  const second = fam.add(d2, { agency, type: 'appointment', service, status: 'was_not_brought', subjects: [child.ref], summary: `${child.given} not brought to the rebooked ${what.replace(/^(a|the) /, '')}; no contact from the family.`, action: 'Second letter sent; health visitor informed.' })
  const recompute = (): number | null => earliestRun(fam.events().filter((ev) => MISSED(ev) && aboutChild(fam, ev, child.ref)).map((ev) => fam.dayOf(ev)), 2, withinMonths(6))
  return planted('was-not-brought', child.ref, [first, second], recompute)
}

function repeatReferrals(fam: FamilyBuilder): PlantedDraft[] {
  const child = pickOne(fam, bornChildren(fam, 2))
  if (!child) return []
  const r1 = fam.workingDay(between(fam, Math.max(fam.startDay + 10, child.born + 365), fam.endDay - 340))
  const r2 = fam.workingDay(r1 + fam.rng.int(30, 150))
  const r3 = fam.workingDay(between(fam, r2 + 30, plusMonths(r1, 12) - 5))
  if (r1 < fam.startDay || r3 > fam.endDay || r3 > plusMonths(r1, 12)) return []
  fam.remove((ev, day) => ev.type === 'referral' && aboutChild(fam, ev, child.ref) && day >= r1 - 366 && day <= r3 + 366)
  const teen = fam.ageAt(child, r1) >= 12
  const texts = teen
    ? ['Police: reported missing overnight, found at a friend\'s flat in the early hours.', 'School referral: seen getting into cars with older youths after school.', 'Police: missing again for 14 hours; returned with a new phone and would not say where from.']
    : ['School referral: came to school with no coat in the snow and was hungry.', 'Neighbour reported the child left alone in the evening.', 'GP referral: head lice and skin infection untreated for weeks.']
  const outcomes = ['information_advice', 'no_further_action', 'early_help'] as const
  const events = [r1, r2, r3].map((d, i) => addReferral(fam, d, [child.ref], {
    agency: teen ? (i === 1 ? 'school' : 'police') : (i === 2 ? 'gp' : 'school'), referrer: !teen && i === 1 ? 'neighbour' : 'professional',
    outcome: outcomes[i] ?? 'no_further_action', concerns: teen ? ['exploitation'] : ['neglect'], summary: texts[i] ?? 'Referral.',
  }))
  const recompute = (): number | null => earliestRun(fam.events().filter((ev) => ev.type === 'referral' && aboutChild(fam, ev, child.ref)).map((ev) => fam.dayOf(ev)), 3, withinMonths(12))
  return planted('repeat-referrals', child.ref, events, recompute)
}

function plansOf(fam: FamilyBuilder, kinds: readonly string[]): PlanPeriod[] {
  return fam.plans.filter((p) => kinds.includes(p.kind))
}

function planStop(fam: FamilyBuilder, p: PlanPeriod): number {
  return p.end ?? fam.endDay + 1
}

function childNotSeen(fam: FamilyBuilder): PlantedDraft[] {
  for (const plan of plansOf(fam, ['child_protection'])) {
    const stop = Math.min(planStop(fam, plan), fam.endDay)
    for (const ref of fam.rng.sample(plan.children, plan.children.length)) {
      const sightings = fam.events().filter((ev) => ev.type === 'visit' && ev.child_seen?.includes(ref) && fam.dayOf(ev) >= plan.start && fam.dayOf(ev) < stop - 70)
      const last = pickOne(fam, sightings)
      if (!last) continue
      const L = fam.dayOf(last)
      const from = fam.addWorkingDays(L, 20)
      const gapEnd = Math.min(from + fam.rng.int(5, 25), stop - 1)
      if (from >= stop) continue
      const child = fam.child(ref)
      const missed: ChronologyEvent[] = []
      for (const ev of fam.events()) {
        const day = fam.dayOf(ev)
        if (ev.type !== 'visit' || day <= L || day > gapEnd || !ev.child_seen?.includes(ref)) continue
        const before = names(fam, ev.child_seen)
        ev.child_seen = ev.child_seen.filter((r) => r !== ref)
        ev.summary = ev.summary.replace(`Saw ${before}.`, ev.child_seen.length > 0 ? `Saw ${names(fam, ev.child_seen)}.` : 'No child seen.')
        if (ev.child_seen_alone) ev.child_seen_alone = ev.child_seen_alone.filter((r) => r !== ref)
        ev.summary = `${ev.summary} ${child.given} was not seen: ${fam.rng.pick(['mother said at a friend\'s house', 'said to be asleep upstairs and mother did not want them woken', 'said to be at grandmother\'s', 'out at the park with an uncle'])}.`
        missed.push(ev)
      }
      return [{ rule: 'child-not-seen', subject: ref, from, events: [plan.startEvent, last, ...missed] }]
    }
  }
  return []
}

function childNotHeard(fam: FamilyBuilder): PlantedDraft[] {
  for (const plan of plansOf(fam, ['child_in_need', 'child_protection'])) {
    const stop = Math.min(planStop(fam, plan), fam.endDay)
    for (const child of fam.rng.sample(plan.children.map((r) => fam.child(r)), plan.children.length)) {
      if (fam.ageAt(child, plan.start) < 4) continue
      const voices = fam.events().filter((ev) => ev.type === 'child_voice' && ev.subjects.includes(child.ref))
      const anchor = voices.find((ev) => fam.dayOf(ev) >= plan.start - 5 && fam.dayOf(ev) <= plan.start + 60)
      if (!anchor) continue
      const V = fam.dayOf(anchor)
      const from = V + 90
      if (from >= stop) continue
      fam.remove((ev, day) => ev.type === 'child_voice' && ev.subjects.includes(child.ref) && day > V && day <= from + 20)
      return [{ rule: 'child-not-heard', subject: child.ref, from, events: [plan.startEvent, anchor] }]
    }
  }
  return []
}

type Aspect = 'medical' | 'nutritional' | 'emotional' | 'educational' | 'physical' | 'supervision'

/** Neglect indicators for a child by day (readings, neglect-across-aspects). */
function aspectsOf(fam: FamilyBuilder, ref: string): [number, Aspect][] {
  const out: [number, Aspect][] = []
  for (const ev of fam.events()) {
    if (!aboutChild(fam, ev, ref)) continue
    const day = fam.dayOf(ev)
    if (ev.type === 'observation') for (const a of ev.indicators ?? []) out.push([day, a])
    if (MISSED(ev) && ev.subjects.includes(ref)) out.push([day, 'medical'])
    if ((ev.type === 'visit' || ev.type === 'address_change') && (ev.home_conditions === 'poor' || ev.home_conditions === 'unfit')) out.push([day, 'physical'])
    if (ev.type === 'attendance' && ev.subjects.includes(ref) && ev.attendance_pct <= 90) out.push([day, 'educational'])
  }
  return out.sort((a, b) => a[0] - b[0])
}

export function firstThreeAspects(entries: readonly [number, string][]): number | null {
  for (const [day] of entries) {
    const kinds = new Set(entries.filter(([d]) => d <= day && d >= day - 90).map(([, a]) => a))
    if (kinds.size >= 3) return day
  }
  return null
}

function neglectAcrossAspects(fam: FamilyBuilder): PlantedDraft[] {
  const child = pickOne(fam, bornChildren(fam, 6))
  if (!child) return []
  const lo = Math.max(fam.startDay + 20, child.born + 5 * 365)
  const hi = Math.min(fam.endDay - 100, child.born + 15 * 365)
  if (hi <= lo) return []
  const d1 = fam.workingDay(fam.rng.int(lo, hi))
  const d2 = fam.workingDay(d1 + fam.rng.int(10, 40))
  const d3 = fam.workingDay(d2 + fam.rng.int(10, 45))
  const events = [
    fam.add(d1, { agency: 'school', type: 'observation', subjects: [child.ref], indicators: ['nutritional'], summary: `${child.given} arrived hungry again and ate two breakfasts at breakfast club; packed lunch missing most days this week.` }),
    fam.add(d2, { agency: 'school', type: 'observation', subjects: [child.ref], indicators: ['physical'], summary: `${child.given} in the same unwashed uniform all week, smelling of urine; other children have commented.` }),
    fam.add(d3, { agency: 'school', type: 'attendance', subjects: [child.ref], period_end: fromDayNumber(d3), attendance_pct: fam.rng.int(78, 89), lates: fam.rng.int(6, 15), summary: 'Half-term attendance: persistent absence, frequent lateness.', reason: 'Mostly unauthorised; mother says the children oversleep.' }),
  ]
  return planted('neglect-across-aspects', child.ref, events, () => firstThreeAspects(aspectsOf(fam, child.ref)))
}

const HOME_VISIT = (ev: ChronologyEvent): ev is Extract<ChronologyEvent, { type: 'visit' }> => ev.type === 'visit' && (ev.kind === undefined || ev.kind === 'home')

export function firstHomeNotSeen(fam: FamilyBuilder): number | null {
  const visits = fam.events().filter(HOME_VISIT)
  const rooms = visits.filter((v) => v.areas_seen !== undefined && (!(v.areas_seen.includes('sleeping_arrangements') || v.areas_seen.includes('child_bedroom')) || !v.areas_seen.includes('kitchen'))).map((v) => fam.dayOf(v))
  const access = visits.filter((v) => v.access !== 'full').map((v) => fam.dayOf(v))
  const a = earliestRun(rooms, 2, withinMonths(6)), b = earliestRun(access, 2, withinMonths(6))
  return a === null ? b : b === null ? a : Math.min(a, b)
}

function homeNotSeen(fam: FamilyBuilder): PlantedDraft[] {
  const v1 = fam.workingDay(between(fam, fam.startDay + 30, fam.endDay - 130))
  const v2 = fam.workingDay(v1 + fam.rng.int(14, 120))
  if (v2 > fam.endDay) return []
  const agency = fam.rng.pick(['health_visitor', 'early_help', 'childrens_social_care'])
  const events = [v1, v2].map((d, i) => {
    const kids = fam.bornBy(d).map((c) => c.ref)
    return fam.add(d, {
      agency, type: 'visit', kind: 'home', access: 'partial', subjects: [...kids, ...parentsOf(fam)], areas_seen: ['living_area'], parenting_observed: true,
      summary: i === 0 ? 'Seen in the front room only; mother said upstairs was being decorated. Kitchen and bedrooms not seen.' : 'Again kept to the front room; mother said it was not a good time to go upstairs. Sleeping arrangements not seen.',
    })
  })
  return planted('home-not-seen', 'family', events, () => firstHomeNotSeen(fam))
}

type TrioKind = 'substance' | 'mental_health' | 'domestic_abuse'

function carersOf(fam: FamilyBuilder, child: string): Set<string> {
  const types = ['mother', 'father', 'stepmother', 'stepfather', 'kinship_carer', 'foster_carer']
  return new Set(fam.relationships.filter((r) => r.to === child && types.includes(r.type)).map((r) => r.from))
}

/** The first day three kinds of adult difficulty are recorded for a child's carers within 12 months (readings, toxic-trio). */
export function firstToxicTrio(fam: FamilyBuilder, child: string): number | null {
  const carers = carersOf(fam, child)
  const evidence: [number, TrioKind][] = []
  for (const ev of fam.events()) {
    const day = fam.dayOf(ev)
    if (ev.type === 'adult_factor') {
      const who = [...ev.subjects, ...(ev.factor.startsWith('domestic_abuse') && ev.other_party ? [ev.other_party] : [])]
      if (!who.some((w) => carers.has(w))) continue
      const kind: TrioKind | null = ev.factor === 'substance_misuse' || ev.factor === 'alcohol_misuse' ? 'substance' : ev.factor === 'mental_health' || ev.factor === 'suicide_attempt' ? 'mental_health' : ev.factor.startsWith('domestic_abuse') ? 'domestic_abuse' : null
      if (kind) evidence.push([day, kind])
    } else if (ev.type === 'observation') {
      for (const r of ev.risk_factors ?? []) {
        if (r === 'parental_substance_misuse' || r === 'parental_alcohol_misuse') evidence.push([day, 'substance'])
        if (r === 'parental_mental_health') evidence.push([day, 'mental_health'])
        if (r === 'domestic_abuse') evidence.push([day, 'domestic_abuse'])
      }
    } else if (ev.type === 'police_incident' && ev.category === 'domestic_abuse') {
      const who = [...ev.subjects, ev.victim, ev.perpetrator]
      if (who.some((w) => w !== undefined && carers.has(w))) evidence.push([day, 'domestic_abuse'])
    }
  }
  evidence.sort((a, b) => a[0] - b[0])
  for (const [day] of evidence) {
    const kinds = new Set(evidence.filter(([d]) => d <= day && day <= plusMonths(d, 12)).map(([, k]) => k))
    if (kinds.size === 3) return day
  }
  return null
}

function toxicTrio(fam: FamilyBuilder): PlantedDraft[] {
  const mother = fam.mother
  if (!mother) return []
  const d1 = fam.workingDay(between(fam, fam.startDay + 20, fam.endDay - 260))
  const d2 = fam.workingDay(d1 + fam.rng.int(20, 120))
  const d3 = fam.workingDay(d2 + fam.rng.int(20, 120))
  if (d3 > fam.endDay) return []
  const other = fam.fatherFigure ?? { ref: 'father', given: 'her partner' }
  const kinds = fam.rng.sample(['substance', 'mental_health', 'domestic_abuse'] as const, 3)
  const events = kinds.map((kind, i) => {
    const d = [d1, d2, d3][i] ?? d3
    if (kind === 'substance') return fam.add(d, { agency: 'substance_misuse', type: 'adult_factor', subjects: [mother.ref], factor: 'substance_misuse', status: 'disclosed', restricted: true, summary: `${mother.given} told the drug and alcohol service she has been using cocaine most weekends.` })
    if (kind === 'mental_health') return fam.add(d, { agency: 'adult_mental_health', type: 'adult_factor', subjects: [mother.ref], factor: 'mental_health', status: 'confirmed', restricted: true, summary: `${mother.given} assessed by the crisis team after telling her GP she was having thoughts of not wanting to be here.` })
    return fam.add(d, { agency: 'domestic_abuse_service', type: 'adult_factor', subjects: [mother.ref], factor: 'domestic_abuse_victim', other_party: other.ref, status: 'disclosed', restricted: true, summary: `${mother.given} disclosed to the IDVA that ${other.given} controls the money and has pushed her.` })
  })
  return bornChildren(fam).flatMap((child) => planted('toxic-trio', child.ref, events, () => {
    const from = firstToxicTrio(fam, child.ref)
    return from !== null && child.born <= from ? from : null
  }))
}

function perChild(rule: string, plan: PlanPeriod | undefined, from: (p: PlanPeriod) => number, fam: FamilyBuilder): PlantedDraft[] {
  if (!plan) return []
  const day = from(plan)
  if (day > fam.endDay || day >= planStop(fam, plan)) return []
  return plan.children.map((ref) => ({ rule, subject: ref, from: day, events: [plan.startEvent] }))
}

function ploDrift(fam: FamilyBuilder): PlantedDraft[] {
  return perChild('plo-drift', plansOf(fam, ['plo_pre_proceedings'])[0], (p) => p.start + 113, fam)
}

function longProtectionPlan(fam: FamilyBuilder): PlantedDraft[] {
  const plan = plansOf(fam, ['child_protection']).find((p) => plusMonths(p.start, 12) < planStop(fam, p) && plusMonths(p.start, 12) <= fam.endDay)
  return perChild('long-protection-plan', plan, (p) => plusMonths(p.start, 12), fam)
}

function noNeglectTool(fam: FamilyBuilder): PlantedDraft[] {
  const plan = plansOf(fam, ['child_protection']).find((p) => p.category === 'neglect')
  if (!plan) return []
  const child = plan.children.map((r) => fam.child(r)).find((c) => plusMonths(c.born, 6) < plan.start)
  if (!child) return []
  fam.remove((ev, day) => ev.type === 'assessment' && ev.kind === 'neglect_tool' && ev.subjects.includes(child.ref) && day >= plan.start - 200)
  return [{ rule: 'no-neglect-tool', subject: child.ref, from: plan.start, events: [plan.startEvent] }]
}

function socialWorkerChanges(fam: FamilyBuilder): number[] {
  return fam.events().filter((ev) => ev.type === 'worker_change' && ev.role === 'social_worker').map((ev) => fam.dayOf(ev))
}

function workerChurn(fam: FamilyBuilder): PlantedDraft[] {
  const firstBorn = Math.min(...bornChildren(fam).map((c) => c.born))
  const w1 = fam.workingDay(between(fam, Math.max(fam.startDay + 30, firstBorn), fam.endDay - 330))
  const w2 = fam.workingDay(w1 + fam.rng.int(40, 150))
  const w3 = fam.workingDay(between(fam, w2 + 40, plusMonths(w1, 12) - 10))
  if (w3 > fam.endDay || w3 > plusMonths(w1, 12)) return []
  fam.remove((ev, day) => ev.type === 'worker_change' && ev.role === 'social_worker' && day >= w1 - 370 && day <= w3 + 370)
  const reasons = ['Social worker left the authority; case reallocated.', 'Agency social worker\'s contract ended; new worker allocated.', 'Case moved to another team after a restructure; third social worker this year.']
  const events = [w1, w2, w3].map((d, i) => fam.add(d, { agency: 'childrens_social_care', type: 'worker_change', role: 'social_worker', subjects: fam.bornBy(d).length > 0 ? fam.bornBy(d).map((c) => c.ref) : parentsOf(fam), summary: reasons[i] ?? 'New social worker.' }))
  return planted('worker-churn', 'family', events, () => earliestRun(socialWorkerChanges(fam), 3, withinMonths(12)))
}

function frequentMoves(fam: FamilyBuilder): PlantedDraft[] {
  const m1 = fam.workingDay(between(fam, fam.startDay + 30, fam.endDay - 420))
  const m2 = fam.workingDay(m1 + fam.rng.int(60, 300))
  const m3 = fam.workingDay(between(fam, m2 + 60, plusMonths(m1, 24) - 10))
  if (m3 > fam.endDay || m3 > plusMonths(m1, 24)) return []
  fam.remove((ev, day) => ev.type === 'address_change' && day >= m1 - 740 && day <= m3 + 740)
  const why = ['Evicted from private rented flat for rent arrears; temporary accommodation.', 'Moved from temporary accommodation to a hostel room in another town.', 'Moved in with a friend of mother\'s; GP registration not yet transferred.']
  const events = [m1, m2, m3].map((d, i) => moveHouse(fam, d, why[i] ?? 'Moved.'))
  return planted('frequent-moves', 'family', events, () => earliestRun(fam.events().filter((ev) => ev.type === 'address_change').map((ev) => fam.dayOf(ev)), 3, withinMonths(24)))
}

function housingUnfit(fam: FamilyBuilder): PlantedDraft[] {
  const d = fam.workingDay(between(fam, fam.startDay + 30, fam.endDay - 10))
  if (d > fam.endDay) return []
  const kids = fam.bornBy(d).map((c) => c.ref)
  const visit = fam.add(d, {
    agency: 'environmental_health', type: 'visit', kind: 'home', access: 'full', subjects: [...kids, ...parentsOf(fam)],
    areas_seen: ['living_area', 'kitchen', 'bathroom', 'child_bedroom', 'sleeping_arrangements'], home_conditions: 'unfit', parenting_observed: true,
    summary: 'Environmental health inspection after a complaint: black mould through the children\'s bedroom, no working heating, exposed wiring in the kitchen. Category 1 hazards.',
    action: 'Improvement notice served on the landlord; referral to children\'s social care.',
  })
  return [{ rule: 'housing-unfit', subject: 'family', from: d, events: [visit] }]
}

function unassessedCarer(fam: FamilyBuilder): PlantedDraft[] {
  const kids = bornChildren(fam, 1)
  if (kids.length === 0) return []
  const d = fam.workingDay(between(fam, Math.max(fam.startDay + 60, (kids[0]?.born ?? 0) + 365), fam.endDay - 30))
  if (d > fam.endDay) return []
  const placed = fam.rng.sample(kids.filter((c) => c.born < d).map((c) => c.ref), fam.rng.int(1, 2))
  if (placed.length === 0) return []
  if (!fam.grandmother) {
    fam.grandmother = { ref: 'grandmother', given: fam.rng.pick(['Pauline', 'Maureen', 'Carol', 'Sandra', 'Linda', 'Yvonne']), family: fam.mother?.family ?? fam.familyName, inHousehold: false }
    fam.people.push({ ref: 'grandmother', given_name: fam.grandmother.given, family_name: fam.grandmother.family, sex: 'female', role: 'adult' })
    for (const c of bornChildren(fam)) fam.relationships.push({ from: 'grandmother', to: c.ref, type: 'grandmother' })
  }
  const gm = fam.grandmother
  fam.add(d, { agency: 'police', type: 'note', subjects: [...placed, ...parentsOf(fam)], summary: 'Mother arrested; the children could not stay at home overnight.' })
  const placement = fam.add(d, {
    agency: 'childrens_social_care', type: 'placement', kind: 'kinship', carer: gm.ref, carer_assessed: false, change: 'start', subjects: placed,
    summary: `${givenNames(fam, placed)} placed with maternal grandmother ${gm.given} out of hours. No checks completed.`,
  })
  const viability = fam.workingDay(d + fam.rng.int(45, 90))
  if (viability <= fam.endDay && fam.rng.chance(0.5)) fam.add(viability, { agency: 'childrens_social_care', type: 'assessment', kind: 'viability', carer: gm.ref, subjects: [...placed, gm.ref], summary: 'Viability assessment of grandmother finally completed.', outcome: 'Positive; full connected carer assessment to follow.' })
  return placed.map((ref) => ({ rule: 'unassessed-carer', subject: ref, from: d, events: [placement] }))
}

function youngCarer(fam: FamilyBuilder): PlantedDraft[] {
  const child = pickOne(fam, bornChildren(fam, 9))
  if (!child || !fam.mother) return []
  const d = fam.workingDay(between(fam, Math.max(fam.startDay + 10, child.born + 8 * 365), Math.min(fam.endDay - 3, child.born + 16 * 365)))
  if (d > fam.endDay || d < child.born + 8 * 365) return []
  const sibling = fam.children.find((c) => c.ref !== child.ref && !c.unborn)?.given ?? 'my little brother'
  const voice = fam.add(d, {
    agency: fam.rng.pick(['school', 'early_help']), type: 'child_voice', subjects: [child.ref], risk_factors: ['young_carer'], method: 'direct',
    words: fillTemplate(fam.rng.pick(VOICE_YOUNG_CARER), { sibling, carer: 'Mum' }),
    summary: `${child.given} (${fam.ageAt(child, d)}) talked to the learning mentor about mornings at home.`,
  })
  return [{ rule: 'young-carer', subject: child.ref, from: d, events: [voice] }]
}

function decisionNotShared(fam: FamilyBuilder): PlantedDraft[] {
  const plan = pickOne(fam, plansOf(fam, ['child_in_need', 'child_protection', 'early_help']).filter((p) => p.start < fam.endDay - 5))
  const d = fam.workingDay(plan ? between(fam, plan.start + 5, Math.min(planStop(fam, plan), fam.endDay) - 1) : between(fam, fam.startDay + 20, fam.endDay - 5))
  if (d > fam.endDay) return []
  const kids = fam.bornBy(d).map((c) => c.ref)
  if (kids.length === 0) return []
  const decision = plan?.kind === 'child_protection'
    ? fam.add(d, { agency: 'childrens_social_care', type: 'decision', subjects: kids, from: 'section_47', to: 'section_17', partners_informed: false, summary: 'Team manager changed the strategy meeting\'s section 47 decision to a section 17 assessment; partners not told.' })
    : fam.add(d, { agency: plan?.kind === 'early_help' ? 'early_help' : 'childrens_social_care', type: 'decision', subjects: kids, from: 'child_in_need', to: 'early_help', partners_informed: false, summary: 'Decision to step down without the planned review; school and health visitor not informed.' })
  return [{ rule: 'decision-not-shared', subject: 'family', from: d, events: [decision] }]
}

function closureForNonEngagement(fam: FamilyBuilder): PlantedDraft[] {
  const closure = pickOne(fam, fam.events().filter((ev) => ev.type === 'case_closure' && (ev.agency === 'early_help' || ev.agency === 'childrens_social_care') && ev.reason === 'needs_met'))
  if (!closure || closure.type !== 'case_closure') return []
  const d = fam.dayOf(closure)
  closure.reason = 'non_engagement'
  closure.risk_assessed = false
  closure.summary = 'Closed: the family have not engaged (visits missed, calls unanswered). No risk assessment against the history recorded.'
  for (const ev of fam.events()) {
    if (fam.dayOf(ev) !== d || ev.agency !== closure.agency) continue
    if (ev.type === 'meeting') { ev.summary = 'Closing review held without the family: mother did not attend.'; ev.decision = 'Close: family not engaging.' }
    if (ev.type === 'decision') ev.summary = 'Case to close because the family are not engaging; partners told by letter.'
    if (ev.type === 'plan' && ev.change === 'end') ev.reason = 'Family not engaging.'
  }
  return [{ rule: 'closure-for-non-engagement', subject: 'family', from: d, events: [closure] }]
}

function coreGroupWithoutSocialWorker(fam: FamilyBuilder): PlantedDraft[] {
  const meeting = pickOne(fam, fam.events().filter((ev) => ev.type === 'meeting' && ev.kind === 'core_group'))
  if (!meeting || meeting.type !== 'meeting') return []
  meeting.attended = (meeting.attended ?? []).filter((a) => a !== 'childrens_social_care')
  if (meeting.attended.length === 0) meeting.attended = ['school', 'health_visitor']
  meeting.summary = 'Core group went ahead without the social worker (off sick; no cover arranged); school chaired.'
  return [{ rule: 'core-group-without-social-worker', subject: 'family', from: fam.dayOf(meeting), events: [meeting] }]
}

/** The patterns the generator plants, with how often each is chosen. */
export const PATTERNS: readonly (readonly [PatternSpec, number])[] = [
  [{ rule: 'was-not-brought', needs: 'early_help', plant: wasNotBrought }, 10],
  [{ rule: 'repeat-referrals', needs: 'early_help', plant: repeatReferrals }, 7],
  [{ rule: 'child-not-seen', needs: 'child_protection', plant: childNotSeen }, 8],
  [{ rule: 'child-not-heard', needs: 'child_in_need', plant: childNotHeard }, 8],
  [{ rule: 'neglect-across-aspects', needs: 'early_help', plant: neglectAcrossAspects }, 8],
  [{ rule: 'home-not-seen', needs: 'early_help', plant: homeNotSeen }, 7],
  [{ rule: 'toxic-trio', needs: 'child_in_need', plant: toxicTrio }, 6],
  [{ rule: 'plo-drift', needs: 'child_protection', history: { ploDrift: true }, plant: ploDrift }, 4],
  [{ rule: 'long-protection-plan', needs: 'child_protection', history: { cpLong: true }, plant: longProtectionPlan }, 5],
  [{ rule: 'worker-churn', needs: 'child_in_need', plant: workerChurn }, 6],
  [{ rule: 'frequent-moves', needs: 'early_help', plant: frequentMoves }, 5],
  [{ rule: 'housing-unfit', needs: 'early_help', plant: housingUnfit }, 5],
  [{ rule: 'unassessed-carer', needs: 'child_in_need', plant: unassessedCarer }, 4],
  [{ rule: 'young-carer', needs: 'early_help', plant: youngCarer }, 5],
  [{ rule: 'decision-not-shared', needs: 'child_in_need', plant: decisionNotShared }, 5],
  [{ rule: 'closure-for-non-engagement', needs: 'early_help', plant: closureForNonEngagement }, 5],
  [{ rule: 'no-neglect-tool', needs: 'child_protection', history: { neglectPlan: true }, plant: noNeglectTool }, 3],
  [{ rule: 'core-group-without-social-worker', needs: 'child_protection', plant: coreGroupWithoutSocialWorker }, 3],
]

/** Planted when nothing chosen found a place: always possible. */
export const FALLBACK_PATTERN: PatternSpec = { rule: 'decision-not-shared', needs: 'early_help', plant: decisionNotShared }
