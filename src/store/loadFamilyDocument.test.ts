import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ChronologyEvent, FamilyDocument } from '../exchange/schema.ts'
import { buildSeededFamilyDocument } from './buildSeededFamilies.ts'
import type { Store } from './createStore.ts'
import { importFamilies } from './importFile.ts'
import { loadFamilyDocument, storedFormOf } from './loadFamilyDocument.ts'
import { createTestStore } from './testStore.ts'

let store: Store
beforeEach(async () => { store = await createTestStore() })
afterEach(async () => { await store.close() })

/** A family whose record reads back differently from how it was sent, in every way we know of. */
function buildAwkwardFamily(): FamilyDocument {
  const doc = buildSeededFamilyDocument({ ref: 'F-AWKWARD', events: 12 })
  // jsonb keeps an object's keys shortest first, then bytewise; JavaScript puts integer-like keys first.
  doc.people[0]!.identifiers = { nhs_number: '9434765919', la: 'X1', '7': 'seven', b: 'bee' }
  const assessment = (id: string, date: string, scores: Record<string, number>): ChronologyEvent => ({
    id, type: 'assessment', date, agency: 'childrens_social_care', subjects: ['child1'], summary: `Neglect tool ${id}`,
    kind: 'neglect_tool', scores, restricted: true,
  })
  doc.events.push(
    assessment('N1', '2019-01-10', { parenting: 4, home: 4, 'a-b': 1, '10': 2, '2': 3 }),
    assessment('N2', '2019-06-10', { parenting: 5, home: 4, 'a-b': 1, '10': 2, '2': 3 }),
    // Two entries on one day, sent latest first: read back in the order sent.
    { id: 'S2', type: 'note', date: '2016-02-02', agency: 'childrens_social_care', subjects: ['child1'], summary: 'Second of the day', approximate: false },
    { id: 'S1', type: 'note', date: '2016-02-02', agency: 'childrens_social_care', subjects: ['child2'], summary: 'First sent \u00e9\u{1F600} "quoted" \\ back' },
  )
  // Sent twice: stored once.
  doc.relationships!.push({ from: 'mother', to: 'child1', type: 'mother' })
  return doc
}

describe('storedFormOf', () => {
  it('is exactly what loadFamilyDocument reads back for a family an import created from it (key order, event order, people, relationships)', async () => {
    const doc = buildAwkwardFamily()
    // The document as sent is not in the chronology's order, so the test can tell the two apart.
    expect(doc.events.map((e) => e.date)).not.toEqual([...doc.events.map((e) => e.date)].sort())
    await importFamilies(store, [doc], { file: 'made', source: 'program', actor: 'tester' })
    const read = await loadFamilyDocument(store, doc.family.ref)
    expect(read).not.toBeNull()
    expect(JSON.stringify(storedFormOf(doc))).toBe(JSON.stringify(read))
  })
})
