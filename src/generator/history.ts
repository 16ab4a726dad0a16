// An ordinary family's history: universal services (school, GP, health
// visiting, dentist) for every child, and episodes of involvement (early help,
// child in need, child protection, looked after) with the visits, words,
// meetings, reviews and closures that good practice records. Everything here
// keeps clear of the practice rules' thresholds; patterns are planted on top.
import { fromDayNumber } from '../rules/calendar.ts'
import type { ChronologyEvent } from '../exchange/schema.ts'
import { PETS, VOICE_MIDDLE, VOICE_TEEN, VOICE_UNDER_FOUR, VOICE_YOUNG, fillTemplate } from './childVoiceTemplates.ts'
import type { ChildInfo, FamilyBuilder, PlanKindCode, PlanPeriod, RiskKind } from './familyBuilder.ts'
import { addLocalAuthorityIds, randomAddress } from './household.ts'
import { SCHOOL_NAMES } from './nameLists.ts'

export const INVOLVEMENT_LEVELS = ['early_help', 'child_in_need', 'child_protection', 'long', 'intensive'] as const
export type InvolvementLevel = (typeof INVOLVEMENT_LEVELS)[number]

export interface HistoryOptions {
  level: InvolvementLevel
  /** A child protection plan that runs 13 to 18 months (long-protection-plan). */
  cpLong?: boolean
  /** Pre-proceedings that are not ended within 16 weeks (plo-drift). */
  ploDrift?: boolean
  /** The first child protection plan is under the category of neglect. */
  neglectPlan?: boolean
}

/** Ordinary closures: the agency records that it weighed the risk. */
const ORDINARY_GAP_BETWEEN_MISSES = 200
const ORDINARY_GAP_BETWEEN_ACCESS_PROBLEMS = 200
const ORDINARY_GAP_BETWEEN_SOCIAL_WORKERS = 215
const ORDINARY_GAP_BETWEEN_MOVES = 400
const ORDINARY_GAP_BETWEEN_INCIDENTS = 45

const AGENCY_WORDS: Record<string, string> = {
  childrens_social_care: 'social worker', early_help: 'family support worker', health_visitor: 'health visitor',
  school: 'school', gp: 'GP', police: 'police', housing: 'housing officer', midwifery: 'midwife', dental: 'dentist',
}

export function names(fam: FamilyBuilder, refs: readonly string[]): string {
  const given = refs.map((r) => fam.children.find((c) => c.ref === r)?.given ?? r)
  if (given.length <= 1) return given.join('')
  return `${given.slice(0, -1).join(', ')} and ${given[given.length - 1]}`
}

function carerWord(fam: FamilyBuilder): string {
  return fam.mother ? 'Mum' : 'Nan'
}

function parentRefs(fam: FamilyBuilder): string[] {
  const refs = fam.mother ? [fam.mother.ref] : []
  if (fam.fatherFigure) refs.push(fam.fatherFigure.ref)
  return refs
}

/** What a child said, fitted to their age. */
export function childWords(fam: FamilyBuilder, child: ChildInfo, day: number): { words: string, method: 'direct' | 'behaviour' | 'written' } {
  const age = fam.ageAt(child, day)
  const sibling = fam.children.find((c) => c.ref !== child.ref && !c.unborn)?.given ?? 'my cousin'
  const values = { sibling, carer: carerWord(fam), pet: fam.rng.pick(PETS) }
  if (age < 4) return { words: fillTemplate(fam.rng.pick(VOICE_UNDER_FOUR), values), method: 'behaviour' }
  const list = age < 8 ? VOICE_YOUNG : age < 13 ? VOICE_MIDDLE : VOICE_TEEN
  return { words: fillTemplate(fam.rng.pick(list), values), method: age >= 8 && fam.rng.chance(0.15) ? 'written' : 'direct' }
}

function addVoice(fam: FamilyBuilder, child: ChildInfo, day: number, agency: string): ChronologyEvent {
  const { words, method } = childWords(fam, child, day)
  const age = fam.ageAt(child, day)
  const where = fam.rng.pick(['at home', 'on their own in their bedroom', 'at school', 'on a walk to the shop', 'over a drawing activity'])
  const summary = method === 'behaviour'
    ? `${child.given} (${age < 1 ? 'baby' : `${age}`}) observed during the visit.`
    : `${child.given} (${age}) spoke to the ${AGENCY_WORDS[agency] ?? 'worker'} ${where}.`
  return fam.add(day, { agency, type: 'child_voice', subjects: [child.ref], summary, words, method })
}

/** A home visit that sees the children and the rooms that matter, unless the family are out (rarely). */
function addHomeVisit(fam: FamilyBuilder, day: number, agency: string, children: readonly string[], purpose: string, mustSee = false): ChronologyEvent {
  const { rng } = fam
  const present = parentRefs(fam)
  const subjects = [...children, ...present]
  if (subjects.length === 0) subjects.push(...fam.bornBy(day).map((c) => c.ref))
  if (!mustSee && day - fam.lastNonFullAccess > ORDINARY_GAP_BETWEEN_ACCESS_PROBLEMS && rng.chance(0.04)) {
    fam.lastNonFullAccess = day
    return fam.add(day, {
      agency, type: 'visit', subjects, kind: 'home', access: 'no_answer',
      summary: `${purpose}: no answer. ${rng.pick(['Card left; mother rang the same afternoon to rearrange.', 'Mother texted to say she was at a hospital appointment; rearranged.', 'Phoned later: the family were at the school event; new date agreed.'])}`,
    })
  }
  const recordAreas = rng.chance(0.7)
  const areas: ('living_area' | 'kitchen' | 'bathroom' | 'child_bedroom' | 'sleeping_arrangements' | 'garden')[] = ['living_area', 'kitchen']
  if (rng.chance(0.6)) areas.push('bathroom')
  areas.push(rng.chance(0.5) ? 'child_bedroom' : 'sleeping_arrangements')
  if (rng.chance(0.4)) areas.push(areas.includes('child_bedroom') ? 'sleeping_arrangements' : 'child_bedroom')
  if (rng.chance(0.15)) areas.push('garden')
  const observed = fam.lastParentingNotObserved || !rng.chance(0.05)
  fam.lastParentingNotObserved = !observed
  const seenAlone = children.filter((r) => fam.ageAt(fam.child(r), day) >= 5 && rng.chance(0.35))
  const detail = observed
    ? rng.pick([
      'Home warm and tidy; tea being made when the worker arrived.',
      'Mother talked through the week; the children were relaxed with her.',
      'Routines discussed; bedtime chart on the fridge.',
      'Worker saw the children playing while mother cooked; warm interactions.',
      'The house was busy but organised; the children had clean clothes ready for school.',
      'Mother had followed up the dentist and school letters as agreed.',
    ])
    : 'Mother in the other room on the phone for most of the visit; little interaction seen.'
  return fam.add(day, {
    agency, type: 'visit', subjects, kind: 'home', access: 'full',
    summary: `${purpose}. ${children.length > 0 ? `Saw ${names(fam, children)}. ` : ''}${detail}`,
    child_seen: [...children],
    ...(seenAlone.length > 0 ? { child_seen_alone: seenAlone } : {}),
    ...(recordAreas ? { areas_seen: areas, home_conditions: rng.chance(0.6) ? 'adequate' as const : 'good' as const } : {}),
    parenting_observed: observed,
  })
}

