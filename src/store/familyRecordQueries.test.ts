// The family record read as one statement of JSON arrays: every field lands
// under its own name with its own type, restricted content never leaves the
// database for a reader who may not see it, and the order is the chronology's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventFilter, EventRecord, FamilyOutline, FamilyRecord } from '../access/caseRepository.ts'
import type { User } from '../access/types.ts'
import { placedDate } from '../exchange/dates.ts'
import { peopleNamedBy } from '../exchange/peopleNamedBy.ts'
import { addDays } from '../rules/calendar.ts'
import { FORMAT } from '../exchange/schema.ts'
import type { ChronologyEvent, FamilyDocument } from '../exchange/schema.ts'
import { countAuditRows } from './auditQueries.ts'
import type { AuditWho } from './auditQueries.ts'
import type { Store } from './createStore.ts'
import { findVisibleFamily, loadFamilyRecord, viewFamilyPage, viewFamilyRecord, WHOLE_FAMILY_EVENTS } from './familyRecordQueries.ts'
import { importFamilies } from './importFile.ts'
import { createTestStore } from './testStore.ts'

const CANARY = 'CANARY-json-record'

let store: Store
beforeEach(async () => { store = await createTestStore() })
afterEach(async () => { await store.close() })

function buildUser(agency: string): Pick<User, 'id' | 'agency' | 'roles' | 'disabled'> {
  return { id: 1, agency, roles: ['practitioner'], disabled: false }
}

/** Every common field set, each to a value no other field has. */
const full: ChronologyEvent = {
  id: 'FULL', type: 'police_incident', date: '2021-03', approximate: true, time: '09:30', recorded: '2021-04-01', agency: 'police',
  subjects: ['M', 'C1'], summary: 'Summary: "quoted", back\\slash, é, 😀', significance: 'Significance text', action: 'Action text',
  outcome: 'Outcome text', restricted: false, category: 'domestic_abuse', children_present: ['C1'], injuries: false, substances: true,
}
const restricted: ChronologyEvent = {
  id: 'SECRET', type: 'assessment', date: '2021-05-05', agency: 'health_visiting', subjects: ['M'], summary: `${CANARY} summary`,
  significance: `${CANARY} significance`, action: `${CANARY} action`, outcome: `${CANARY} outcome`, restricted: true,
  kind: 'other', scores: { [CANARY]: 4 },
}
const note = (id: string, date: string, agency: string): ChronologyEvent => ({ id, type: 'note', date, agency, subjects: ['C1'], summary: `Note ${id}` })

const doc: FamilyDocument = {
  format: FORMAT,
  family: { ref: 'F-JSON' },
  people: [
    { ref: 'M', given_name: 'Mia', born: '1990-01-01', role: 'adult', identifiers: { nhs_number: '9434765919' } },
    { ref: 'C1', given_name: 'Cal', born: '2015-02', role: 'child' },
  ],
  relationships: [{ from: 'M', to: 'C1', type: 'mother' }],
  // Sent out of date order; the two on 2021-06-01 sent B before A.
  events: [note('SAME-B', '2021-06-01', 'school'), restricted, full, note('SAME-A', '2021-06-01', 'childrens_social_care'), note('EARLY', '2020', 'school')],
}

async function recordFor(agency: string) {
  const user = buildUser(agency)
  const family = await findVisibleFamily(store.db, user, new Date(), doc.family.ref)
  expect(family).toBeDefined()
  return loadFamilyRecord(store.db, user, family!)
}

const eventOf = (record: { events: EventRecord[] }, id: string) => record.events.find((e) => (e.visible ? e.event.id : e.id) === id)

