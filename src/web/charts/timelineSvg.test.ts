import { describe, expect, it } from 'vitest'
import type { FamilyRecord } from '../../access/caseRepository.ts'
import { buildEvent, buildExampleFamilyRecord, buildFamilyRecord, HOSTILE_TEXT, occurrences, RESTRICTED_CANARY, svgProblem } from './testing.ts'
import { glyphKindOf, renderTimelineSvg, zoomLevels } from './timelineSvg.ts'
import { ticksFor } from './timelineScale.ts'

const asOf = '2020-06-30'
const whole = { from: '2020-01-01', to: asOf, asOf }

describe('renderTimelineSvg', () => {
  it('is well-formed, accessible SVG', () => {
    const svg = renderTimelineSvg(buildExampleFamilyRecord(), whole)
    expect(svgProblem(svg)).toBeNull()
    expect(svg).toMatch(/^<svg [^>]*role="group"[^>]*aria-labelledby="timeline-title"/)
    expect(svg).toContain('<title id="timeline-title">')
    expect(svg).toContain('<desc id="timeline-desc">')
  })

  it('escapes hostile text and shows nothing of restricted records', () => {
    const svg = renderTimelineSvg(buildExampleFamilyRecord(), whole)
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('&lt;script&gt;')
    expect(svg).not.toContain(RESTRICTED_CANARY)
    expect(HOSTILE_TEXT).toContain('<script>')
  })

  it('draws one mark per event per lane, each kind with its own glyph', () => {
    const svg = renderTimelineSvg(buildExampleFamilyRecord(), whole)
    const kinds = (kind: string) => occurrences(svg, `data-kind="${kind}"`)
    expect(kinds('missed')).toBe(2)
    // The police incident is drawn in both children's lanes, the injury in Ben's.
    expect(kinds('incident')).toBe(3)
    expect(kinds('seen')).toBe(1)
    expect(kinds('visit')).toBe(1)
    expect(kinds('voice')).toBe(1)
    expect(kinds('restricted')).toBe(1)
    // Plan, attended appointment, probation record, pregnancy.
    expect(kinds('event')).toBe(4)
    expect(occurrences(svg, 'href="#event-')).toBe(13)
  })

  it('draws a lane per child, the unborn child and the adults, with plan bands and open alerts only', () => {
    const svg = renderTimelineSvg(buildExampleFamilyRecord(), whole)
    for (const lane of ['C1', 'C2', 'U1', '__family']) expect(svg).toContain(`class="tl-lane" data-lane="${lane}"`)
    expect(svg).toContain('Unborn, due 1 Sep 2020')
    expect(occurrences(svg, 'data-plan="child_protection"')).toBe(1)
    expect(occurrences(svg, 'class="tl-alert"')).toBe(1)
  })

  it('leaves out events outside the span and links through linkEvent', () => {
    const svg = renderTimelineSvg(buildExampleFamilyRecord(), { from: '2020-03-01', to: '2020-03-31', asOf, linkEvent: (id) => `/f/F1/chronology?x=1&y=2#event-${id}` })
    expect(occurrences(svg, 'class="tl-mark"')).toBe(4)
    expect(svg).toContain('href="/f/F1/chronology?x=1&amp;y=2#event-E4"')
    expect(svgProblem(svg)).toBeNull()
  })

  it('keeps links out of the tab order unless asked', () => {
    expect(renderTimelineSvg(buildExampleFamilyRecord(), whole)).toContain('tabindex="-1"')
    expect(renderTimelineSvg(buildExampleFamilyRecord(), { ...whole, keyboardLinks: true })).not.toContain('tabindex')
  })

  it('renders an empty family', () => {
    const svg = renderTimelineSvg(buildFamilyRecord(), whole)
    expect(svgProblem(svg)).toBeNull()
    expect(occurrences(svg, 'class="tl-mark"')).toBe(0)
  })

  it('renders 2,000 events as one well-formed document', () => {
    const events = Array.from({ length: 2000 }, (_, i) =>
      buildEvent('note', { date: `20${String(10 + (i % 10))}-0${1 + (i % 9)}-1${i % 10}`, summary: `Note ${i}` }))
    const svg = renderTimelineSvg(buildFamilyRecord({ events }), { from: '2010-01-01', to: '2020-12-31', asOf: '2020-12-31' })
    expect(occurrences(svg, 'class="tl-mark"')).toBe(2000)
    expect(svgProblem(svg)).toBeNull()
  })
})

describe('glyphKindOf', () => {
  it('marks a visit as seen only in the lane of a child seen', () => {
    const visit = buildFamilyRecord({ events: [buildEvent('visit', { subjects: ['C1'], child_seen: ['C1'] })] }).events[0]
    if (!visit) throw new Error('fixture')
    expect(glyphKindOf(visit, 'C1')).toBe('seen')
    expect(glyphKindOf(visit, 'C2')).toBe('visit')
    expect(glyphKindOf(visit)).toBe('visit')
  })
})

describe('zoomLevels', () => {
  const datesOf = (r: FamilyRecord) => r.events.map((e) => (e.visible ? e.event.date : e.date))

  it('offers the whole history and the shorter spans, all ending on asOf', () => {
    const levels = zoomLevels(datesOf(buildExampleFamilyRecord()), '2022-01-15')
    expect(levels.map((l) => [l.id, l.from, l.to])).toEqual([
      ['all', '2020-01-01', '2022-01-15'],
      ['6m', '2021-07-15', '2022-01-15'],
      ['3m', '2021-10-15', '2022-01-15'],
      ['6w', '2021-12-04', '2022-01-15'],
    ])
  })

  it('includes restricted records in the history and falls back to a year without events', () => {
    const record = buildFamilyRecord({ events: [buildEvent('note', { date: '2016-03', restricted: true })] })
    expect(zoomLevels(datesOf(record), '2020-01-01')[0]).toEqual({ id: 'all', label: 'Whole history', from: '2016-03-01', to: '2020-01-01' })
    expect(zoomLevels(datesOf(record), '2020-01-01').map((l) => l.id)).toEqual(['all', '2y', '6m', '3m', '6w'])
    expect(zoomLevels(datesOf(buildFamilyRecord()), '2020-01-01')).toEqual([
      { id: 'all', label: 'Whole history', from: '2019-01-01', to: '2020-01-01' },
      { id: '6m', label: 'Last 6 months', from: '2019-07-01', to: '2020-01-01' },
      { id: '3m', label: 'Last 3 months', from: '2019-10-01', to: '2020-01-01' },
      { id: '6w', label: 'Last 6 weeks', from: '2019-11-20', to: '2020-01-01' },
    ])
  })
})

describe('ticksFor', () => {
  it('uses years over long spans, months over months and Mondays over weeks', () => {
    expect(ticksFor('2010-05-01', '2020-06-30', 800)).toMatchObject({ unit: 'year' })
    expect(ticksFor('2010-05-01', '2020-06-30', 800).ticks[0]?.date).toBe('2011-01-01')
    const months = ticksFor('2020-01-15', '2020-12-31', 800)
    expect(months.unit).toBe('month')
    expect(months.ticks.map((t) => t.label).slice(0, 2)).toEqual(['Feb 2020', 'Mar'])
    const weeks = ticksFor('2020-03-01', '2020-04-12', 800)
    expect(weeks.unit).toBe('week')
    expect(weeks.ticks.map((t) => t.date)).toEqual(['2020-03-02', '2020-03-09', '2020-03-16', '2020-03-23', '2020-03-30', '2020-04-06'])
    expect(weeks.ticks[0]?.label).toBe('2 Mar 2020')
  })
})
