import { describe, expect, it } from 'vitest'
import type { Alert, AlertEpisode } from '../rules/types.ts'
import { reconcileAlerts, storedMatchesCurrent } from './reconcileAlerts.ts'
import type { StoredAlert } from './reconcileAlerts.ts'

const buildEpisode = (overrides: Partial<AlertEpisode> = {}): AlertEpisode => ({
  rule: 'was-not-brought', title: 't', advice: 'a', source: 's', subject: 'C1',
  events: ['E1', 'E2'], threshold: '2 in 6 months', first_fired: '2020-02-01', until: null, ...overrides,
})
const buildStored = (overrides: Partial<StoredAlert> = {}): StoredAlert => ({
  id: 1, rule: 'was-not-brought', subject: 'C1', key: '', first_fired: '2020-02-01', until: null,
  state: 'open', resolution: null, events: ['E1', 'E2'], threshold: '2 in 6 months', ...overrides,
})
const current = (e: AlertEpisode): Alert => ({ rule: e.rule, title: e.title, advice: e.advice, source: e.source, subject: e.subject, events: e.events, threshold: e.threshold })
const asOf = '2020-06-01'

describe('reconcileAlerts', () => {
  it('raises a new episode as open, with a raised history entry', () => {
    const ep = buildEpisode()
    const { inserts, updates } = reconcileAlerts({ stored: [], episodes: [ep], current: [current(ep)], asOf })
    expect(updates).toEqual([])
    expect(inserts).toHaveLength(1)
    expect(inserts[0]).toMatchObject({ state: 'open', resolution: null, first_fired: '2020-02-01', until: null })
    expect(inserts[0]?.history.map((h) => h.action)).toEqual(['raised'])
  })

  it('records a past episode that has already ended as resolved, condition gone', () => {
    const ep = buildEpisode({ until: '2020-03-01' })
    const { inserts } = reconcileAlerts({ stored: [], episodes: [ep], current: [], asOf })
    expect(inserts[0]).toMatchObject({ state: 'resolved', resolution: 'condition_gone', until: '2020-03-01' })
    expect(inserts[0]?.history.map((h) => h.action)).toEqual(['raised', 'condition_gone'])
  })

  it('changes nothing when the stored alert matches', () => {
    const ep = buildEpisode()
    expect(reconcileAlerts({ stored: [buildStored()], episodes: [ep], current: [current(ep)], asOf })).toEqual({ inserts: [], updates: [] })
  })

  it('resolves an alert whose condition has gone, keeping an acknowledged alert’s record', () => {
    const ep = buildEpisode({ until: '2020-05-01' })
    const { updates } = reconcileAlerts({ stored: [buildStored({ state: 'acknowledged' })], episodes: [ep], current: [], asOf })
    expect(updates).toEqual([{ id: 1, patch: { until: '2020-05-01', state: 'resolved', resolution: 'condition_gone' }, history: [expect.objectContaining({ action: 'condition_gone' })] }])
  })

  it('keeps a practitioner’s resolution while recording new evidence', () => {
    const ep = buildEpisode({ events: ['E1', 'E2', 'E3'] })
    const { updates } = reconcileAlerts({ stored: [buildStored({ state: 'resolved', resolution: 'closed_by_practitioner' })], episodes: [ep], current: [current(ep)], asOf })
    expect(updates).toEqual([{ id: 1, patch: { events: ['E1', 'E2', 'E3'], threshold: '2 in 6 months' }, history: [expect.objectContaining({ action: 'evidence_updated', events: ['E1', 'E2', 'E3'] })] }])
  })

  it('takes the latest evidence from the evaluation as of today', () => {
    const ep = buildEpisode()
    const today = { ...current(ep), events: ['E2', 'E5'] }
    const { updates } = reconcileAlerts({ stored: [buildStored()], episodes: [ep], current: [today], asOf })
    expect(updates[0]?.patch.events).toEqual(['E2', 'E5'])
  })

  it('corrects the first fired date of an overlapping episode instead of raising a second alert', () => {
    const ep = buildEpisode({ first_fired: '2020-01-15' })
    const { inserts, updates } = reconcileAlerts({ stored: [buildStored()], episodes: [ep], current: [current(ep)], asOf })
    expect(inserts).toEqual([])
    expect(updates[0]?.patch).toEqual({ first_fired: '2020-01-15' })
  })

  it('never deletes: an alert the chronology no longer supports is resolved as such', () => {
    const { inserts, updates } = reconcileAlerts({ stored: [buildStored()], episodes: [], current: [], asOf })
    expect(inserts).toEqual([])
    expect(updates).toEqual([{ id: 1, patch: { state: 'resolved', resolution: 'no_longer_supported', until: asOf }, history: [expect.objectContaining({ action: 'no_longer_supported' })] }])
  })

  it('reopens an alert whose condition returns', () => {
    const ep = buildEpisode()
    const { updates } = reconcileAlerts({ stored: [buildStored({ until: '2020-03-01', state: 'resolved', resolution: 'condition_gone' })], episodes: [ep], current: [current(ep)], asOf })
    expect(updates[0]?.patch).toEqual({ until: null, state: 'open', resolution: null })
  })

  it('tells apart two alerts of one rule and subject by key', () => {
    const a = buildEpisode({ rule: 'escalation-unresolved', key: 'E1' })
    const b = buildEpisode({ rule: 'escalation-unresolved', key: 'E7' })
    const { inserts } = reconcileAlerts({ stored: [buildStored({ rule: 'escalation-unresolved', key: 'E1' })], episodes: [a, b], current: [current(a), current(b)], asOf })
    expect(inserts.map((i) => i.key)).toEqual(['E7'])
  })
})

describe('storedMatchesCurrent', () => {
  it('is true only for the same alerts with the same evidence', () => {
    const ep = buildEpisode()
    expect(storedMatchesCurrent([buildStored()], [current(ep)])).toBe(true)
    expect(storedMatchesCurrent([buildStored()], [])).toBe(false)
    expect(storedMatchesCurrent([buildStored()], [{ ...current(ep), events: ['E1'] }])).toBe(false)
    expect(storedMatchesCurrent([buildStored({ until: '2020-03-01', state: 'resolved' })], [])).toBe(true)
  })
})
