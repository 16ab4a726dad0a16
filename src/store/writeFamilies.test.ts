import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FORMAT, MAX_TEXT } from '../exchange/schema.ts'
import type { ChronologyEvent, FamilyDocument } from '../exchange/schema.ts'
import { buildSeededFamilyDocument } from './buildSeededFamilies.ts'
import type { Store } from './createStore.ts'
import { importFamilies } from './importFile.ts'
import { loadFamilyDocument } from './loadFamilyDocument.ts'
import { createTestStore } from './testStore.ts'
import { jsonArrays, wellFormed } from './writeFamilies.ts'

describe('jsonArrays', () => {
  it('splits rows into JSON arrays by count and by length, each row whole and once, in order', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ n: i, text: 'x'.repeat(i) }))
    const byCount = [...jsonArrays(rows, 4, 1_000_000)]
    expect(byCount.map((a) => (JSON.parse(a) as unknown[]).length)).toEqual([4, 4, 2])
    const byLength = [...jsonArrays(rows, 100, 60)]
    expect(byLength.every((a) => a.length <= 60 || (JSON.parse(a) as unknown[]).length === 1)).toBe(true)
    expect(byLength.length).toBeGreaterThan(2)
    for (const arrays of [byCount, byLength]) expect(arrays.flatMap((a) => JSON.parse(a) as unknown[])).toEqual(rows)
    // A row longer than the limit on its own still goes, alone.
    expect([...jsonArrays([{ long: 'y'.repeat(100) }, { n: 1 }], 100, 10)].map((a) => JSON.parse(a) as unknown[])).toEqual([[{ long: 'y'.repeat(100) }], [{ n: 1 }]])
    expect([...jsonArrays([], 10, 10)]).toEqual([])
  })
})

describe('wellFormed', () => {
  it('turns half of a UTF-16 pair into U+FFFD, and leaves whole pairs and a spelt-out backslash-u as they are', () => {
    const cut = JSON.stringify({ a: 'cut \ud83d', b: '\ude00 end', c: '😀', d: '\\ud83d spelt out', e: '\\\ud83d' })
    expect(JSON.parse(wellFormed(cut))).toEqual({ a: 'cut \ufffd', b: '\ufffd end', c: '😀', d: '\\ud83d spelt out', e: '\\\ufffd' })
    const plain = JSON.stringify({ a: 'no escapes here', b: 'line\nbreak' })
    expect(wellFormed(plain)).toBe(plain)
  })
})

describe('writeFamilies', () => {
  let store: Store
  beforeEach(async () => { store = await createTestStore() })
  afterEach(async () => { await store.close() })

  it('stores text exactly as sent: quotes, backslashes, escapes, line breaks, any script, emoji, text at the longest allowed', async () => {
    const awkward = [
      'She said "no" \\ then left', 'C:\\Users\\n\\t', 'line one\nline two\ttabbed', 'Ysgol Gymraeg — ŵ ŷ', '学校 😀\u200d👍',
      '{"looks": "like json"}', 'NULL', '\\u0000 spelt out', '\\ud83d spelt out', `${'é'.repeat(MAX_TEXT - 1)}x`,
    ]
    const events: ChronologyEvent[] = awkward.map((summary, i) => ({
      id: `T${i}`, type: 'note', date: '2022-01-01', agency: 'school', subjects: ['child1', 'child2'], summary,
      significance: summary, action: summary, outcome: summary,
    }))
    const doc: FamilyDocument = { ...buildSeededFamilyDocument({ ref: 'F-TEXT', events: 0 }), format: FORMAT, events }
    await importFamilies(store, [doc], { file: 'made', source: 'school', actor: 'tester' })
    const read = await loadFamilyDocument(store, 'F-TEXT')
    expect(read?.events).toEqual(events)
  })

  it('stores half of a UTF-16 pair as U+FFFD rather than refusing the file', async () => {
    const doc = buildSeededFamilyDocument({ ref: 'F-CUT', events: 1 })
    doc.events[0]!.summary = 'cut emoji \ud83d'
    await importFamilies(store, [doc], { file: 'made', source: 'school', actor: 'tester' })
    const read = await loadFamilyDocument(store, 'F-CUT')
    expect(read?.events[0]?.summary).toBe('cut emoji \ufffd')
  })
})
