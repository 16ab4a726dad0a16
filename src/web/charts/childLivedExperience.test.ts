import { describe, expect, it } from 'vitest'
import { NotFoundError } from '../../errors/errors.ts'
import { childLivedExperience } from './childLivedExperience.ts'
import { buildChild, buildEvent, buildExampleFamilyRecord, buildFamilyRecord, buildUnborn, RESTRICTED_CANARY } from './testing.ts'

const asOf = '2020-06-30'

describe('childLivedExperience', () => {
  it('puts the child’s own words first, latest first, with who heard them', () => {
    const record = buildFamilyRecord({
      events: [
        buildEvent('child_voice', { date: '2020-01-10', agency: 'school', words: 'Mum was asleep all day.', words_form: 'reported', method: 'direct' }),
        buildEvent('child_voice', { date: '2020-03', approximate: true, words: 'I want to stay with Nan.', words_form: 'verbatim' }),
        buildEvent('child_voice', { date: '2020-02-01', subjects: ['C2'], words: 'Not about C1.' }),
      ],
      people: [buildChild('C1'), buildChild('C2'), { ref: 'M1', given_name: 'M', role: 'adult' }],
    })
    const view = childLivedExperience(record, 'C1', asOf)
    expect(view.words.map((w) => [w.words, w.date, w.wordsForm, w.heardBy, w.approximate])).toEqual([
      ['I want to stay with Nan.', '2020-03', 'verbatim', "Children's social care", true],
      ['Mum was asleep all day.', '2020-01-10', 'reported', 'School', false],
    ])
    expect(view.lastHeard).toMatchObject({ eventId: 'E2', date: '2020-03', daysSince: 121 })
  })

  it('finds when the child was last seen and last seen alone, and days since each', () => {
    const view = childLivedExperience(buildExampleFamilyRecord({
      events: [
        buildEvent('visit', { date: '2020-05-01', subjects: ['C1'], access: 'full', child_seen: ['C1'], child_seen_alone: ['C1'] }),
        buildEvent('visit', { date: '2020-06-20', subjects: ['C1', 'C2'], access: 'full', child_seen: ['C1', 'C2'] }),
        buildEvent('visit', { date: '2020-06-25', subjects: ['C1'], access: 'no_answer' }),
      ],
    }), 'C1', asOf)
    expect(view.lastSeen).toMatchObject({ eventId: 'E2', date: '2020-06-20', daysSince: 10 })
    expect(view.lastSeenAlone).toMatchObject({ eventId: 'E1', daysSince: 60 })
    expect(childLivedExperience(buildFamilyRecord(), 'C1', asOf).lastSeen).toBeUndefined()
  })

  it('counts appointments attended against missed, by service', () => {
    const record = buildFamilyRecord({
      events: [
        buildEvent('appointment', { date: '2020-01-01', service: 'dental', status: 'attended' }),
        buildEvent('appointment', { date: '2020-02-01', service: 'dental', status: 'was_not_brought' }),
        buildEvent('appointment', { date: '2020-03-01', service: 'gp', status: 'did_not_attend' }),
        buildEvent('appointment', { date: '2020-04-01', service: 'gp', status: 'cancelled_by_family' }),
        buildEvent('appointment', { date: '2020-05-01', service: 'gp', status: 'attended', subjects: ['M1'] }),
      ],
    })
    const { appointments } = childLivedExperience(record, 'C1', asOf)
    expect(appointments.totals).toEqual({ attended: 1, missed: 2, cancelledByFamily: 1, cancelledByService: 0 })
    expect(appointments.byService).toEqual([
      { service: 'dental', attended: 1, missed: 1, cancelledByFamily: 0, cancelledByService: 0 },
      { service: 'gp', attended: 0, missed: 1, cancelledByFamily: 1, cancelledByService: 0 },
    ])
    expect(appointments.list.map((a) => [a.eventId, a.missed])).toEqual([['E4', false], ['E3', true], ['E2', true], ['E1', false]])
  })

  it('reads attendance, education and neglect-tool scores as series', () => {
    const record = buildFamilyRecord({
      events: [
        buildEvent('attendance', { date: '2020-04-01', period_end: '2020-04-01', attendance_pct: 82, lates: 6, agency: 'school' }),
        buildEvent('attendance', { date: '2019-12-20', period_end: '2019-12-20', attendance_pct: 95 }),
        buildEvent('education', { date: '2020-05-01', status: 'part_time_timetable' }),
        buildEvent('assessment', { date: '2020-01-05', kind: 'neglect_tool', tool: 'gcp2', scores: { physical_care: 4, safety: 3 } }),
        buildEvent('assessment', { date: '2020-05-05', kind: 'neglect_tool', tool: 'gcp2', scores: { physical_care: 5, safety: 3 } }),
        buildEvent('assessment', { date: '2020-05-06', kind: 'single' }),
      ],
    })
    const view = childLivedExperience(record, 'C1', asOf)
    expect(view.attendance.map((a) => [a.periodEnd, a.pct, a.lates])).toEqual([['2019-12-20', 95, undefined], ['2020-04-01', 82, 6]])
    expect(view.education.map((e) => e.status)).toEqual(['part_time_timetable'])
    expect(view.neglectScores).toEqual([
      { tool: 'gcp2', domain: 'physical_care', points: [{ eventId: 'E4', date: '2020-01-05', score: 4 }, { eventId: 'E5', date: '2020-05-05', score: 5 }] },
      { tool: 'gcp2', domain: 'safety', points: [{ eventId: 'E4', date: '2020-01-05', score: 3 }, { eventId: 'E5', date: '2020-05-05', score: 3 }] },
    ])
  })

  it('gives the child’s plans, open alerts, age and date of birth', () => {
    const view = childLivedExperience(buildExampleFamilyRecord(), 'C1', asOf)
    expect(view.child).toMatchObject({ name: 'Amy Smith', born: '2015-01-01', bornPrecision: 'day', age: 5, bornYet: true })
    expect(view.plans).toEqual([{ kind: 'child_protection', label: 'Child protection', categories: ['neglect'], start: '2020-01-15', end: undefined, open: true }])
    expect(view.alerts.map((a) => a.title)).toEqual(['Child not brought to health appointments'])
    expect(childLivedExperience(buildExampleFamilyRecord(), 'C2', asOf).alerts).toEqual([])
  })

  it('handles a month-only date of birth, an unknown one and an unborn child', () => {
    const record = buildExampleFamilyRecord()
    expect(childLivedExperience(record, 'C2', asOf).child).toMatchObject({ born: '2018-05', bornPrecision: 'month', dateOfBirth: '2018-05-01', age: 2 })
    expect(childLivedExperience(record, 'U1', asOf).child).toMatchObject({ role: 'unborn', born: undefined, bornPrecision: 'unknown', expected: '2020-09-01', age: undefined, bornYet: false })
    const unknown = childLivedExperience(buildFamilyRecord({ people: [buildChild('C1', { born: undefined }), buildUnborn('U1')] }), 'C1', asOf)
    expect(unknown.child).toMatchObject({ born: undefined, bornPrecision: 'unknown', dateOfBirth: undefined, age: undefined, bornYet: true })
  })

  it('reads an unborn child as born once a birth is recorded', () => {
    const record = buildFamilyRecord({
      people: [buildUnborn('U1', { expected: '2020-03-01' })],
      relationships: [],
      events: [buildEvent('birth', { date: '2020-02-20', subjects: ['U1'], child: 'U1' })],
    })
    expect(childLivedExperience(record, 'U1', asOf).child).toMatchObject({ born: '2020-02-20', bornPrecision: 'day', age: 0, bornYet: true })
  })

  it('ignores redacted events and events not yet known on asOf', () => {
    const record = buildFamilyRecord({
      events: [
        buildEvent('child_voice', { date: '2020-01-01', words: RESTRICTED_CANARY, restricted: true }),
        buildEvent('child_voice', { date: '2020-07-01', words: 'After the as-of date.' }),
        buildEvent('visit', { date: '2020-02-01', child_seen: ['C1'], restricted: true }),
      ],
    })
    const view = childLivedExperience(record, 'C1', asOf)
    expect(view.words).toEqual([])
    expect(view.lastSeen).toBeUndefined()
    expect(JSON.stringify(view)).not.toContain(RESTRICTED_CANARY)
  })

  it('refuses a ref that is not a child of the family', () => {
    expect(() => childLivedExperience(buildFamilyRecord(), 'M1', asOf)).toThrow(NotFoundError)
    expect(() => childLivedExperience(buildFamilyRecord(), 'nobody', asOf)).toThrow(NotFoundError)
  })
})