function addWorkerChange(fam: FamilyBuilder, day: number, role: 'social_worker' | 'family_support_worker', children: readonly string[]): void {
  if (role === 'social_worker') {
    if (day - fam.lastSocialWorkerChange <= ORDINARY_GAP_BETWEEN_SOCIAL_WORKERS) return
    fam.lastSocialWorkerChange = day
  }
  fam.add(day, {
    agency: role === 'social_worker' ? 'childrens_social_care' : 'early_help', type: 'worker_change', role, subjects: [...children],
    summary: fam.rng.pick([
      'Allocated worker left the authority; case reallocated and introductions made with the family.',
      'Change of worker after a team restructure; handover visit completed jointly.',
      'Worker on long-term leave; case reallocated within the team.',
    ]),
  })
}

export function addReferral(fam: FamilyBuilder, day: number, children: readonly string[], o: {
  agency: string
  outcome: 'no_further_action' | 'information_advice' | 'early_help' | 'assessment' | 'section_17' | 'section_47' | 'strategy_meeting'
  concerns: ('neglect' | 'physical_abuse' | 'emotional_abuse' | 'sexual_abuse' | 'domestic_abuse' | 'exploitation' | 'other')[]
  summary: string
  referrer?: 'professional' | 'family' | 'self' | 'neighbour' | 'public' | 'anonymous'
}): ChronologyEvent {
  fam.referralDays.push(day)
  const referrer = o.referrer ?? 'professional'
  return fam.add(day, {
    agency: referrer === 'professional' ? o.agency : 'mash', type: 'referral', subjects: [...children], summary: o.summary,
    referrer, ...(referrer === 'professional' ? { referrer_agency: o.agency } : {}),
    concerns: o.concerns, referral_outcome: o.outcome,
    action: o.outcome === 'early_help' ? 'Passed to the early help hub with consent.' : o.outcome === 'assessment' ? 'Allocated for a single assessment.' : 'Strategy discussion arranged.',
  })
}

/** Another referral now would make three in twelve months: ordinary families do not stack them. */
function referralAllowed(fam: FamilyBuilder, day: number): boolean {
  return fam.referralDays.filter((d) => d > day - 366 && d <= day).length < 2
}

function addPlanEvent(fam: FamilyBuilder, day: number, plan: PlanKindCode, change: 'start' | 'review' | 'end', children: readonly string[], extra: { category?: string, reason?: string, summary?: string } = {}): ChronologyEvent {
  const label = plan.replace(/_/g, ' ')
  const summary = extra.summary ?? (change === 'start' ? `${label[0]?.toUpperCase()}${label.slice(1)} plan starts for ${names(fam, children)}.` : change === 'review' ? `${label[0]?.toUpperCase()}${label.slice(1)} plan reviewed: progress noted, plan updated.` : `${label[0]?.toUpperCase()}${label.slice(1)} plan ends.`)
  const categoryFacet = extra.category && plan === 'child_protection' ? { category: extra.category as 'neglect' } : {}
  return fam.add(day, {
    agency: plan === 'early_help' ? 'early_help' : 'childrens_social_care', type: 'plan', subjects: [...children], summary,
    plan, change, ...categoryFacet, ...(extra.reason ? { reason: extra.reason } : {}),
  })
}

interface CaseworkOptions {
  plan: PlanKindCode
  start: number
  /** Scheduled end; casework stops at the end of the record if that comes first. */
  end: number
  children: string[]
  lead: 'childrens_social_care' | 'early_help'
  visitGap: readonly [number, number]
  voiceGap: readonly [number, number]
  meeting: 'core_group' | 'professionals' | 'other' | 'care_planning'
  meetingGap: readonly [number, number]
  reviewGap: readonly [number, number]
  category?: string
  /** Extra per-child entries (contact, foster carer logs) every N days: long involvement. */
  logGap?: readonly [number, number]
}

const GCP2_DOMAINS = ['physical_care', 'safety', 'love', 'esteem'] as const

/** Neglect-tool scores per child: each new assessment improves one domain and worsens none, so no pair shows stasis. */
function nextGcp2(scores: Map<string, Record<string, number>>, child: string, fam: FamilyBuilder): Record<string, number> | null {
  const previous = scores.get(child)
  if (!previous) {
    const first = Object.fromEntries(GCP2_DOMAINS.map((d) => [d, fam.rng.int(2, 3)]))
    scores.set(child, first)
    return first
  }
  const improvable = GCP2_DOMAINS.filter((d) => (previous[d] ?? 1) > 1)
  if (improvable.length === 0) return null
  const domain = fam.rng.pick(improvable)
  const next = { ...previous, [domain]: (previous[domain] ?? 2) - 1 }
  scores.set(child, next)
  return next
}

