import { describe, expect, it } from 'vitest'
import { addDays } from '../rules/calendar.ts'
import type { FamilyRecord } from '../access/caseRepository.ts'
import { familyCharts, MAX_OPENING_RECORDS, timelineSpan } from './charts.ts'
import type { ZoomId } from './charts.ts'
import { buildEvent, buildExampleFamilyRecord } from './charts/testing.ts'

describe('familyCharts zoom', () => {
  const charts = (record: FamilyRecord, options: { asOf: string; zoom: ZoomId | undefined; familyRef: string }) =>
    familyCharts(record, timelineSpan(record.events.map((e) => (e.visible ? e.event.date : e.date)), options), options)
  const current = (zoom: ZoomId | undefined, asOf: string) =>
    charts(buildExampleFamilyRecord(), { asOf, zoom, familyRef: 'F1' }).zoomLevels.find((z) => z.current)?.id

  it('opens a long history at the last two years, the whole history one link away', () => {
    expect(current(undefined, '2024-06-01')).toBe('2y')
    expect(current('all', '2024-06-01')).toBe('all')
    const links = charts(buildExampleFamilyRecord(), { asOf: '2024-06-01', zoom: undefined, familyRef: 'F1' }).zoomLevels
    expect(links.find((z) => z.id === 'all')?.href).toBe('/families/F1?zoom=all#timeline')
  })

  it('opens a short history whole, where the last two years are not offered', () => {
    const record = buildExampleFamilyRecord({ events: [buildEvent('note', { date: '2024-01-10', subjects: ['C1'] })] })
    const shown = charts(record, { asOf: '2024-06-01', zoom: undefined, familyRef: 'F1' })
    expect(shown.zoomLevels.map((z) => z.id)).not.toContain('2y')
    expect(shown.zoomLevels.find((z) => z.current)?.id).toBe('all')
  })

  it('opens a dense history at the longest span holding at most MAX_OPENING_RECORDS records, the shortest when none does', () => {
    const daily = (days: number, perDay: number) => buildExampleFamilyRecord({
      events: [buildEvent('note', { date: '2019-01-10', subjects: ['C1'] }), ...Array.from({ length: days * perDay }, (_, i) =>
        buildEvent('note', { date: addDays('2024-06-01', -Math.floor(i / perDay)), subjects: ['C1'] }))],
    })
    const opening = (record: ReturnType<typeof daily>) => charts(record, { asOf: '2024-06-01', zoom: undefined, familyRef: 'F1' }).zoomLevels.find((z) => z.current)?.id
    expect(opening(daily(MAX_OPENING_RECORDS, 1))).toBe('2y')
    expect(opening(daily(MAX_OPENING_RECORDS + 1, 1))).toBe('6m')
    expect(opening(daily(150, 2))).toBe('3m')
    expect(opening(daily(60, 10))).toBe('6w')
  })
})

