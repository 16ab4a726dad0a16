import { describe, expect, it } from 'vitest'
import { buildFamilyView, indexFamily, planCategoriesOn, planHasCategory, viewAsOf } from './familyView.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, buildRelationship, buildUnborn } from './testing.ts'

describe('placing and knowing events', () => {
  const doc = buildFamily({
    events: [
      buildEvent('note', { date: '2020-06' }),
      buildEvent('note', { date: '2020-06-01' }),
      buildEvent('note', { date: '2020', recorded: '2020-03-01' }),
      buildEvent('note', { date: '2020-05-20', recorded: '2020-07-01' }),
    ],
  })
  const index = indexFamily(doc)

  it('orders by placed date, file order for ties', () => {
    expect(index.events.map((e) => [e.id, e.placed, e.known])).toEqual([
      ['E3', '2020-01-01', '2020-03-01'],
      ['E4', '2020-05-20', '2020-07-01'],
      ['E1', '2020-06-01', '2020-06-30'],
      ['E2', '2020-06-01', '2020-06-01'],
    ])
    expect([index.firstPlaced, index.endOfRecord]).toEqual(['2020-01-01', '2020-07-01'])
    expect(index.knownDates).toEqual(['2020-03-01', '2020-06-01', '2020-06-30', '2020-07-01'])
  })

  it('counts an event from its known date, that day included', () => {
    expect(viewAsOf(index, '2020-06-29').events.map((e) => e.id)).toEqual(['E3', 'E2'])
    expect(viewAsOf(index, '2020-06-30').events.map((e) => e.id)).toEqual(['E3', 'E1', 'E2'])
    expect(viewAsOf(index, '2020-02-29').events).toEqual([])
  })

  it('groups known events by type', () => {
    const view = viewAsOf(index, '2020-12-31')
    expect(view.ofType('note')).toHaveLength(4)
    expect(view.ofType('visit')).toEqual([])
  })
})

describe('dates of birth and ages (readings §12)', () => {
  const people = [
    buildChild('full', { born: '2015-03-10' }),
    buildChild('month', { born: '2015-03' }),
    buildChild('year', { born: '2015' }),
    buildChild('refined', { born: '2015-03' }),
    buildChild('outside', { born: '2015-03' }),
    buildChild('none', { born: undefined }),
    buildChild('fromBirth', { born: undefined }),
    buildUnborn('unborn'),
    buildChild('leap', { born: '2016-02-29' }),
    buildAdult('M1'),
  ]
  const doc = buildFamily({
    people,
    events: [
      buildEvent('birth', { date: '2015-03-20', child: 'refined', subjects: ['M1', 'refined'] }),
      buildEvent('birth', { date: '2015-04-02', child: 'outside', subjects: ['M1', 'outside'] }),
      buildEvent('birth', { date: '2016-01-05', child: 'fromBirth', subjects: ['M1', 'fromBirth'] }),
      buildEvent('birth', { date: '2021-05-01', recorded: '2021-05-04', child: 'unborn', subjects: ['M1', 'unborn'] }),
    ],
  })
  const view = buildFamilyView(doc, '2021-12-31')

  it.each([
    ['full', '2015-03-10'], ['month', '2015-03-01'], ['year', '2015-07-01'], ['refined', '2015-03-20'],
    ['outside', '2015-03-01'], ['none', undefined], ['fromBirth', '2016-01-05'], ['unborn', '2021-05-01'],
  ])('%s is born %s', (ref, dob) => {
    expect(view.dateOfBirth(ref)).toBe(dob)
  })

  it('gives an unborn child a date of birth only once the birth is known', () => {
    const before = buildFamilyView(doc, '2021-05-03')
    expect(before.dateOfBirth('unborn')).toBeUndefined()
    expect(before.isBornBy('unborn', '2021-05-03')).toBe(false)
    expect(view.isBornBy('unborn', '2021-05-01')).toBe(true)
    expect(view.isBornBy('none', '2000-01-01')).toBe(true)
  })

  it('reads ages on birthdays, 29 February on 1 March in a common year', () => {
    expect(view.ageOn('full', '2019-03-09')).toBe(3)
    expect(view.ageOn('full', '2019-03-10')).toBe(4)
    expect(view.isAgedAtLeast('full', 4, '2019-03-09')).toBe(false)
    expect(view.isAgedAtLeast('full', 4, '2019-03-10')).toBe(true)
    expect(view.dateAged('leap', 1)).toBe('2017-03-01')
    expect(view.ageOn('leap', '2017-02-28')).toBe(0)
    expect(view.ageOn('leap', '2017-03-01')).toBe(1)
    expect(view.isUnder('full', 2, '2017-03-09')).toBe(true)
    expect(view.isUnder('full', 2, '2017-03-10')).toBe(false)
    expect(view.isUnder('full', 2, '2015-03-09')).toBe(false)
  })

  it('never reads a missing date of birth as an age', () => {
    expect(view.ageOn('none', '2020-01-01')).toBeUndefined()
    expect(view.isAgedAtLeast('none', 4, '2030-01-01')).toBe(false)
    expect(view.isUnder('none', 2, '2020-01-01')).toBe(false)
    expect(view.dateAged('none', 4)).toBeUndefined()
  })
})

