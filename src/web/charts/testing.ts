// Builders for the web renderers' tests: FamilyRecords as the case repository
// returns them, from the rules' valid family builders. Test code only.
import { XMLValidator } from 'fast-xml-parser'
import type { IsoDate } from '../../exchange/dates.ts'
import { placedDate } from '../../exchange/dates.ts'
import type { EventOutline, EventRecord, FamilyOutline, FamilyRecord, StoredAlertView } from '../../access/caseRepository.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildRelationship, buildUnborn, type FamilyOverrides } from '../../rules/testing.ts'

export { buildAdult, buildChild, buildEvent, buildRelationship, buildUnborn } from '../../rules/testing.ts'

export interface FamilyRecordOverrides extends FamilyOverrides {
  name?: string | null
  /**
   * Which events the user may not read (they become RedactedEvents): a list
   * of ids, or 'restricted' (the default) for every event marked restricted.
   */
  redact?: readonly string[] | 'restricted'
  alerts?: Partial<StoredAlertView>[]
  /** Provenance source of every visible event; default `test-file.json`. */
  source?: string
  evaluatedAsOf?: IsoDate | null
}

/** An open alert on C1, first fired 2020-06-01; id 1 unless given. */
export function buildAlertView(overrides: Partial<StoredAlertView> = {}): StoredAlertView {
  return {
    id: 1,
    rule: 'was-not-brought',
    title: 'Appointments missed',
    advice: 'Ask why the child was not brought.',
    source: 'Test learning review',
    subject: 'C1',
    firstFired: '2020-06-01',
    until: null,
    state: 'open',
    resolution: null,
    events: [],
    threshold: 'Two or more missed appointments in 12 months.',
    ...overrides,
  }
}

/** A family record: events in placed order, restricted ones redacted, agencies collected. */
export function buildFamilyRecord(overrides: FamilyRecordOverrides = {}): FamilyRecord {
  const doc = buildFamily(overrides)
  const redact = overrides.redact ?? 'restricted'
  const isRedacted = (e: { id: string; restricted?: boolean | undefined }) =>
    redact === 'restricted' ? e.restricted === true : redact.includes(e.id)
  const events: EventRecord[] = doc.events
    .map((event, order) => ({ event, order, placed: placedDate(event) }))
    .sort((a, b) => (a.placed < b.placed ? -1 : a.placed > b.placed ? 1 : a.order - b.order))
    .map(({ event }): EventRecord => isRedacted(event)
      ? { visible: false, id: event.id, date: event.date, agency: event.agency, restricted: true }
      : { visible: true, event, provenance: { source: overrides.source ?? 'test-file.json', importedAt: new Date('2024-01-01T00:00:00Z'), importedBy: 'tester' } })
  return {
    ref: doc.family.ref,
    name: overrides.name === undefined ? 'Test family' : overrides.name,
    visibility: 'contributor',
    people: doc.people,
    relationships: doc.relationships ?? [],
    events,
    alerts: (overrides.alerts ?? []).map((a, i) => buildAlertView({ id: i + 1, ...a })),
    agencies: [...new Set(doc.events.map((e) => e.agency))].sort(),
    evaluatedAsOf: overrides.evaluatedAsOf ?? null,
  }
}

/**
 * The record's events as the store outlines them, keyed by their place in the
 * record, kept where `kept` holds (the store's filter: every event by default).
 */
export function outlineOf(record: FamilyRecord, kept: (e: EventRecord) => boolean = () => true): FamilyOutline {
  const events = record.events.map((e, key): EventOutline => ({ key, id: e.visible ? e.event.id : e.id, date: e.visible ? e.event.date : e.date, kept: kept(e) }))
  return {
    ...record, events,
    eventTypes: [...new Set(record.events.flatMap((e) => (e.visible ? [e.event.type] : [])))],
  }
}

/** The record's events by the keys outlineOf gives them. */
export function byKeyOf(record: FamilyRecord): Map<number, EventRecord> {
  return new Map(record.events.map((e, key) => [key, e]))
}

/** Text planted in restricted entries: an export or chart that shows it leaks restricted content. */
export const RESTRICTED_CANARY = 'CANARY-restricted-7f3a'

/** Hostile text in a summary: a renderer that shows it unescaped is open to injection. */
export const HOSTILE_TEXT = '<script>alert("x")</script> & "quotes"'