/** Plan, visits, words, meetings and reviews from start until the scheduled end or the end of the record. Returns the last day worked. */
function casework(fam: FamilyBuilder, o: CaseworkOptions, gcp2: Map<string, Record<string, number>>): { last: number, period: PlanPeriod } {
  const { rng } = fam
  const stop = Math.min(o.end, fam.endDay)
  const startEvent = addPlanEvent(fam, o.start, o.plan, 'start', o.children, {
    ...(o.category ? { category: o.category } : {}),
    reason: o.plan === 'child_protection' ? `Initial child protection conference decision: category ${o.category?.replace(/_/g, ' ') ?? 'neglect'}.` : rng.pick(['Routines, school attendance and support for mother.', 'Support with parenting and housing; emotional wellbeing of the children.', 'Children\'s emotional wellbeing after separation; home conditions.']),
  })
  const period: PlanPeriod = { kind: o.plan, start: o.start, end: null, children: o.children, startEvent, ...(o.category ? { category: o.category } : {}) }
  fam.plans.push(period)
  const purpose = o.plan === 'child_protection' ? 'Statutory child protection visit' : o.plan === 'child_in_need' ? 'Child in need visit' : o.plan === 'looked_after' ? 'Statutory visit to the children in placement' : 'Family support visit'

  // Visits: CP visits every 5-12 days keep every child seen far inside 20 working days.
  // Visits and meetings name every child born by then, so a baby born during the plan is not left out of the record.
  let firstVisit = true
  for (let d = fam.workingDay(o.start + rng.int(0, 2)); d < stop; d = fam.workingDay(d + rng.int(o.visitGap[0], o.visitGap[1]))) {
    const kids = fam.bornBy(d).map((c) => c.ref)
    if (o.plan === 'looked_after') {
      fam.add(d, { agency: o.lead, type: 'visit', kind: 'other', access: 'full', subjects: kids, child_seen: kids, summary: `${purpose}. Saw ${names(fam, kids)} with the foster carers; the children showed the worker their rooms.` })
      continue
    }
    const v = addHomeVisit(fam, d, o.lead, kids, purpose, firstVisit)
    firstVisit = false
    // An unanswered visit is followed up within days, so nobody goes unseen.
    if (v.type === 'visit' && v.access !== 'full') {
      const again = fam.workingDay(d + rng.int(1, 3))
      if (again < stop) addHomeVisit(fam, again, o.lead, kids, 'Rearranged visit')
    }
  }
  // Words: every child, every 3 to 8 weeks (child-not-heard looks for 90 days).
  for (const ref of o.children) {
    const child = fam.child(ref)
    for (let d = fam.workingDay(o.start - rng.int(0, 3)); d < stop; d = fam.workingDay(d + rng.int(o.voiceGap[0], o.voiceGap[1]))) {
      if (child.born <= d) addVoice(fam, child, d, o.lead)
    }
  }
  // Meetings: core groups (social worker always there), team-around-the-family, child in need reviews.
  const attendedBase = o.lead === 'childrens_social_care' ? ['childrens_social_care'] : ['early_help']
  for (let d = fam.workingDay(o.start + (o.meeting === 'core_group' ? rng.int(5, 12) : rng.int(o.meetingGap[0], o.meetingGap[1]))); d < stop; d = fam.workingDay(d + rng.int(o.meetingGap[0], o.meetingGap[1]))) {
    const kids = fam.bornBy(d).map((c) => c.ref)
    const others = rng.sample(['school', 'health_visitor', 'gp', 'police', 'housing', 'early_help', 'nursery', 'camhs'].filter((a) => !attendedBase.includes(a)), rng.int(1, 3))
    const absent = rng.chance(0.3) ? rng.sample(['gp', 'police', 'housing'].filter((a) => !others.includes(a)), 1) : []
    fam.add(d, {
      agency: o.lead, type: 'meeting', kind: o.meeting, subjects: [...kids, ...parentRefs(fam)],
      summary: rng.pick([
        `${o.meeting === 'core_group' ? 'Core group' : o.meeting === 'professionals' ? 'Child in need meeting' : o.meeting === 'care_planning' ? 'Care planning meeting' : 'Team around the family meeting'}: actions reviewed with mother.`,
        `${o.meeting === 'core_group' ? 'Core group' : 'Review meeting'}: school reported settled attendance; health actions complete.`,
        `${o.meeting === 'core_group' ? 'Core group' : 'Meeting'} held; plan updated with the family's views.`,
      ]),
      attended: [...attendedBase, ...others], ...(absent.length > 0 ? { invited_absent: absent } : {}),
      decision: rng.pick(['Plan continues; actions updated.', 'Progress noted; next meeting booked.', 'Actions agreed: routines chart, school check-ins, GP review for mother.']),
    })
  }
  // Reviews of the plan; for child protection, a review conference.
  for (let d = fam.workingDay(o.start + rng.int(o.reviewGap[0], o.reviewGap[1])); d < stop; d = fam.workingDay(d + rng.int(o.reviewGap[0] + 60, o.reviewGap[1] + 60))) {
    const kids = o.children.filter((r) => fam.child(r).born <= d)
    if (o.plan === 'child_protection') {
      fam.add(d, {
        agency: 'childrens_social_care', type: 'meeting', kind: 'review_conference', subjects: [...kids, ...parentRefs(fam)],
        summary: 'Review child protection conference.', attended: ['childrens_social_care', 'school', 'health_visitor', 'police'].slice(0, rng.int(2, 4)),
        decision: 'Children remain subject to a child protection plan; progress noted.',
      })
    }
    addPlanEvent(fam, d, o.plan, 'review', o.children, o.category ? { category: o.category } : {})
  }
  // Neglect: the agreed tool at the start and every 3 to 4 months.
  if (o.category === 'neglect') {
    for (const ref of o.children) {
      const child = fam.child(ref)
      for (let d = fam.workingDay(o.start - rng.int(0, 5)); d < stop; d = fam.workingDay(d + rng.int(90, 120))) {
        if (child.born > d) continue
        const scores = nextGcp2(gcp2, ref, fam)
        fam.add(d, {
          agency: 'childrens_social_care', type: 'assessment', kind: 'neglect_tool', tool: 'gcp2', subjects: [ref],
          summary: `Graded Care Profile 2 completed with mother for ${child.given}.`,
          ...(scores ? { scores } : {}),
          outcome: scores ? 'Improvement in at least one area since the last profile; continue the plan.' : 'All areas at level 1; consider stepping down.',
        })
      }
    }
  }
  // Now and then: observations, notes, worker changes.
  for (let d = o.start + rng.int(20, 60); d < stop; d += rng.int(30, 90)) {
    const kids = o.children.filter((r) => fam.child(r).born <= d)
    const roll = rng.next()
    if (roll < 0.4) {
      fam.add(fam.workingDay(d), {
        agency: rng.pick(['childrens_social_care', 'early_help', 'school', 'health_visitor']), type: 'note', subjects: kids.length > 0 ? kids : parentRefs(fam),
        summary: rng.pick([
          'Telephone call with mother: she has been to the housing office about repairs.',
          'School confirmed the children are attending breakfast club; no concerns.',
          'Mother attended the parenting group session; positive feedback from the facilitator.',
          'Letter sent to confirm the dates of the next meetings.',
          'Supervision: case discussed with the team manager; plan on track.',
        ]),
      })
    } else if (roll < 0.55 && kids.length > 0) {
      fam.add(fam.workingDay(d), {
        agency: rng.pick(['school', 'health_visitor', 'nursery']), type: 'observation', subjects: [rng.pick(kids)],
        summary: fam.ordinaryAspect === 'emotional' ? 'Seemed tired and withdrawn today; talked with the learning mentor and brightened up.' : fam.ordinaryAspect === 'physical' ? 'Came in with unwashed uniform two days running; mother sorted it when told.' : fam.ordinaryAspect === 'supervision' ? 'Collected late from school twice this week; mother explained her shift change.' : 'Said there was no breakfast this morning; given toast at breakfast club.',
        indicators: [fam.ordinaryAspect],
        ...(fam.riskKinds.includes('mental_health') && rng.chance(0.3) ? { risk_factors: ['parental_mental_health' as const] } : {}),
      })
    } else if (roll < 0.62) {
      addWorkerChange(fam, fam.workingDay(d), o.lead === 'childrens_social_care' ? 'social_worker' : 'family_support_worker', kids)
    } else if (roll < 0.65 && kids.length > 0) {
      const raised = fam.workingDay(d)
      const esc = fam.add(raised, { agency: 'school', type: 'escalation', raised_by: 'school', about: o.lead, status: 'raised', subjects: kids, summary: 'School asked for the plan to be reviewed sooner: concerns about attendance dipping.' })
      const resolved = fam.add(fam.workingDay(raised + rng.int(3, 10)), { agency: 'school', type: 'escalation', raised_by: 'school', about: o.lead, status: 'resolved', subjects: kids, summary: 'Resolved in a call with the team manager: review brought forward.', resolution: 'Review meeting brought forward two weeks.' })
      fam.linkRefersTo(resolved, esc)
    }
    if (o.logGap) break
  }
  // Long involvement: contact sessions and carers' logs per child.
  if (o.logGap) {
    for (let d = fam.workingDay(o.start + 3); d < stop; d = fam.workingDay(d + rng.int(o.logGap[0], o.logGap[1]))) {
      const kids = o.children.filter((r) => fam.child(r).born <= d)
      fam.add(d, {
        agency: 'childrens_social_care', type: 'note', subjects: [...kids, ...(fam.mother ? [fam.mother.ref] : [])],
        summary: rng.pick(['Supervised family time at the contact centre: mother arrived on time, warm with the children.', 'Family time: mother brought a packed tea; the children played board games.', 'Family time cut short: mother arrived 40 minutes late; children disappointed but settled.', 'Family time went well; the children asked to stay longer.']),
      })
      for (const ref of kids) {
        if (rng.chance(0.9)) fam.add(d + rng.int(0, 2), { agency: 'childrens_social_care', type: 'note', subjects: [ref], summary: `Foster carer's weekly log for ${fam.child(ref).given}: ${rng.pick(['eating and sleeping well', 'settled at school this week', 'upset after family time, comforted', 'enjoyed swimming at the weekend', 'dentist check-up attended with the carer'])}.` })
      }
    }
  }
  return { last: stop, period }
}