describe('children, carers and involvement (readings §9-§11)', () => {
  const doc = buildFamily({
    people: [
      buildAdult('M1'), buildAdult('P1'), buildAdult('GM'), buildAdult('FC'),
      buildChild('older', { born: '2010-01-01' }), buildChild('baby', { born: '2020-06-01' }),
      buildChild('unknown', { born: undefined }), buildUnborn('U1'),
    ],
    relationships: [
      buildRelationship('M1', 'older', 'mother'), buildRelationship('M1', 'baby', 'mother'),
      buildRelationship('P1', 'M1', 'partner'), buildRelationship('GM', 'older', 'grandmother'),
      buildRelationship('FC', 'older', 'foster_carer'),
    ],
    events: [
      buildEvent('note', { date: '2020-05-31', subjects: ['M1'] }),
      buildEvent('note', { date: '2020-06-01', subjects: ['M1'] }),
      buildEvent('note', { date: '2020-07-01', subjects: ['M1', 'baby'] }),
      buildEvent('note', { date: '2020-07-01', subjects: ['U1'] }),
      buildEvent('police_incident', { date: '2020-07-02', subjects: ['M1'], victim: 'M1', perpetrator: 'P1' }),
      buildEvent('adult_factor', { date: '2020-07-03', subjects: ['M1'], factor: 'domestic_abuse_victim', other_party: 'P1' }),
      buildEvent('adult_factor', { date: '2020-07-03', subjects: ['M1'], factor: 'mental_health', other_party: 'P1' }),
    ],
  })
  const view = buildFamilyView(doc, '2020-12-31')
  const byId = (id: string) => view.events.find((e) => e.id === id)!

  it('an event naming no child is about every child born by its date or of unknown birth', () => {
    expect(view.childrenOfEvent(byId('E1'))).toEqual(['older', 'unknown'])
    expect(view.childrenOfEvent(byId('E2'))).toEqual(['older', 'baby', 'unknown'])
    expect(view.childrenOfEvent(byId('E3'))).toEqual(['baby'])
    expect(view.childrenOfEvent(byId('E4'))).toEqual(['U1'])
    expect(view.eventsAbout('baby').map((e) => e.id)).toEqual(['E2', 'E3', 'E5', 'E6', 'E7'])
  })

  it('parents and carers are mothers, fathers, step-parents, kinship and foster carers only', () => {
    expect(view.parentsAndCarers('older')).toEqual(['M1', 'FC'])
    expect(view.parentsAndCarers('unknown')).toEqual([])
  })

  it('involvement adds a police incident victim and perpetrator, and a domestic abuse other party', () => {
    expect(view.involvedIn(byId('E5'))).toEqual(['M1', 'P1'])
    expect(view.involvedIn(byId('E6'))).toEqual(['M1', 'P1'])
    expect(view.involvedIn(byId('E7'))).toEqual(['M1'])
  })
})

describe('plans (readings §13)', () => {
  const plan = (date: string, change: 'start' | 'review' | 'end', extra: object = {}) =>
    buildEvent('plan', { date, change, plan: 'child_protection', ...extra })
  const doc = buildFamily({
    people: [buildAdult('M1'), buildChild('C1'), buildChild('C2')],
    events: [
      plan('2019-01-01', 'end'),
      plan('2019-02-01', 'review', { category: 'neglect' }),
      plan('2019-05-01', 'review', { category: ['emotional_abuse', 'physical_abuse'] }),
      plan('2019-06-01', 'end'),
      plan('2019-06-01', 'start', { category: 'multiple' }),
      plan('2019-06-01', 'start', { plan: 'early_help', subjects: ['C1', 'C2'] }),
      plan('2019-09-01', 'end', { plan: 'early_help', subjects: ['C2'] }),
      plan('2019-10-01', 'start', { recorded: '2019-12-01' }),
    ],
  })
  const view = buildFamilyView(doc, '2019-11-30')
  const [protection, early] = view.plans('C1')

  it('opens on a review when none is open, ignores an end with none open, takes start before end on one day', () => {
    expect(view.plans('C1').map((p) => [p.kind, p.start, p.end ?? null])).toEqual([
      ['child_protection', '2019-02-01', '2019-06-01'],
      ['early_help', '2019-06-01', null],
    ])
  })

  it('is off the plan on its end day', () => {
    expect(view.isOnPlan('C1', ['child_protection'], '2019-05-31')).toBe(true)
    expect(view.isOnPlan('C1', ['child_protection'], '2019-06-01')).toBe(false)
    expect(view.isOnPlan('C1', undefined, '2019-06-01')).toBe(true)
    expect(view.isOnPlan('C2', undefined, '2019-08-31')).toBe(true)
    expect(view.isOnPlan('C2', undefined, '2019-09-01')).toBe(false)
    expect(view.planOn('C1', '2019-07-01', ['early_help'])?.startEvent.id).toBe('E6')
  })

  it('reads the category in force on a date', () => {
    expect(protection && planCategoriesOn(protection, '2019-04-30')).toEqual(['neglect'])
    expect(protection && planHasCategory(protection, 'neglect', '2019-05-01')).toBe(false)
    expect(protection && planHasCategory(protection, 'physical_abuse', '2019-05-01')).toBe(true)
    expect(early && planCategoriesOn(early, '2019-07-01')).toEqual([])
  })

  it('counts only known plan events, and only for the children they name', () => {
    expect(buildFamilyView(doc, '2019-12-01').isOnPlan('C1', ['child_protection'], '2019-12-01')).toBe(true)
    expect(view.isOnPlan('C1', ['child_protection'], '2019-11-30')).toBe(false)
    expect(view.plans('C2').map((p) => p.kind)).toEqual(['early_help'])
  })

  it('reads multiple as every category', () => {
    const later = buildFamilyView(doc, '2020-01-01')
    const reopened = later.planOn('C1', '2019-12-01', ['child_protection'])
    expect(reopened?.start).toBe('2019-10-01')
    const multiple = buildFamilyView(buildFamily({ events: [plan('2019-06-01', 'start', { category: 'multiple' })] }), '2019-06-01').plans('C1')[0]
    expect(multiple && planHasCategory(multiple, 'sexual_abuse', '2019-06-01')).toBe(true)
  })
})
