import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ChronologyEvent } from '../exchange/schema.ts'
import { buildChild, buildEvent, buildFamily } from '../rules/testing.ts'
import { alertHistory, familyAlerts, familyIdByRef, setAlertState } from '../store/alertQueries.ts'
import type { Store } from '../store/createStore.ts'
import { importFile } from '../store/importFile.ts'
import { createTestStore } from '../store/testStore.ts'
import { evaluateAll, evaluateFamily } from './evaluateFamily.ts'

let dir: string
let store: Store
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'throughline-alerts-')) })
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })
beforeEach(async () => { store = await createTestStore() })
afterEach(async () => { await store.close() })

const missed = (id: string, date: string) => buildEvent('appointment', { id, date, agency: 'gp', status: 'was_not_brought' })

async function load(events: ChronologyEvent[], ref = 'F1'): Promise<number> {
  const path = join(dir, `${ref}.json`)
  writeFileSync(path, JSON.stringify(buildFamily({ ref, people: [buildChild('C1', { born: '2015-01-01' })], events })))
  await importFile(store, path, { actor: 'test', source: 'gp' })
  const id = await familyIdByRef(store.db, ref)
  if (id === undefined) throw new Error('not imported')
  return id
}

describe('evaluateFamily', () => {
  it('raises an alert with its first fired date, evidence and history, once', async () => {
    const id = await load([missed('E1', '2020-01-10'), missed('E2', '2020-03-02')])
    await evaluateFamily(store, 'F1', { asOf: '2020-06-01', full: true })
    await evaluateFamily(store, 'F1', { asOf: '2020-06-01', full: true })
    const alerts = await familyAlerts(store.db, id)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ rule: 'was-not-brought', subject: 'C1', first_fired: '2020-03-02', until: null, state: 'open', events: ['E1', 'E2'] })
    const history = await alertHistory(store.db, alerts[0]?.id ?? 0)
    expect(history.map((h) => h.action)).toEqual(['raised'])
  })

  it('keeps an acknowledgement and records corrected evidence after a re-import', async () => {
    const id = await load([missed('E1', '2020-01-10'), missed('E2', '2020-03-02')])
    await evaluateFamily(store, 'F1', { asOf: '2020-06-01', full: true })
    const [alert] = await familyAlerts(store.db, id)
    if (alert === undefined) throw new Error('no alert')
    await setAlertState(store.db, alert.id, { state: 'acknowledged', resolution: null, action: 'acknowledged', actor: 'sw1', reason: 'Discussed with GP' })
    // The GP corrects E1's date: the pattern now first holds with E3.
    await load([missed('E1', '2019-01-10'), missed('E2', '2020-03-02'), missed('E3', '2020-04-01')])
    await evaluateFamily(store, 'F1', { asOf: '2020-06-01', full: true })
    const alerts = await familyAlerts(store.db, id)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ id: alert.id, state: 'acknowledged', first_fired: '2020-04-01', events: ['E2', 'E3'] })
    const history = await alertHistory(store.db, alert.id)
    expect(history.map((h) => [h.action, h.actor])).toEqual([
      ['raised', 'system'], ['acknowledged', 'sw1'], ['first_fired_corrected', 'system'], ['evidence_updated', 'system'],
    ])
  })

  it('resolves, never deletes, an alert whose records were withdrawn', async () => {
    const id = await load([missed('E1', '2020-01-10'), missed('E2', '2020-03-02')])
    await evaluateFamily(store, 'F1', { asOf: '2020-06-01', full: true })
    await load([missed('E1', '2020-01-10')])
    await evaluateFamily(store, 'F1', { asOf: '2020-06-01', full: true })
    const alerts = await familyAlerts(store.db, id)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ state: 'resolved', resolution: 'no_longer_supported', until: '2020-06-01' })
  })

  it('fires time-based rules on the nightly run with no new records', async () => {
    const plan = buildEvent('plan', { id: 'P1', date: '2020-01-06', agency: 'childrens_social_care', plan: 'child_protection', change: 'start', category: 'neglect' })
    const id = await load([plan])
    await evaluateAll(store, { asOf: '2020-01-06' })
    const before = (await familyAlerts(store.db, id)).filter((a) => a.rule === 'long-protection-plan')
    expect(before).toEqual([])
    const totals = await evaluateAll(store, { asOf: '2021-01-06' })
    expect(totals.families).toBe(1)
    const after = (await familyAlerts(store.db, id)).filter((a) => a.rule === 'long-protection-plan')
    expect(after).toEqual([expect.objectContaining({ subject: 'C1', first_fired: '2021-01-06', state: 'open' })])
  })

  it('skips the replay on the nightly run when nothing changed', async () => {
    await load([missed('E1', '2020-01-10'), missed('E2', '2020-03-02')])
    await evaluateFamily(store, 'F1', { asOf: '2020-06-01', full: true })
    const r = await evaluateFamily(store, 'F1', { asOf: '2020-06-01' })
    expect(r.replayed).toBe(false)
  })
})
