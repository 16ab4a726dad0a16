import { describe, expect, it } from 'vitest'
import { renderAppointmentsSvg } from './appointmentsSvg.ts'
import { renderAttendanceChartSvg } from './attendanceChartSvg.ts'
import { childLivedExperience } from './childLivedExperience.ts'
import { contrastRatio, ALERT_COLOUR } from './palette.ts'
import { renderRelationshipSvg } from './relationshipSvg.ts'
import { renderScoresChartSvg } from './scoresChartSvg.ts'
import { buildEvent, buildExampleFamilyRecord, buildFamilyRecord, HOSTILE_TEXT, occurrences, svgProblem } from './testing.ts'

const asOf = '2020-06-30'

function scoredFamily() {
  return buildFamilyRecord({
    events: [
      buildEvent('assessment', { date: '2020-01-05', kind: 'neglect_tool', tool: 'gcp2', scores: { physical_care: 4, safety: 2 } }),
      buildEvent('assessment', { date: '2020-05', kind: 'neglect_tool', tool: 'gcp2', scores: { physical_care: 5, safety: 3 } }),
      buildEvent('attendance', { date: '2019-12-20', period_end: '2019-12-20', attendance_pct: 95 }),
      buildEvent('attendance', { date: '2020-04-01', period_end: '2020-04-01', attendance_pct: 82.5, lates: 6 }),
      buildEvent('appointment', { date: '2020-02-01', service: 'dental', status: 'was_not_brought' }),
      buildEvent('appointment', { date: '2020-03-01', service: 'gp', status: 'attended' }),
    ],
  })
}

describe('renderScoresChartSvg', () => {
  it('draws a panel per domain with the band of concern, and lists every score in its description', () => {
    const view = childLivedExperience(scoredFamily(), 'C1', asOf)
    const svg = renderScoresChartSvg(view.neglectScores, { title: 'Neglect scores for C1' })
    expect(svgProblem(svg)).toBeNull()
    expect(svg).toMatch(/^<svg [^>]*role="img"/)
    expect(occurrences(svg, 'class="scores-panel"')).toBe(2)
    expect(occurrences(svg, 'class="score-point"')).toBe(4)
    // Scores of concern (4 and 5) are squares.
    expect(occurrences(svg, '<rect class="score-point"')).toBe(2)
    expect(svg).toContain('4+ concern')
    expect(svg).toContain('Physical care (GCP2): 4 on 5 Jan 2020, 5 on May 2020')
    expect(svg).toContain('5 worst')
  })

  it('says when there are no scores, and escapes the title and domain names', () => {
    const empty = renderScoresChartSvg([], { title: HOSTILE_TEXT })
    expect(svgProblem(empty)).toBeNull()
    expect(empty).toContain('No neglect-tool scores recorded.')
    expect(empty).not.toContain('<script>')
    const hostile = renderScoresChartSvg([{ tool: undefined, domain: '<b>x</b>', points: [{ eventId: 'E1', date: '2020-01-01', score: 3 }] }], { title: 't' })
    expect(svgProblem(hostile)).toBeNull()
    expect(hostile).not.toContain('<b>')
  })
})

describe('renderAttendanceChartSvg', () => {
  it('draws each period, the 90% line, and marks periods below it', () => {
    const view = childLivedExperience(scoredFamily(), 'C1', asOf)
    const svg = renderAttendanceChartSvg(view.attendance, { idPrefix: 'att-c1' })
    expect(svgProblem(svg)).toBeNull()
    expect(svg).toContain('aria-labelledby="att-c1-title"')
    expect(occurrences(svg, 'class="attendance-point')).toBe(2)
    expect(occurrences(svg, 'class="attendance-point below"')).toBe(1)
    expect(svg).toContain('class="persistent-absence"')
    expect(svg).toContain('95% to 20 Dec 2019, 82.5% to 1 Apr 2020 (6 late). Below 90% is persistent absence; 1 of 2 periods were below it.')
  })

  it('draws an empty chart without figures', () => {
    const svg = renderAttendanceChartSvg([])
    expect(svgProblem(svg)).toBeNull()
    expect(svg).toContain('No attendance figures recorded.')
  })
})

describe('renderAppointmentsSvg', () => {
  it('draws attended and missed bars per service with their counts', () => {
    const view = childLivedExperience(scoredFamily(), 'C1', asOf)
    const svg = renderAppointmentsSvg(view.appointments.byService)
    expect(svgProblem(svg)).toBeNull()
    expect(occurrences(svg, 'class="attended"')).toBe(2)
    expect(occurrences(svg, 'class="missed"')).toBe(2)
    expect(svg).toContain('Dental: 0 attended, 1 missed; GP: 1 attended, 0 missed.')
  })
})

describe('renderRelationshipSvg', () => {
  it('draws every person, marks the unborn child and labels the relationships', () => {
    const svg = renderRelationshipSvg(buildExampleFamilyRecord())
    expect(svgProblem(svg)).toBeNull()
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="relationships-title"/)
    expect(occurrences(svg, 'class="person"')).toBe(5)
    expect(svg).toContain('data-role="unborn"')
    expect(svg).toContain('Unborn, due 1 Sep 2020')
    expect(occurrences(svg, 'class="rel-line"')).toBe(5)
    expect(svg).toContain('mother of all')
    expect(svg).toContain('stepfather of Amy')
    expect(svg).toContain('Paul Jones is partner of Mary Smith.')
  })

  it('escapes names', () => {
    const record = buildFamilyRecord({ people: [{ ref: 'M1', given_name: HOSTILE_TEXT, role: 'adult' }, { ref: 'C1', given_name: 'A&B', role: 'child' }] })
    const svg = renderRelationshipSvg(record)
    expect(svgProblem(svg)).toBeNull()
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('A&amp;B')
  })
})

describe('chart colours', () => {
  it('keeps the concern labels readable on the shaded band', () => {
    expect(contrastRatio(ALERT_COLOUR, '#f6d7d2')).toBeGreaterThanOrEqual(4.5)
  })
})