function closeEpisode(fam: FamilyBuilder, day: number, plan: PlanKindCode, children: readonly string[], how: 'needs_met' | 'stepped_down'): void {
  const agency = plan === 'early_help' ? 'early_help' : 'childrens_social_care'
  const to = how === 'stepped_down' ? (plan === 'child_protection' ? 'child_in_need' : 'early_help') : 'universal'
  fam.add(day, {
    agency, type: 'meeting', kind: plan === 'early_help' ? 'other' : 'professionals', subjects: [...children, ...parentRefs(fam)],
    summary: 'Closing review with the family and partners.', attended: [agency, 'school'],
    decision: how === 'needs_met' ? 'Outcomes met: routines settled, children doing well at school. Close to universal services.' : 'Step down agreed: progress sustained.',
  })
  fam.add(day, { agency, type: 'decision', subjects: [...children], from: plan, to, partners_informed: true, summary: `${how === 'needs_met' ? 'Case to close' : 'Step down'}: partners told at the review and by letter.` })
  fam.add(day, { agency, type: 'case_closure', subjects: [...children], reason: how, risk_assessed: true, summary: `Closed: ${how === 'needs_met' ? 'needs met' : 'stepped down'}. Risk reviewed against the history before closing.` })
  const period = [...fam.plans].reverse().find((p) => p.kind === plan && p.end === null)
  if (period) period.end = day
  addPlanEvent(fam, day, plan, 'end', children, { reason: how === 'needs_met' ? 'Needs met.' : 'Stepped down.' })
}

function recordAdultFactors(fam: FamilyBuilder, day: number): void {
  const { rng } = fam
  for (const kind of fam.riskKinds) {
    const d = fam.workingDay(day + rng.int(0, 20))
    if (d > fam.endDay) continue
    if (kind === 'mental_health' && fam.mother) {
      fam.add(d, { agency: 'gp', type: 'adult_factor', subjects: [fam.mother.ref], factor: 'mental_health', status: rng.pick(['in_treatment', 'disclosed'] as const), restricted: true, summary: 'GP: mother being treated for anxiety and low mood; medication reviewed.' })
    } else if (kind === 'substance') {
      const who = fam.fatherFigure ?? fam.mother
      if (who) fam.add(d, { agency: 'substance_misuse', type: 'adult_factor', subjects: [who.ref], factor: rng.chance(0.5) ? 'alcohol_misuse' : 'substance_misuse', status: 'in_treatment', restricted: true, summary: `${who.given} engaging with the drug and alcohol service; attending key work sessions.` })
    } else if (kind === 'domestic_abuse' && fam.mother) {
      const other = fam.fatherFigure ?? null
      fam.add(d, { agency: 'domestic_abuse_service', type: 'adult_factor', subjects: [fam.mother.ref], factor: 'domestic_abuse_victim', status: 'disclosed', ...(other ? { other_party: other.ref } : {}), restricted: true, summary: 'Mother disclosed past domestic abuse to the IDVA; safety plan in place.' })
    }
  }
}