/**
 * A small family with one of each mark: mother M1 and stepfather P1; Amy (C1,
 * born 2015-01-01), Ben (C2, born in May 2018, month only) and an unborn baby
 * (U1, due 2020-09-01). Amy is on a child protection plan from 2020-01-15 and
 * has an open alert; a restricted record (E9) is redacted.
 */
export function buildExampleFamilyRecord(overrides: FamilyRecordOverrides = {}): FamilyRecord {
  return buildFamilyRecord({
    people: [
      buildAdult('M1', { given_name: 'Mary', family_name: 'Smith' }),
      buildAdult('P1', { given_name: 'Paul', family_name: 'Jones', sex: 'male' }),
      buildChild('C1', { given_name: 'Amy', family_name: 'Smith' }),
      buildChild('C2', { given_name: 'Ben', family_name: 'Smith', born: '2018-05' }),
      buildUnborn('U1', { given_name: 'Unborn baby', family_name: 'Smith', expected: '2020-09-01' }),
    ],
    relationships: [
      buildRelationship('M1', 'C1', 'mother'), buildRelationship('M1', 'C2', 'mother'), buildRelationship('M1', 'U1', 'mother'),
      buildRelationship('P1', 'C1', 'stepfather'), buildRelationship('P1', 'M1', 'partner'),
    ],
    events: [
      buildEvent('plan', { date: '2020-01-15', subjects: ['C1'], plan: 'child_protection', change: 'start', category: 'neglect', summary: 'Amy made subject of a child protection plan.' }),
      buildEvent('appointment', { date: '2020-02-01', agency: 'gp', subjects: ['C1'], service: 'gp', status: 'was_not_brought', summary: 'Amy was not brought to the GP.' }),
      buildEvent('appointment', { date: '2020-02-10', agency: 'health_visitor', subjects: ['C2'], service: 'health_visitor', status: 'did_not_attend', summary: 'Ben: did not attend HV clinic.' }),
      buildEvent('appointment', { date: '2020-03-01', agency: 'dental', subjects: ['C1'], service: 'dental', status: 'attended', summary: 'Amy attended the dentist.' }),
      buildEvent('police_incident', { date: '2020-03-05', agency: 'police', subjects: ['M1', 'P1'], children_present: ['C1', 'C2'], category: 'domestic_abuse', summary: 'Domestic incident; both children present.' }),
      buildEvent('injury', { date: '2020-03-20', agency: 'hospital', subjects: ['C2'], summary: 'Bruise to Ben’s cheek.', explanation: 'Fell off the sofa.' }),
      buildEvent('visit', { date: '2020-04-02', subjects: ['C1', 'C2'], access: 'full', child_seen: ['C1'], child_seen_alone: ['C1'], summary: 'Home visit; Amy seen alone, Ben asleep.' }),
      buildEvent('child_voice', { date: '2020-04-02', subjects: ['C1'], words: 'I don’t like it when they shout.', words_form: 'verbatim', method: 'direct', summary: HOSTILE_TEXT }),
      buildEvent('adult_factor', { date: '2020-04-10', agency: 'adult_mental_health', subjects: ['M1'], factor: 'mental_health', restricted: true, summary: `Mental health crisis. ${RESTRICTED_CANARY}`, significance: RESTRICTED_CANARY }),
      buildEvent('adult_factor', { date: '2020-04-12', agency: 'probation', subjects: ['P1'], factor: 'offending', summary: 'Paul on licence.' }),
      buildEvent('pregnancy', { date: '2020-05-01', agency: 'midwifery', subjects: ['M1', 'U1'], child: 'U1', expected: '2020-09-01', summary: 'Booking appointment; Mary is 22 weeks pregnant.' }),
    ],
    alerts: [
      { subject: 'C1', firstFired: '2020-03-01', title: 'Child not brought to health appointments' },
      { subject: 'C2', firstFired: '2020-03-02', state: 'resolved', resolution: 'condition_gone', title: 'Resolved alert' },
    ],
    ...overrides,
  })
}

/** Null when `svg` is well-formed XML with an <svg> root, else the parser's complaint. */
export function svgProblem(svg: string): string | null {
  const result = XMLValidator.validate(svg)
  if (result !== true) return `${result.err.code}: ${result.err.msg} (line ${result.err.line})`
  return svg.startsWith('<svg ') && svg.endsWith('</svg>') ? null : 'expected a single <svg> element'
}

/** How many times `needle` occurs in `text`. */
export function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1
}
