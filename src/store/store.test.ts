import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildSeededFamilyDocument } from './buildSeededFamilies.ts'
import type { Store } from './createStore.ts'
import { listFamilies, loadFamilyDocument } from './loadFamilyDocument.ts'
import { migrate, readMigrations } from './migrate.ts'
import { createTestStore } from './testStore.ts'
import { writeFamilies, writeFamily } from './writeFamilies.ts'
import type { Provenance } from './writeFamilies.ts'

let store: Store
beforeEach(async () => { store = await createTestStore() })
afterEach(async () => { await store.close() })

async function provenance(source: string, actor = 'tester'): Promise<Provenance> {
  const s = await store.db.insertInto('sources').values({ name: source })
    .onConflict((oc) => oc.column('name').doUpdateSet({ name: source })).returning('id').executeTakeFirstOrThrow()
  const i = await store.db.insertInto('imports').values({ source_id: s.id, file_name: `${source}.json`, imported_by: actor })
    .returning(['id', 'imported_at']).executeTakeFirstOrThrow()
  return { sourceId: s.id, importId: i.id, importedAt: i.imported_at, importedBy: actor }
}

describe('store', () => {
  it('records every migration once, and a second run applies nothing', async () => {
    const versions = (await store.db.selectFrom('schema_migrations').select('version').orderBy('version').execute()).map((r) => r.version)
    expect(versions).toEqual(readMigrations().map((m) => m.version))
    expect(await migrate(store.db)).toEqual([])
  })

  it('writes a family and reads it back unchanged', async () => {
    const doc = buildSeededFamilyDocument({ events: 12 })
    const summary = await writeFamily(store.db, doc, await provenance('csc'))
    expect(summary).toMatchObject({ ref: 'F-TEST', status: 'created', eventsAdded: 12, eventsUpdated: 0, eventsRemoved: 0 })
    const back = await loadFamilyDocument(store, 'F-TEST')
    expect(back).not.toBeNull()
    const byId = (d: typeof doc) => [...d.events].sort((a, b) => a.id.localeCompare(b.id))
    expect(byId(back!)).toEqual(byId(doc))
    expect(back!.people).toEqual(doc.people)
    expect(back!.relationships).toEqual(doc.relationships)
    expect(back!.family).toEqual(doc.family)
  })

  it('orders the merged events by placed date', async () => {
    await writeFamily(store.db, buildSeededFamilyDocument({ events: 20 }), await provenance('csc'))
    const back = await loadFamilyDocument(store, 'F-TEST')
    const rows = await store.db.selectFrom('events').select(['event_id', 'placed_date']).execute()
    const placed = new Map(rows.map((r) => [r.event_id, r.placed_date]))
    const dates = back!.events.map((e) => placed.get(e.id)!)
    expect(dates).toEqual([...dates].sort())
    expect(typeof dates[0]).toBe('string')
  })

  it('re-sending a family from one source adds, updates, keeps and removes events', async () => {
    await writeFamily(store.db, buildSeededFamilyDocument({ events: 10, seed: 1 }), await provenance('csc'))
    const v2 = buildSeededFamilyDocument({ events: 10, seed: 1 })
    v2.events = v2.events.slice(2) // E1, E2 removed
    v2.events[0] = { ...v2.events[0]!, summary: 'Changed' }
    v2.events.push({ id: 'NEW', type: 'note', date: '2020-01-01', agency: 'school', subjects: ['child1'], summary: 'New' })
    const summary = await writeFamily(store.db, v2, await provenance('csc'))
    expect(summary).toEqual({ ref: 'F-TEST', status: 'updated', eventsAdded: 1, eventsUpdated: 1, eventsUnchanged: 7, eventsRemoved: 2 })
    const back = await loadFamilyDocument(store, 'F-TEST')
    expect(back!.events.map((e) => e.id).sort()).toEqual(v2.events.map((e) => e.id).sort())
  })

  it('keeps other sources’ events and people, and qualifies a clashing event id', async () => {
    await writeFamily(store.db, buildSeededFamilyDocument({ events: 4 }), await provenance('csc'))
    const police = buildSeededFamilyDocument({ events: 2, agency: 'police' })
    police.people = [{ ref: 'mother', given_name: 'Anne', role: 'adult' }]
    police.relationships = []
    police.events = police.events.map((e) => ({ ...e, subjects: ['mother'] }))
    police.events.push({ id: 'ESC', type: 'escalation', date: '2021-01-01', agency: 'police', subjects: ['mother'], summary: 'Resolved', raised_by: 'police', refers_to: 'E1', status: 'resolved' })
    await writeFamily(store.db, police, await provenance('police'))
    const back = await loadFamilyDocument(store, 'F-TEST')
    expect(back!.events).toHaveLength(7)
    expect(back!.events.map((e) => e.id).sort()).toEqual(['E1', 'E2', 'E3', 'E4', 'ESC', 'police:E1', 'police:E2'])
    const esc = back!.events.find((e) => e.id === 'ESC')
    expect(esc).toMatchObject({ refers_to: 'police:E1' })
    // The mother is still known by every field either sender recorded.
    expect(back!.people.find((p) => p.ref === 'mother')).toMatchObject({ given_name: 'Anne', family_name: 'Test', born: '1990-03-04' })
    expect(back!.people).toHaveLength(3)
    const listing = await listFamilies(store)
    expect(listing).toEqual([expect.objectContaining({ ref: 'F-TEST', events: 7, people: 3, sources: ['csc', 'police'] })])
  })

  it('writes several families at once, removing each one’s own missing events only', async () => {
    const prov = await provenance('csc')
    await writeFamilies(store.db, [buildSeededFamilyDocument({ ref: 'A', events: 5 }), buildSeededFamilyDocument({ ref: 'B', events: 3 })], prov)
    const again = await writeFamilies(store.db, [buildSeededFamilyDocument({ ref: 'A', events: 2 }), buildSeededFamilyDocument({ ref: 'B', events: 3 }), buildSeededFamilyDocument({ ref: 'C', events: 1 })], await provenance('csc'))
    expect(again).toEqual([
      { ref: 'A', status: 'updated', eventsAdded: 0, eventsUpdated: 0, eventsUnchanged: 2, eventsRemoved: 3 },
      { ref: 'B', status: 'updated', eventsAdded: 0, eventsUpdated: 0, eventsUnchanged: 3, eventsRemoved: 0 },
      { ref: 'C', status: 'created', eventsAdded: 1, eventsUpdated: 0, eventsUnchanged: 0, eventsRemoved: 0 },
    ])
    expect((await loadFamilyDocument(store, 'A'))!.events.map((e) => e.id).sort()).toEqual(['E1', 'E2'])
    expect((await loadFamilyDocument(store, 'B'))!.events).toHaveLength(3)
  })

  it('returns null for a family it does not hold', async () => {
    expect(await loadFamilyDocument(store, 'nobody')).toBeNull()
  })
})
