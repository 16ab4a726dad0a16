import { describe, expect, it } from 'vitest'
import { alertGroups } from './familyPageModel.ts'
import { buildAlertView, buildExampleFamilyRecord } from './charts/testing.ts'

describe('alertGroups', () => {
  const record = buildExampleFamilyRecord()

  it('groups alerts by rule, the most serious rule first, subjects in the family order and the family last', () => {
    const groups = alertGroups(record, [
      buildAlertView({ id: 1, rule: 'was-not-brought', title: 'Was not brought', subject: 'C2' }),
      buildAlertView({ id: 2, rule: 'worker-churn', title: 'Worker churn', subject: 'family' }),
      buildAlertView({ id: 3, rule: 'was-not-brought', title: 'Was not brought', subject: 'family' }),
      buildAlertView({ id: 4, rule: 'injury-explanation-accepted', title: 'Injury explained away', subject: 'C1' }),
      buildAlertView({ id: 5, rule: 'was-not-brought', title: 'Was not brought', subject: 'C1' }),
    ])
    expect(groups.map((g) => g.title)).toEqual(['Injury explained away', 'Was not brought', 'Worker churn'])
    expect(groups[1]?.alerts.map((a) => [a.id, a.subjectName])).toEqual([[5, 'Amy Smith'], [1, 'Ben Smith'], [3, 'The family']])
  })

  it('shows the threshold only where one rule has two alerts about the same subject from the same day', () => {
    const groups = alertGroups(record, [
      buildAlertView({ id: 1, rule: 'home-not-seen', subject: 'C1', firstFired: '2024-01-01', threshold: 'No visit inside the home in 12 weeks.' }),
      buildAlertView({ id: 2, rule: 'home-not-seen', subject: 'C1', firstFired: '2024-01-01', threshold: 'Bedroom not seen in 12 weeks.' }),
      buildAlertView({ id: 3, rule: 'home-not-seen', subject: 'C1', firstFired: '2024-02-01' }),
      buildAlertView({ id: 4, rule: 'home-not-seen', subject: 'C2', firstFired: '2024-01-01' }),
    ])
    expect(groups).toHaveLength(1)
    expect(groups[0]?.alerts.map((a) => [a.id, a.showThreshold])).toEqual([[1, true], [2, true], [3, false], [4, false]])
  })
})