function earlyHelp(fam: FamilyBuilder, start: number, gcp2: Map<string, Record<string, number>>): number {
  const { rng } = fam
  const kids = fam.bornBy(start).map((c) => c.ref)
  if (kids.length === 0) return start
  if (referralAllowed(fam, start)) {
    const agency = rng.pick(['school', 'health_visitor', 'gp', 'nursery'])
    addReferral(fam, start, kids, {
      agency, outcome: 'early_help', concerns: [rng.pick(['other', 'neglect', 'emotional_abuse'] as const)], referrer: rng.chance(0.2) ? 'self' : 'professional',
      summary: rng.pick([
        `Request for early help from ${AGENCY_WORDS[agency] ?? agency}: mother struggling with routines and the children's behaviour; consent given.`,
        'Mother asked for help with the children\'s sleep and behaviour after a difficult year.',
        'Concerns about lateness and tiredness at school; mother agreed to early help.',
      ]),
    })
  }
  const planStart = fam.workingDay(start + rng.int(7, 20))
  if (planStart > fam.endDay) return fam.endDay
  fam.add(planStart, { agency: 'early_help', type: 'assessment', kind: 'other', tool: 'early_help_assessment', subjects: [...kids, ...parentRefs(fam)], summary: 'Early help assessment completed with the family.', outcome: 'Strengths: loving relationships. Needs: routines, school attendance support, parenting confidence.' })
  const end = planStart + rng.int(90, 270)
  const { last } = casework(fam, { plan: 'early_help', start: planStart, end, children: kids, lead: 'early_help', visitGap: [14, 28], voiceGap: [28, 56], meeting: 'other', meetingGap: [42, 63], reviewGap: [80, 100] }, gcp2)
  if (last < fam.endDay) closeEpisode(fam, fam.workingDay(last), 'early_help', kids, 'needs_met')
  return last
}

function childInNeed(fam: FamilyBuilder, start: number, gcp2: Map<string, Record<string, number>>, withReferral: boolean): number {
  const { rng } = fam
  const kids = fam.bornBy(start).map((c) => c.ref)
  if (kids.length === 0) return start
  addLocalAuthorityIds(fam)
  if (withReferral && referralAllowed(fam, start)) {
    const agency = rng.pick(['school', 'health_visitor', 'gp', 'police', 'housing'])
    addReferral(fam, start, kids, {
      agency, outcome: 'assessment', concerns: rng.sample(['neglect', 'emotional_abuse', 'other'] as const, rng.int(1, 2)),
      summary: rng.pick([
        'Referral: the children often arrive hungry and late; mother seems overwhelmed.',
        'Referral after mother told the GP she is not coping; concerns for the children\'s care.',
        'Referral: home conditions deteriorating and rent arrears; the children\'s attendance dipping.',
      ]),
    })
    recordAdultFactors(fam, start)
  }
  const assessmentVisit = fam.workingDay(start + rng.int(3, 10))
  if (assessmentVisit > fam.endDay) return fam.endDay
  addHomeVisit(fam, assessmentVisit, 'childrens_social_care', fam.bornBy(assessmentVisit).map((c) => c.ref), 'Single assessment home visit')
  const planStart = fam.workingDay(assessmentVisit + rng.int(14, 35))
  if (planStart > fam.endDay) return fam.endDay
  fam.add(planStart, { agency: 'childrens_social_care', type: 'assessment', kind: 'single', subjects: kids, summary: 'Single assessment completed.', outcome: 'Children in need of support: child in need plan recommended.' })
  const end = planStart + rng.int(150, 320)
  const { last } = casework(fam, { plan: 'child_in_need', start: planStart, end, children: kids, lead: 'childrens_social_care', visitGap: [14, 26], voiceGap: [21, 56], meeting: 'professionals', meetingGap: [35, 60], reviewGap: [80, 95] }, gcp2)
  if (last < fam.endDay) closeEpisode(fam, fam.workingDay(last), 'child_in_need', kids, rng.chance(0.6) ? 'needs_met' : 'stepped_down')
  return last
}

