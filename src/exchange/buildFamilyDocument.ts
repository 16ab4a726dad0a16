// A small valid family document for tests, with overrides. It holds one
// event of each kind the format's cross-reference rules touch.
import type { FamilyDocument } from './schema.ts'

export function buildFamilyDocument(overrides: Partial<FamilyDocument> = {}): FamilyDocument {
  return {
    format: 'chronology-exchange/1',
    family: { ref: 'WT', name: 'Walker-Thompson' },
    people: [
      { ref: 'A1', given_name: 'Dawn', family_name: 'Walker', role: 'adult', sex: 'female' },
      { ref: 'C1', given_name: 'Kayden', role: 'child', born: '2015-03-02' },
      { ref: 'C2', given_name: 'Lacey', role: 'child', born: '2017-06' },
      { ref: 'U1', given_name: 'Baby', role: 'unborn', expected: '2021-05' },
    ],
    relationships: [
      { from: 'A1', to: 'C1', type: 'mother' },
      { from: 'A1', to: 'C2', type: 'mother' },
    ],
    events: [
      { id: 'E1', date: '2020-01-10', agency: 'childrens_social_care', type: 'visit', subjects: ['C1', 'C2'], summary: 'Home visit', access: 'full', child_seen: ['C1', 'C2'], child_seen_alone: ['C1'] },
      { id: 'E2', date: '2020-02-03', agency: 'gp', type: 'appointment', subjects: ['C1'], summary: 'Immunisations', service: 'immunisation', status: 'attended' },
      { id: 'E3', date: '2020-03-01', agency: 'health_visitor', type: 'escalation', subjects: ['C1'], summary: 'Challenge of step-down', raised_by: 'health_visitor', status: 'raised' },
      { id: 'E4', date: '2020-04-01', agency: 'health_visitor', type: 'escalation', subjects: ['C1'], summary: 'Challenge resolved', raised_by: 'health_visitor', status: 'resolved', refers_to: 'E3' },
      { id: 'E5', date: '2020-06', agency: 'school', type: 'attendance', subjects: ['C1'], summary: 'Summer term attendance', period_end: '2020-06-30', attendance_pct: 88 },
      { id: 'E6', date: '2020-11-20', agency: 'midwifery', type: 'pregnancy', subjects: ['A1'], summary: 'Booking', weeks: 12, child: 'U1' },
      { id: 'E7', date: '2021-05-10', agency: 'midwifery', type: 'birth', subjects: ['U1'], summary: 'Born at term', child: 'U1' },
      { id: 'E8', date: '2021', agency: 'housing', type: 'note', subjects: ['A1'], summary: 'Rent arrears' },
    ],
    ...overrides,
  }
}
