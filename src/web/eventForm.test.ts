import { describe, expect, it } from 'vitest'
import { EVENT_TYPES } from '../exchange/schema.ts'
import { buildAdult, buildChild } from '../rules/testing.ts'
import { checkEventForm, dateFromParts, formFields, readEventForm } from './eventForm.ts'

const people = [buildAdult('M1', { given_name: 'Mary' }), buildChild('C1', { given_name: 'Amy' })]
const fixed = { id: 'web-1', agency: 'school' }

describe('dateFromParts', () => {
  it.each([
    [['3', '2', '2024'], '2024-02-03'],
    [['', '2', '2024'], '2024-02'],
    [['', '', '2024'], '2024'],
    [['', '', ''], undefined],
    [['31', '2', '2024'], '2024-02-31'],
  ])('%j reads as %s', (parts, expected) => {
    expect(dateFromParts(...(parts as [string, string, string]))).toBe(expected)
  })
})

describe('the record-an-event form', () => {
  it.each(EVENT_TYPES)('has a field for every facet of %s and the common fields first', (type) => {
    const fields = formFields(type, people)
    expect(fields.slice(0, 2).map((f) => f.name)).toEqual(['date', 'subjects'])
    expect(fields.map((f) => f.name)).toContain('summary')
    expect(fields.every((f) => f.kind !== 'radios' || f.options.length > 0)).toBe(true)
    expect(new Set(fields.map((f) => f.id)).size).toBe(fields.length)
  })

  it('turns enums into radios or selects, lists into checkboxes, booleans into yes/no, people refs into choices of the family', () => {
    const visit = formFields('visit', people)
    const kind = (name: string) => visit.find((f) => f.name === name)?.kind
    expect(kind('access')).toBe('radios')
    expect(kind('areas_seen')).toBe('checkboxes')
    expect(kind('parenting_observed')).toBe('yesno')
    expect(kind('child_seen')).toBe('people')
    expect(visit.find((f) => f.name === 'child_seen')?.options).toEqual([{ value: 'M1', text: 'Mary' }, { value: 'C1', text: 'Amy' }])
    expect(formFields('attendance', people).find((f) => f.name === 'period_end')?.kind).toBe('date')
    expect(formFields('referral', people).find((f) => f.name === 'referral_outcome')?.kind).toBe('select')
  })

  it('builds a valid event from a filled form', () => {
    const fields = formFields('visit', people)
    const parsed = readEventForm('visit', fields, {
      'date-day': '5', 'date-month': '3', 'date-year': '2024', subjects: ['C1'], access: 'full', child_seen: 'C1',
      parenting_observed: 'no', areas_seen: ['kitchen', 'child_bedroom'], summary: '  Home visit.  ', restricted: 'yes',
    })
    const result = checkEventForm(fields, parsed, fixed)
    expect(result).toEqual({ ok: true, event: {
      id: 'web-1', agency: 'school', type: 'visit', date: '2024-03-05', subjects: ['C1'], access: 'full', child_seen: ['C1'],
      parenting_observed: false, areas_seen: ['kitchen', 'child_bedroom'], summary: 'Home visit.', restricted: true,
    } })
  })

  it('reads neglect scores one domain a line, and names a bad line', () => {
    const fields = formFields('assessment', people)
    const good = readEventForm('assessment', fields, { 'date-year': '2024', subjects: 'C1', kind: 'neglect_tool', summary: 'GCP2', scores: 'physical = 3\nemotional: 4' })
    expect(checkEventForm(fields, good, fixed)).toMatchObject({ ok: true, event: { scores: { physical: 3, emotional: 4 } } })
    const bad = readEventForm('assessment', fields, { 'date-year': '2024', subjects: 'C1', kind: 'neglect_tool', summary: 'GCP2', scores: 'physical three' })
    expect(checkEventForm(fields, bad, fixed)).toMatchObject({ ok: false, problems: [{ field: 'scores' }] })
  })

  it('reports every missing or bad field at once, in words', () => {
    const fields = formFields('attendance', people)
    const result = checkEventForm(fields, readEventForm('attendance', fields, { attendance_pct: '140' }), fixed)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems.map((p) => p.field).sort()).toEqual(['attendance_pct', 'date', 'period_end', 'subjects', 'summary'])
    expect(result.problems.find((p) => p.field === 'date')).toEqual({ field: 'date', message: 'Enter the date it happened', href: '#date-day' })
    expect(result.problems.find((p) => p.field === 'attendance_pct')?.message).toBe('Attendance (%): expected a percentage from 0 to 100')
  })
  it('lists the problems in the order the fields appear on the form', () => {
    const fields = formFields('assessment', people)
    const result = checkEventForm(fields, readEventForm('assessment', fields, { kind: 'neglect_tool', scores: 'physical three' }), fixed)
    expect(result.ok).toBe(false)
    if (result.ok) return
    const order = fields.map((f) => f.name)
    const listed = result.problems.map((p) => p.field)
    expect(listed.slice(0, 2)).toEqual(['date', 'subjects'])
    expect(listed).toContain('scores')
    expect(listed.map((f) => order.indexOf(f))).toEqual([...listed.map((f) => order.indexOf(f))].sort((a, b) => a - b))
  })

  it('keeps initialisms in capitals in labels, options and messages', () => {
    const fields = formFields('appointment', people)
    const service = fields.find((f) => f.name === 'service')
    expect(service?.options.map((o) => o.text)).toEqual(expect.arrayContaining(['GP', 'CAMHS']))
  })
})