describe('loadFamilyRecord', () => {
  beforeEach(async () => { await importFamilies(store, [doc], { file: 'made', source: 'multi', actor: 'tester' }) })

  it('gives every field of a readable event under its own name, with its type, and its provenance', async () => {
    const record = await recordFor('school')
    const imported = await store.db.selectFrom('imports').select('imported_at').executeTakeFirstOrThrow()
    const found = eventOf(record, 'FULL')
    expect(found).toEqual({ visible: true, event: full, provenance: { source: 'multi', importedAt: expect.any(Date), importedBy: 'tester' } })
    if (found?.visible !== true) throw new Error('FULL is readable')
    expect(Math.abs(found.provenance.importedAt.getTime() - imported.imported_at.getTime())).toBeLessThan(1)
    expect(record.people).toEqual(doc.people)
    expect(record.relationships).toEqual(doc.relationships)
  })

  it('keeps the chronology\'s order: by date, and entries of one day in the order sent', async () => {
    const record = await recordFor('school')
    expect(record.events.map((e) => (e.visible ? e.event.id : e.id))).toEqual(['EARLY', 'FULL', 'SECRET', 'SAME-B', 'SAME-A'])
  })

  it('sends none of a restricted entry\'s content to another agency, only its date and agency', async () => {
    const record = await recordFor('school')
    expect(eventOf(record, 'SECRET')).toEqual({ visible: false, id: 'SECRET', date: '2021-05-05', agency: 'health_visiting', restricted: true })
    expect(JSON.stringify(record)).not.toContain(CANARY)
  })

  it('gives a restricted entry in full to its own agency and to children\'s social care', async () => {
    for (const agency of ['health_visiting', 'childrens_social_care']) {
      const found = eventOf(await recordFor(agency), 'SECRET')
      expect(found?.visible === true ? found.event : found).toEqual(restricted)
    }
  })
})

describe('viewFamilyRecord: find, audit and read in one statement', () => {
  const now = new Date()
  const reader = (agency: string, roles: User['roles'] = ['practitioner']): AuditWho & { kind: 'user' } =>
    ({ kind: 'user', via: 'web', user: { ...buildUser(agency), roles, username: `${agency}-reader`, displayName: agency } })
  const view = (actor: AuditWho & { kind: 'user' }, familyRef: string, childRef?: string) => viewFamilyRecord(store.db, actor.user, now, familyRef, {
    childRef, audit: { actor, entry: { action: 'view', familyRef, ...(childRef === undefined ? {} : { childRef }) } },
  })
  const lastAuditRow = async () => {
    const { id: _id, at: _at, ...row } = await store.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
    return row
  }

  beforeEach(async () => {
    await importFamilies(store, [doc], { file: 'made', source: 'multi', actor: 'tester' })
    const family = await store.db.selectFrom('families').select('id').where('ref', '=', doc.family.ref).executeTakeFirstOrThrow()
    const alert = (rule: string, events: string[]) => ({
      family_id: family.id, rule, subject: 'C1', first_fired: '2021-06-01', until: null, state: 'open' as const, resolution: null, events, threshold: 'test', updated_at: now,
    })
    // One alert on the restricted entry (shown only to those who may read it), one on readable entries.
    await store.db.insertInto('alerts').values([alert('child-not-heard', ['FULL', 'SECRET']), alert('child-not-seen', ['EARLY', 'FULL'])]).execute()
  })

  it('reads exactly what loadFamilyRecord reads, for every reader, and writes the one view row', async () => {
    const family = await store.db.selectFrom('families').select('id').where('ref', '=', doc.family.ref).executeTakeFirstOrThrow()
    const alertsSeen: Record<string, number> = {}
    for (const agency of ['school', 'police', 'health_visiting', 'childrens_social_care']) {
      const actor = reader(agency)
      const before = await countAuditRows(store.db)
      const viewed = await view(actor, doc.family.ref)
      expect(await countAuditRows(store.db)).toBe(before + 1)
      expect(await lastAuditRow()).toEqual({
        user_id: 1, username: `${agency}-reader`, agency, roles: ['practitioner'], action: 'view', family_id: family.id, family_ref: doc.family.ref,
        child_ref: null, event_id: null, alert_id: null, reason: null, details: { via: 'web' },
      })
      const loaded = await recordFor(agency)
      expect(viewed).toEqual(loaded)
      expect(JSON.stringify(viewed)).toBe(JSON.stringify(loaded))
      alertsSeen[agency] = viewed?.alerts.length ?? 0
      expect(JSON.stringify(viewed).includes(CANARY)).toBe(agency === 'health_visiting' || agency === 'childrens_social_care')
    }
    // The readers differ, so the comparison compared something.
    expect(alertsSeen).toEqual({ school: 1, police: 1, health_visiting: 2, childrens_social_care: 2 })
  })

  it('writes nothing and reads nothing for a family the reader may not see, or none at all', async () => {
    const before = await countAuditRows(store.db)
    expect(await view(reader('housing'), doc.family.ref)).toBeUndefined()
    expect(await view(reader('school', ['partnership_analyst']), doc.family.ref)).toBeUndefined()
    expect(await view(reader('school'), 'F-NONE')).toBeUndefined()
    expect(await countAuditRows(store.db)).toBe(before)
  })

  it('with a child, finds the family only when that ref is one of its children', async () => {
    const before = await countAuditRows(store.db)
    expect(await view(reader('school'), doc.family.ref, 'M')).toBeUndefined()
    expect(await view(reader('school'), doc.family.ref, 'NOBODY')).toBeUndefined()
    expect(await view(reader('housing'), doc.family.ref, 'C1')).toBeUndefined()
    expect(await countAuditRows(store.db)).toBe(before)
    const viewed = await view(reader('school'), doc.family.ref, 'C1')
    expect(viewed).toEqual(await recordFor('school'))
    expect(await countAuditRows(store.db)).toBe(before + 1)
    expect(await lastAuditRow()).toMatchObject({ action: 'view', family_ref: doc.family.ref, child_ref: 'C1' })
  })
})

