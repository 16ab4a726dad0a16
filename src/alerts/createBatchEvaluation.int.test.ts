import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FORMAT } from '../exchange/schema.ts'
import type { FamilyDocument } from '../exchange/schema.ts'
import { DEFAULT_END, generateFamilies } from '../generator/generateFamilies.ts'
import type { Store } from '../store/createStore.ts'
import { importFile } from '../store/importFile.ts'
import { createTestStore } from '../store/testStore.ts'
import { evaluateFamily } from './evaluateFamily.ts'

let dir: string
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'throughline-batch-evaluation-')) })
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

function writeFile(name: string, docs: readonly FamilyDocument[]): string {
  const path = join(dir, name)
  writeFileSync(path, docs.map((d) => JSON.stringify(d)).join('\n') + '\n')
  return path
}

/** Every alert with its history, in an order independent of ids. */
async function alertsAndHistory(store: Store): Promise<unknown[]> {
  const alerts = await store.db.selectFrom('alerts as a').innerJoin('families as f', 'f.id', 'a.family_id')
    .select(['a.id', 'f.ref', 'a.rule', 'a.subject', 'a.key', 'a.first_fired', 'a.until', 'a.state', 'a.resolution', 'a.events', 'a.threshold'])
    .orderBy('f.ref').orderBy('a.rule').orderBy('a.subject').orderBy('a.key').orderBy('a.first_fired').execute()
  const history = await store.db.selectFrom('alert_history').select(['alert_id', 'action', 'actor', 'reason', 'events', 'as_of']).orderBy('id').execute()
  const evaluated = await store.db.selectFrom('families').select(['ref', 'evaluated_as_of']).orderBy('ref').execute()
  return [
    ...alerts.map(({ id, ...a }) => ({ ...a, history: history.filter((h) => h.alert_id === id).map(({ alert_id: _id, ...h }) => h) })),
    ...evaluated,
  ]
}

describe('evaluating an import in batches', () => {
  const generated = [...generateFamilies({ children: 40, seed: 'batch-evaluation' })].map((f) => f.doc)
  // The second file re-sends half the families with their later events withdrawn and one new family.
  const resent = generated.slice(0, Math.ceil(generated.length / 2)).map((d) => ({ ...d, events: d.events.slice(0, Math.floor(d.events.length * 0.7)) }))

  it('stores the same alerts and history as evaluating each family after the import, for new and re-sent families', async () => {
    const paths = [writeFile('first.jsonl', generated), writeFile('second.jsonl', resent)]
    const batched = await createTestStore()
    const oneByOne = await createTestStore()
    try {
      for (const path of paths) {
        const summary = await importFile(batched, path, { actor: 'test', source: 'gp', evaluate: { asOf: DEFAULT_END } })
        expect(summary.alerts?.raised).toBeGreaterThan(0)
        const plain = await importFile(oneByOne, path, { actor: 'test', source: 'gp' })
        for (const f of plain.families) await evaluateFamily(oneByOne, f.ref, { asOf: DEFAULT_END, full: true })
      }
      const expected = await alertsAndHistory(oneByOne)
      expect(expected.length).toBeGreaterThan(generated.length)
      expect(await alertsAndHistory(batched)).toEqual(expected)
    } finally {
      await batched.close()
      await oneByOne.close()
    }
  })

  it('says of a family it created what a later evaluation of the stored record says (no evidence updated for nothing)', async () => {
    // neglect-stasis names the scored domains in the order of the scores' keys, which jsonb does not keep.
    const assessment = (id: string, date: string) => ({
      id, type: 'assessment', date, agency: 'childrens_social_care', subjects: ['C1'], summary: 'Neglect tool', kind: 'neglect_tool', scores: { parenting: 4, home: 4 },
    })
    const doc = {
      format: FORMAT, family: { ref: 'STASIS' },
      people: [{ ref: 'C1', given_name: 'Ava', born: '2015-01-01', role: 'child' }],
      events: [assessment('A1', '2020-01-06'), assessment('A2', '2020-06-01')],
    }
    const store = await createTestStore()
    try {
      await importFile(store, writeFile('stasis.jsonl', [doc as unknown as FamilyDocument]), { actor: 'test', source: 'csc', evaluate: { asOf: '2021-01-01' } })
      const raised = await store.db.selectFrom('alerts').select(['id', 'threshold']).where('rule', '=', 'neglect-stasis').execute()
      expect(raised).toHaveLength(1)
      await evaluateFamily(store, 'STASIS', { asOf: '2021-01-01', full: true })
      const history = await store.db.selectFrom('alert_history').select('action').where('alert_id', '=', raised[0]!.id).orderBy('id').execute()
      expect(history.map((h) => h.action)).toEqual(['raised'])
    } finally {
      await store.close()
    }
  })

  it('stores no alert when the file is refused', async () => {
    const store = await createTestStore()
    try {
      const broken = writeFile('broken.jsonl', [...generated, { ...generated[0]!, family: { ref: 'BROKEN' }, events: [{ id: 'x' }] } as unknown as FamilyDocument])
      await expect(importFile(store, broken, { actor: 'test', source: 'gp', evaluate: { asOf: DEFAULT_END } })).rejects.toThrow()
      const alerts = await store.db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      expect(Number(alerts.n)).toBe(0)
    } finally {
      await store.close()
    }
  })
})