function childProtection(fam: FamilyBuilder, start: number, gcp2: Map<string, Record<string, number>>, o: { long?: boolean, ploDrift?: boolean, lookedAfter?: boolean, neglect?: boolean }): number {
  const { rng } = fam
  const kids = fam.bornBy(start).map((c) => c.ref)
  if (kids.length === 0) return start
  addLocalAuthorityIds(fam)
  const parents = parentRefs(fam)
  // The trigger: a domestic abuse call when that is the family's difficulty, else a professional's referral.
  const da = fam.riskKinds.includes('domestic_abuse') && fam.mother !== null && fam.fatherFigure !== null && start - (fam.incidentDays.at(-1) ?? -Infinity) > ORDINARY_GAP_BETWEEN_INCIDENTS
  if (da && fam.mother && fam.fatherFigure) {
    fam.incidentDays.push(start)
    fam.add(start, {
      agency: 'police', type: 'police_incident', category: 'domestic_abuse', subjects: [...kids, ...parents], time: `${String(rng.int(18, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`,
      children_present: kids, victim: fam.mother.ref, perpetrator: fam.fatherFigure.ref, injuries: rng.chance(0.4), substances: fam.riskKinds.includes('substance'),
      summary: `Police called by a neighbour to a domestic argument; ${fam.fatherFigure.given} arrested. The children were in the house.`,
      action: 'DASH risk assessment completed; notification to children\'s social care.',
    })
  }
  if (referralAllowed(fam, start)) {
    addReferral(fam, start, kids, {
      agency: da ? 'police' : rng.pick(['school', 'hospital', 'health_visitor']), outcome: 'strategy_meeting',
      concerns: da ? ['domestic_abuse'] : [rng.pick(['neglect', 'physical_abuse', 'emotional_abuse'] as const)],
      summary: da ? 'Police notification of the domestic abuse incident with the children present.' : rng.pick(['School referral: child disclosed being hit with a belt.', 'Hospital referral: unexplained bruising seen at A&E.', 'Health visitor referral: serious neglect of the baby\'s care and home conditions.']),
    })
  }
  recordAdultFactors(fam, start)
  const strategy = fam.addWorkingDays(start, 1)
  fam.add(strategy, { agency: 'childrens_social_care', type: 'meeting', kind: 'strategy', subjects: [...kids, ...parents], attended: ['childrens_social_care', 'police', rng.pick(['school', 'health_visitor', 'gp'])], summary: 'Strategy meeting.', decision: 'Section 47 enquiries to be made jointly; children to be seen today.' })
  const s47 = strategy
  addHomeVisit(fam, s47, 'childrens_social_care', kids, 'Section 47 visit', true)
  const icpc = fam.addWorkingDays(strategy, rng.int(10, 14))
  if (icpc > fam.endDay) return fam.endDay
  fam.add(icpc - rng.int(1, 3), { agency: 'childrens_social_care', type: 'assessment', kind: 'single', subjects: kids, summary: 'Section 47 enquiries and assessment completed.', outcome: 'Significant harm likely: initial child protection conference requested.' })
  const category = o.neglect ? 'neglect' : rng.weighted([['neglect', 50], ['emotional_abuse', 32], ['physical_abuse', 13], ['sexual_abuse', 5]] as const)
  fam.add(icpc, { agency: 'childrens_social_care', type: 'meeting', kind: 'initial_conference', subjects: [...kids, ...parents], attended: ['childrens_social_care', 'police', 'school', 'health_visitor'].slice(0, rng.int(3, 4)), summary: 'Initial child protection conference.', decision: `Child protection plans under ${category.replace(/_/g, ' ')}.` })
  const duration = o.long ? rng.int(400, 540) : o.ploDrift ? rng.int(300, 330) : rng.int(150, 320)
  const planEnd = icpc + duration
  const { last } = casework(fam, { plan: 'child_protection', start: icpc, end: planEnd, children: kids, lead: 'childrens_social_care', visitGap: [5, 10], voiceGap: [21, 50], meeting: 'core_group', meetingGap: [28, 42], reviewGap: [85, 95], category }, gcp2)
  const cp = fam.plans[fam.plans.length - 1]
  // Pre-proceedings: ordinarily ended within 16 weeks; when planted, left to drift.
  if (o.ploDrift || (o.long && rng.chance(0.3))) {
    const p0 = fam.workingDay(icpc + rng.int(60, 120))
    if (p0 < last) {
      fam.add(p0, { agency: 'childrens_social_care', type: 'meeting', kind: 'legal_planning', subjects: kids, attended: ['childrens_social_care'], summary: 'Legal gateway meeting: threshold met for pre-proceedings.', decision: 'Letter before proceedings to be sent.' })
      const ploStart = addPlanEvent(fam, p0, 'plo_pre_proceedings', 'start', kids, { reason: 'Lack of sustained progress under the child protection plan.' })
      fam.add(fam.workingDay(p0 + 10), { agency: 'childrens_social_care', type: 'meeting', kind: 'plo', subjects: [...kids, ...parents], attended: ['childrens_social_care'], summary: 'Pre-proceedings meeting with parents and their solicitors.', decision: 'Expectations agreed; review in 8 weeks.' })
      const ploEnd = fam.workingDay(p0 + (o.ploDrift ? rng.int(150, 220) : rng.int(56, 100)))
      if (ploEnd <= fam.endDay) {
        addPlanEvent(fam, ploEnd, 'plo_pre_proceedings', 'end', kids, { reason: 'Sufficient progress: pre-proceedings ended.' })
        fam.add(ploEnd, { agency: 'childrens_social_care', type: 'decision', subjects: kids, from: 'plo_pre_proceedings', to: 'child_protection', partners_informed: true, summary: 'Pre-proceedings ended; partners told.' })
      }
      fam.plans.push({ kind: 'plo_pre_proceedings', start: p0, end: ploEnd <= fam.endDay ? ploEnd : null, children: kids, startEvent: ploStart })
    }
  }
  if (last >= fam.endDay) return last
  const rcpc = fam.workingDay(last)
  fam.add(rcpc, { agency: 'childrens_social_care', type: 'meeting', kind: 'review_conference', subjects: [...kids, ...parents], attended: ['childrens_social_care', 'school', 'health_visitor'], summary: 'Review child protection conference.', decision: o.lookedAfter ? 'Plans continue pending proceedings.' : 'Risk reduced: child protection plans end; step down to child in need.' })
  if (cp) cp.end = rcpc
  if (o.lookedAfter) return lookedAfter(fam, rcpc, kids, gcp2)
  addPlanEvent(fam, rcpc, 'child_protection', 'end', kids, { reason: 'Risk reduced.' })
  fam.add(rcpc, { agency: 'childrens_social_care', type: 'decision', subjects: kids, from: 'child_protection', to: 'child_in_need', partners_informed: true, summary: 'Step down to child in need agreed at conference; partners present.' })
  const cinEnd = rcpc + rng.int(90, 180)
  const cin = casework(fam, { plan: 'child_in_need', start: rcpc, end: cinEnd, children: kids, lead: 'childrens_social_care', visitGap: [14, 26], voiceGap: [21, 56], meeting: 'professionals', meetingGap: [35, 60], reviewGap: [80, 95] }, gcp2)
  if (cin.last < fam.endDay) closeEpisode(fam, fam.workingDay(cin.last), 'child_in_need', kids, 'needs_met')
  return cin.last
}

/** Care proceedings and foster care: the heavy end of long involvement. */
function lookedAfter(fam: FamilyBuilder, day: number, kids: string[], gcp2: Map<string, Record<string, number>>): number {
  const { rng } = fam
  fam.add(day, { agency: 'court', type: 'court', application: 'interim_care_order', result: 'granted', subjects: kids, summary: 'Interim care orders granted.' })
  addPlanEvent(fam, day, 'child_protection', 'end', kids, { reason: 'Children looked after.' })
  addPlanEvent(fam, day, 'care_proceedings', 'start', kids, { reason: 'Proceedings issued.' })
  fam.people.push({ ref: 'foster-carer', given_name: rng.pick(['Janet', 'Lorraine', 'Beverley', 'Karen', 'Shirley']), family_name: rng.pick(['Hargreaves', 'Okoro', 'Whitfield', 'Dunn']), role: 'adult', sex: 'female', address: randomAddress(rng).line })
  for (const k of kids) fam.relationships.push({ from: 'foster-carer', to: k, type: 'foster_carer' })
  fam.add(day, { agency: 'childrens_social_care', type: 'placement', kind: 'foster', carer: 'foster-carer', carer_assessed: true, checks: ['police', 'health', 'home', 'references'], change: 'start', subjects: kids, summary: 'Children placed together with approved local authority foster carers.' })
  const end = day + rng.int(700, 1100)
  const proceedingsEnd = fam.workingDay(day + rng.int(170, 190))
  if (proceedingsEnd <= fam.endDay) {
    fam.add(proceedingsEnd, { agency: 'court', type: 'court', application: 'care_order', result: 'granted', subjects: kids, summary: 'Final hearing: care orders made.' })
    addPlanEvent(fam, proceedingsEnd, 'care_proceedings', 'end', kids, { reason: 'Final orders made.' })
  }
  const { last } = casework(fam, { plan: 'looked_after', start: day, end, children: kids, lead: 'childrens_social_care', visitGap: [28, 42], voiceGap: [28, 56], meeting: 'care_planning', meetingGap: [80, 120], reviewGap: [150, 180], logGap: [3, 5] }, gcp2)
  return last
}