describe('viewFamilyPage: every event in outline, the content of those the page shows', () => {
  const now = new Date()
  const reader = (agency: string): AuditWho & { kind: 'user' } =>
    ({ kind: 'user', via: 'web', user: { ...buildUser(agency), username: `${agency}-reader`, displayName: agency } })
  type Detail = (outline: FamilyOutline) => Iterable<number> | Promise<Iterable<number>>
  const page = (agency: string, familyRef: string, detail: Detail, filter: EventFilter = {}, wholeUpTo?: number) => {
    const actor = reader(agency)
    return viewFamilyPage(store.db, actor.user, now, familyRef, { audit: { actor, entry: { action: 'view', familyRef } }, filter, detail, wholeUpTo })
  }
  const idOf = (e: EventRecord) => (e.visible ? e.event.id : e.id)

  // One more event than comes whole: notes a day apart from 2020-01-01, with
  // a restricted assessment and a restricted plan, a visit that saw C2, a plan
  // and a birth among them.
  const large: FamilyDocument = {
    format: FORMAT,
    family: { ref: 'F-LARGE' },
    people: [
      { ref: 'M', given_name: 'Mia', born: '1990-01-01', role: 'adult' },
      { ref: 'C1', given_name: 'Cal', born: '2015-02-01', role: 'child' },
      { ref: 'C2', given_name: 'Dee', role: 'child' },
    ],
    relationships: [{ from: 'M', to: 'C1', type: 'mother' }],
    events: [
      ...Array.from({ length: WHOLE_FAMILY_EVENTS - 4 }, (_, i) => note(`N${String(i).padStart(3, '0')}`, addDays('2020-01-01', i), i % 2 === 0 ? 'school' : 'childrens_social_care')),
      { ...restricted, date: '2020-02-01' },
      { id: 'SECRET-PLAN', type: 'plan', date: '2020-02-02', agency: 'health_visiting', subjects: ['C2'], summary: `${CANARY} plan`, plan: 'child_in_need', change: 'start', restricted: true },
      { id: 'VISIT', type: 'visit', date: '2020-03-01', agency: 'childrens_social_care', subjects: ['C1'], summary: 'Home visit', access: 'full', child_seen: ['C2'] },
      { id: 'PLAN', type: 'plan', date: '2020-01-15', agency: 'childrens_social_care', subjects: ['C1'], summary: 'Child in need plan', plan: 'child_in_need', change: 'start' },
      { id: 'BIRTH', type: 'birth', date: '2020-04-01', agency: 'health_visiting', subjects: ['M'], summary: 'Dee born', child: 'C2' },
    ],
  }

  /** What the page's filter keeps, read from the whole record: the store's SQL must agree. */
  function keptIds(record: FamilyRecord, filter: EventFilter): string[] {
    return record.events.filter((e) => {
      const date = placedDate({ date: e.visible ? e.event.date : e.date })
      if (filter.from !== undefined && date < filter.from) return false
      if (filter.to !== undefined && date > filter.to) return false
      if (filter.agency !== undefined && (e.visible ? e.event.agency : e.agency) !== filter.agency) return false
      if (!e.visible) return filter.child === undefined && filter.type === undefined
      if (filter.type !== undefined && e.event.type !== filter.type) return false
      return filter.child === undefined || peopleNamedBy(e.event).includes(filter.child)
    }).map(idOf)
  }

  beforeEach(async () => {
    await importFamilies(store, [doc, large], { file: 'made', source: 'multi', actor: 'tester' })
  })

  it('reads a family of few events whole in its one statement, without asking what to detail, as viewFamilyRecord does', async () => {
    for (const agency of ['school', 'health_visiting']) {
      const asked: FamilyOutline[] = []
      const before = await countAuditRows(store.db)
      const read = await page(agency, doc.family.ref, (outline) => { asked.push(outline); return [] })
      expect(await countAuditRows(store.db)).toBe(before + 1)
      const record = await recordFor(agency)
      expect(asked).toEqual([])
      expect(read?.detailed).toEqual(record.events)
      expect(read?.outline.events.map((e) => [e.id, e.date, e.kept])).toEqual(record.events.map((e) => [idOf(e), e.visible ? e.event.date : e.date, true]))
      const { events: _outlined, eventTypes, ...outlineRest } = read!.outline
      const { events: _events, ...recordRest } = record
      expect(outlineRest).toEqual(recordRest)
      // Every agency; only the types the reader may read (the restricted assessment is health visiting's).
      expect(outlineRest.agencies).toEqual(['childrens_social_care', 'health_visiting', 'police', 'school'])
      expect(eventTypes).toEqual(agency === 'school' ? ['note', 'police_incident'] : ['assessment', 'note', 'police_incident'])
    }
  })

  it('reads a large family in outline, and in full only the events picked, every plan and birth, as loadFamilyRecord reads them', async () => {
    const user = buildUser('school')
    const whole = await loadFamilyRecord(store.db, user, (await findVisibleFamily(store.db, user, now, 'F-LARGE'))!)
    expect(whole.events).toHaveLength(WHOLE_FAMILY_EVENTS + 1)
    const picked = ['N010', 'VISIT', 'SECRET', 'SECRET-PLAN']
    const before = await countAuditRows(store.db)
    const read = await page('school', 'F-LARGE', (outline) => outline.events.filter((e) => picked.includes(e.id)).map((e) => e.key))
    expect(await countAuditRows(store.db)).toBe(before + 1)
    expect(read?.outline.events.map((e) => e.id)).toEqual(whole.events.map(idOf))
    expect(read?.detailed.map(idOf)).toEqual(whole.events.map(idOf).filter((id) => [...picked, 'PLAN', 'BIRTH'].includes(id)))
    for (const e of read?.detailed ?? []) expect(e).toEqual(whole.events.find((w) => idOf(w) === idOf(e)))
    expect(read?.byKey.size).toBe(6)
    // Not the school's to read, asked for in the second statement: blanked there.
    expect(read?.detailed.find((e) => idOf(e) === 'SECRET-PLAN')).toEqual({ visible: false, id: 'SECRET-PLAN', date: '2020-02-02', agency: 'health_visiting', restricted: true })
    expect(JSON.stringify(read)).not.toContain(CANARY)
    // Its own agency reads it in full.
    const own = await page('health_visiting', 'F-LARGE', (outline) => outline.events.filter((e) => e.id === 'SECRET').map((e) => e.key))
    expect(JSON.stringify(own?.detailed)).toContain(CANARY)
  })

  it('keeps what the filter keeps, as read from the whole record, for every reader, whole or in outline', async () => {
    const filters: EventFilter[] = [
      {}, { child: 'C1' }, { child: 'C2' }, { child: 'M' }, { type: 'visit' }, { type: 'assessment' }, { agency: 'health_visiting' },
      { from: '2020-02-01', to: '2020-03-01' }, { child: 'C2', agency: 'childrens_social_care', from: '2020-01-01' }, { from: '2021-01-01', to: '2021-03-31' },
    ]
    for (const agency of ['school', 'health_visiting']) {
      for (const ref of [doc.family.ref, 'F-LARGE']) {
        const user = buildUser(agency)
        const whole = await loadFamilyRecord(store.db, user, (await findVisibleFamily(store.db, user, now, ref))!)
        for (const filter of filters) {
          const read = await page(agency, ref, () => [], filter)
          expect(read?.outline.events.filter((e) => e.kept).map((e) => e.id), `${agency} ${ref} ${JSON.stringify(filter)}`).toEqual(keptIds(whole, filter))
        }
      }
    }
    // The filters told the events apart.
    const user = buildUser('school')
    const large = await loadFamilyRecord(store.db, user, (await findVisibleFamily(store.db, user, now, 'F-LARGE'))!)
    expect(new Set(filters.map((f) => keptIds(large, f).length)).size).toBeGreaterThan(5)
  })

  it('takes the two-statement way for any family when told to, with the same result', async () => {
    const one = await page('school', doc.family.ref, (outline) => outline.events.map((e) => e.key))
    const two = await page('school', doc.family.ref, (outline) => outline.events.map((e) => e.key), {}, 0)
    expect(two).toEqual(one)
  })

  it('reads a family whole up to the limit, and in outline from one event over it', async () => {
    const asks = async (wholeUpTo: number) => {
      let asked = 0
      await page('school', doc.family.ref, () => { asked++; return [] }, {}, wholeUpTo)
      return asked
    }
    expect(doc.events).toHaveLength(5)
    expect(await asks(5)).toBe(0)
    expect(await asks(4)).toBe(1)
  })

  it('writes nothing, asks nothing and reads nothing for a family the reader may not see', async () => {
    const before = await countAuditRows(store.db)
    let asked = 0
    expect(await page('housing', 'F-LARGE', () => { asked++; return [] })).toBeUndefined()
    expect(await page('school', 'F-NONE', () => { asked++; return [] })).toBeUndefined()
    expect(asked).toBe(0)
    expect(await countAuditRows(store.db)).toBe(before)
  })

  it('reads nothing more once the family is no longer the reader\'s to see between its two statements', async () => {
    const family = await store.db.selectFrom('families').select('id').where('ref', '=', 'F-LARGE').executeTakeFirstOrThrow()
    // The school's access is by its records in the family: gone with them.
    const read = await page('school', 'F-LARGE', async (outline) => {
      await store.db.deleteFrom('events').where('family_id', '=', family.id).where('agency', '=', 'school').execute()
      return outline.events.map((e) => e.key)
    })
    expect(read).toBeUndefined()
  })
})
