import { describe, expect, it } from 'vitest'
import { addDays } from '../rules/calendar.ts'
import { buildChild, buildEvent, buildFamilyRecord, outlineOf } from './charts/testing.ts'
import { CHRONOLOGY_PAGE_SIZE } from './familyPageModel.ts'
import { planFamilyPage } from './familyPagePlan.ts'

describe('planFamilyPage', () => {
  // 600 notes, one a day from 2020-01-01 to 2021-08-22: e000 ... e599.
  const record = buildFamilyRecord({
    people: [buildChild('C1'), buildChild('C2')],
    events: Array.from({ length: 600 }, (_, i) => buildEvent('note', {
      id: `e${String(i).padStart(3, '0')}`, date: addDays('2020-01-01', i), subjects: [i % 2 === 0 ? 'C1' : 'C2'],
    })),
  })
  const outline = { ...outlineOf(record), evaluatedAsOf: '2021-08-22' }
  const idsOf = (keys: readonly number[]) => [...new Set(keys)].sort((a, b) => a - b).map((k) => outline.events[k]?.id)
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `e${String(from + i).padStart(3, '0')}`)

  it('details the chronology page shown and the events in the timeline span, nothing else', () => {
    const plan = planFamilyPage(outline, { page: 1, zoom: '6w', today: '2030-01-01' })
    expect(plan.timeline.current).toMatchObject({ id: '6w', from: '2021-07-11', to: '2021-08-22' })
    expect(plan.chronology.entries.map((e) => e.id)).toEqual(range(0, 49))
    expect(idsOf(plan.detail)).toEqual([...range(0, 49), ...range(557, 599)])
  })

  it('opens at the latest page and the span that holds at most the opening records, as of the evaluation', () => {
    // Kept as the store keeps them for a filter by C1.
    const c1 = { ...outline, events: outline.events.map((e, i) => ({ ...e, kept: i % 2 === 0 })) }
    const plan = planFamilyPage(c1, { zoom: undefined, today: '2030-01-01' })
    expect(plan.chronology.entries).toHaveLength(CHRONOLOGY_PAGE_SIZE)
    expect(plan.chronology.entries.at(-1)?.id).toBe('e598')
    // 600 records in the last two years are too many to open on; the last six months hold 182.
    expect(plan.timeline.current).toMatchObject({ id: '6m', from: '2021-02-22', to: '2021-08-22' })
    expect(idsOf(plan.detail)).toEqual(range(418, 599))
  })

  it('has nothing to detail without events', () => {
    const plan = planFamilyPage({ ...outline, events: [] }, { zoom: undefined, today: '2030-01-01' })
    expect([plan.detail, plan.timeline.drawn, plan.timeline.current?.id, plan.chronology.total]).toEqual([[], false, 'all', 0])
  })
})