/** School terms, GP, health visiting, dentist, immunisations: the record of every child. */
function universalServices(fam: FamilyBuilder): void {
  const { rng } = fam
  const S = fam.startDay, E = fam.endDay
  const school = rng.pick(SCHOOL_NAMES)
  for (const child of fam.children) {
    if (child.unborn) continue
    const from = Math.max(S, child.born)
    const misses: number[] = fam.missesByChild.get(child.ref) ?? []
    fam.missesByChild.set(child.ref, misses)
    const appointment = (day: number, agency: string, service: 'gp' | 'dental' | 'immunisation' | 'health_visitor' | 'outpatient' | 'audiology' | 'speech_and_language' | 'developmental' | 'ophthalmology', what: string): void => {
      if (day < from || day > E) return
      const d = fam.workingDay(day)
      if (d > E) return
      const canMiss = d - (misses.at(-1) ?? -Infinity) > ORDINARY_GAP_BETWEEN_MISSES
      const roll = rng.next()
      if (canMiss && roll < 0.035) {
        misses.push(d)
        fam.add(d, { agency, type: 'appointment', service, status: 'was_not_brought', subjects: [child.ref], summary: `${child.given} not brought to ${what}.`, action: 'Rebooked; reminder letter and text sent to mother.' })
        appointment(d + rng.int(14, 35), agency, service, `the rebooked ${what.replace(/^(a|the|the rebooked) /, '')}`)
        return
      }
      const status = roll < 0.06 ? 'cancelled_by_service' as const : 'attended' as const
      const late = agency === 'hospital' && rng.chance(0.5) ? { recorded: fromDayNumber(d + rng.int(7, 30)) } : {}
      fam.add(d, { agency, type: 'appointment', service, status, subjects: [child.ref], ...late, summary: status === 'attended' ? `${child.given} brought to ${what} by ${carerWord(fam) === 'Mum' ? 'mother' : 'grandmother'}.${rng.chance(0.3) ? ' No concerns.' : ''}` : `${what[0]?.toUpperCase()}${what.slice(1)} cancelled by the clinic; new date sent.` })
      if (status === 'cancelled_by_service') appointment(d + rng.int(14, 35), agency, service, `the rebooked ${what.replace(/^(a|the|the rebooked) /, '')}`)
    }
    // Health visiting and immunisations in the early years.
    appointment(child.born + rng.int(42, 56), 'health_visitor', 'health_visitor', 'the 6-8 week review')
    for (const [weeks, label] of [[8, 'the 8-week immunisations'], [12, 'the 12-week immunisations'], [16, 'the 16-week immunisations'], [53, 'the 1-year immunisations'], [174, 'the pre-school booster']] as const) {
      appointment(child.born + weeks * 7 + rng.int(0, 14), 'gp', 'immunisation', label)
    }
    appointment(child.born + 365 + rng.int(0, 60), 'health_visitor', 'health_visitor', 'the 1-year review')
    appointment(child.born + 2 * 365 + rng.int(0, 150), 'health_visitor', 'developmental', 'the 2-2½ year review')
    // A yearly dentist check from age 1 and a GP visit or two a year.
    for (let d = child.born + 365 + rng.int(0, 200); d <= E; d += rng.int(300, 420)) appointment(d, 'dental', 'dental', 'a dental check-up')
    // Young children see the GP more often than their older brothers and sisters.
    for (let d = from + rng.int(30, 300); d <= E; d += fam.ageAt(child, d) < 5 ? rng.int(80, 180) : rng.int(150, 400)) appointment(d, 'gp', 'gp', rng.pick(['a GP appointment for a chest infection', 'a GP review of eczema', 'a GP appointment for an ear infection', 'a GP asthma review']))
    if (rng.chance(0.2)) appointment(from + rng.int(60, 700), 'hospital', rng.pick(['outpatient', 'audiology', 'speech_and_language', 'ophthalmology'] as const), 'a hospital outpatient clinic')
    // School: attendance at the end of each term from the September after the 4th birthday.
    const yearOf = (d: number): number => Number(fromDayNumber(d).slice(0, 4))
    const reception = Date.UTC(yearOf(child.born + 4 * 365) + (fromDayNumber(child.born).slice(5) > '08-31' ? 1 : 0), 8, 4) / 86_400_000
    let announced = false
    const nurseryFromTwo = rng.chance(0.4)
    for (let y = yearOf(from) - 1; y <= yearOf(E); y++) {
      for (const [month, dayLo, label] of [[11, 15, 'Autumn term'], [2, 27, 'Spring term'], [6, 18, 'Summer term']] as const) {
        const d = fam.workingDay(Date.UTC(y, month, dayLo + rng.int(0, 4)) / 86_400_000)
        if (d < from || d > E || fam.ageAt(child, d) >= 18) continue
        if (d < reception + 60) {
          // Funded nursery place from 3 (from 2 for some): the nursery reports attendance too.
          if (fam.ageAt(child, d) >= (nurseryFromTwo ? 2 : 3)) fam.add(d, { agency: 'nursery', type: 'attendance', subjects: [child.ref], period_end: fromDayNumber(d), attendance_pct: 92 + rng.int(0, 70) / 10, summary: `${label} nursery attendance (funded hours).` })
          continue
        }
        if (!announced) {
          announced = true
          if (rng.chance(0.3)) fam.add(Math.max(from, fam.workingDay(reception)), { agency: 'school', type: 'education', status: 'on_roll', subjects: [child.ref], summary: `${child.given} on roll at ${school}.` })
        }
        const pct = rng.chance(0.85) ? 93 + rng.int(0, 60) / 10 : 91 + rng.int(0, 19) / 10
        fam.add(d, { agency: 'school', type: 'attendance', subjects: [child.ref], period_end: fromDayNumber(d), attendance_pct: pct, lates: rng.int(0, 4), summary: `${label} attendance.` })
      }
    }
    // An occasional accident, never to a baby or a child on a plan (those go to children's social care).
    for (let d = from + rng.int(200, 900); d <= E; d += rng.int(400, 1200)) {
      const onPlan = fam.plans.some((p) => p.children.includes(child.ref) && p.start <= d && (p.end === null || d < p.end))
      const quiet = fam.incidentDays.every((x) => Math.abs(x - d) > ORDINARY_GAP_BETWEEN_INCIDENTS)
      if (onPlan || !quiet || fam.ageAt(child, d) < 3) continue
      fam.incidentDays.push(d)
      fam.add(d, { agency: rng.pick(['school', 'hospital']), type: 'injury', subjects: [child.ref], explanation: rng.pick(['Fell in the playground', 'Fell off a scooter', 'Trapped finger in a door']), explanation_accepted: true, medical_opinion: 'accidental', summary: `${child.given} hurt: graze and bruise; first aid given and mother informed.` })
    }
  }
}

/** Pregnancies and births inside the record; screens and pre-birth assessments where good practice asks for them. */
function pregnanciesAndBirths(fam: FamilyBuilder): void {
  const { rng } = fam
  const mother = fam.mother
  if (!mother) return
  const cpEver = fam.plans.some((p) => p.kind === 'child_protection')
  const factor = fam.riskKinds.includes('substance') || fam.riskKinds.includes('domestic_abuse')
  for (const child of fam.children) {
    const booking = child.born - 280 + rng.int(9, 13) * 7
    const weeks = Math.round((booking - (child.born - 280)) / 7)
    if (booking >= fam.startDay && booking <= fam.endDay) {
      fam.add(booking, { agency: 'midwifery', type: 'pregnancy', subjects: [mother.ref], weeks, expected: fromDayNumber(child.born), child: child.ref, summary: `Booking appointment: ${mother.given} ${weeks} weeks pregnant.` })
      if (cpEver || factor) {
        const pb = fam.workingDay(booking + rng.int(3, 5) * 7)
        if (pb <= fam.endDay) fam.add(pb, { agency: 'childrens_social_care', type: 'assessment', kind: 'pre_birth', subjects: [mother.ref, child.ref], summary: 'Pre-birth assessment started with mother and partner.', outcome: 'Protective factors identified; plan for support after the birth.' })
      }
    }
    if (child.unborn || child.born < fam.startDay || child.born > fam.endDay) continue
    fam.add(child.born, { agency: 'midwifery', type: 'birth', child: child.ref, subjects: [child.ref, mother.ref], summary: `${child.given} born at ${rng.int(37, 41)} weeks; mother and baby well.` })
    const nbv = child.born + rng.int(10, 14)
    if (nbv <= fam.endDay) fam.add(nbv, { agency: 'health_visitor', type: 'visit', kind: 'home', access: 'full', subjects: [child.ref, mother.ref], child_seen: [child.ref], parenting_observed: true, summary: 'New birth visit: baby feeding well; safe sleep advice given.' })
    const screen = child.born + rng.int(35, 50)
    if (screen <= fam.endDay) fam.add(screen, { agency: 'health_visitor', type: 'assessment', kind: 'postnatal_depression_screen', subjects: [mother.ref, child.ref], summary: 'Maternal mood screen at the 6-week contact.', outcome: 'Low score; support services discussed.' })
  }
}

/** Moves, worker changes and the odd police incident of family life, kept under the thresholds. */
function familyLife(fam: FamilyBuilder): void {
  const { rng } = fam
  const span = fam.endDay - fam.startDay
  const moves = rng.weighted([[0, 60], [1, 30], [2, 10]] as const)
  for (let i = 0; i < moves; i++) {
    const d = fam.workingDay(fam.startDay + rng.int(30, Math.max(31, span - 30)))
    if (d > fam.endDay || Math.abs(d - fam.lastAddressChange) <= ORDINARY_GAP_BETWEEN_MOVES) continue
    moveHouse(fam, d, rng.pick(['Moved to a larger housing association flat.', 'Moved closer to maternal grandmother.', 'Moved after the private landlord sold the house.']))
  }
}

export function moveHouse(fam: FamilyBuilder, day: number, summary: string, conditions: 'good' | 'adequate' = 'adequate'): ChronologyEvent {
  const next = randomAddress(fam.rng)
  fam.lastAddressChange = Math.max(fam.lastAddressChange, day)
  const subjects = [...fam.bornBy(day).map((c) => c.ref), ...parentRefs(fam)]
  for (const p of fam.people) if (p.address === fam.address) p.address = next.line
  fam.address = next.line
  return fam.add(day, { agency: 'housing', type: 'address_change', subjects, new_address: next.line, local_authority: next.authority, home_conditions: conditions, summary })
}

/** Builds an ordinary history into the builder. */
export function buildHistory(fam: FamilyBuilder, options: HistoryOptions): void {
  const { rng } = fam
  const gcp2 = new Map<string, Record<string, number>>()
  const level = options.level
  const kinds: RiskKind[] = ['mental_health', 'substance', 'domestic_abuse']
  const riskCount = level === 'early_help' ? rng.weighted([[0, 70], [1, 30]] as const) : level === 'child_in_need' ? rng.weighted([[0, 40], [1, 45], [2, 15]] as const) : rng.weighted([[0, 15], [1, 50], [2, 35]] as const)
  fam.riskKinds = rng.sample(kinds, riskCount)
  fam.ordinaryAspect = rng.pick(['emotional', 'physical', 'supervision', 'nutritional'] as const)
  const episodes: ('eh' | 'cin' | 'cp' | 'cp_long' | 'cp_drift' | 'cp_lac')[] =
    options.cpLong ? ['cp_long'] : options.ploDrift ? ['cp_drift'] : options.neglectPlan ? ['cp']
      : level === 'early_help' ? (rng.chance(0.3) ? ['eh', 'eh'] : ['eh'])
        : level === 'child_in_need' ? rng.pick([['cin'], ['eh', 'cin'], ['cin', 'eh']])
          : level === 'child_protection' ? rng.pick([['cp'], ['eh', 'cp'], ['cin', 'cp']])
            : level === 'long' ? rng.pick([['eh', 'cin', 'cp', 'eh'], ['cin', 'cp', 'cin'], ['eh', 'cp', 'cp'], ['cin', 'eh', 'cp', 'eh']])
              : ['cin', 'cp', 'cp_lac']
  const span = fam.endDay - fam.startDay
  let cursor = fam.startDay + (options.cpLong || options.ploDrift ? rng.int(10, 40) : rng.int(20, Math.max(21, Math.floor(span * 0.25))))
  for (const ep of episodes) {
    if (cursor > fam.endDay - 45) break
    const d = fam.workingDay(cursor)
    const last = ep === 'eh' ? earlyHelp(fam, d, gcp2)
      : ep === 'cin' ? childInNeed(fam, d, gcp2, true)
        : childProtection(fam, d, gcp2, { long: ep === 'cp_long', ploDrift: ep === 'cp_drift', lookedAfter: ep === 'cp_lac', neglect: options.neglectPlan === true })
    cursor = last + rng.int(90, 300)
  }
  familyLife(fam)
  universalServices(fam)
  pregnanciesAndBirths(fam)
}
