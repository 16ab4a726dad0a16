import { describe, expect, it } from 'vitest'
import type { EventOf } from '../exchange/schema.ts'
import { coreGroupWithoutSocialWorkerRule } from './coreGroupWithoutSocialWorkerRule.ts'
import { buildAdult, buildChild, buildEvent, buildFamily, evaluateRule, replayRule, subjectsFiring } from './testing.ts'

const coreGroup = (attended: string[] | undefined, overrides: Partial<EventOf<'meeting'>> = {}) =>
  buildEvent('meeting', { date: '2019-01-24', kind: 'core_group', agency: 'families_in_need', ...(attended ? { attended } : {}), ...overrides })

const people = [buildAdult('M1'), buildChild('C1'), buildChild('C2')]

describe('core-group-without-social-worker', () => {
  it.each([
    { name: 'attended omits childrens_social_care', events: [coreGroup(['school', 'health_visitor'])], fires: ['C1'] },
    { name: 'attended includes childrens_social_care', events: [coreGroup(['childrens_social_care', 'school'])], fires: [] },
    { name: 'an empty attended list is recorded and omits it', events: [coreGroup([])], fires: ['C1'] },
    { name: 'attended not recorded: never read as absent', events: [coreGroup(undefined)], fires: [] },
    { name: 'invited but absent counts as not attending', events: [coreGroup(['school'], { invited_absent: ['childrens_social_care'] })], fires: ['C1'] },
    { name: 'a review conference is not a core group', events: [coreGroup(['school'], { kind: 'review_conference' })], fires: [] },
    { name: 'the meeting\'s children only', events: [coreGroup(['school'], { subjects: ['C2'] })], fires: ['C2'] },
    { name: 'naming no child: every child', events: [coreGroup(['school'], { subjects: ['M1'] })], fires: ['C1', 'C2'] },
    { name: 'not known before it is recorded', events: [coreGroup(['school'], { recorded: '2019-02-01' })], asOf: '2019-01-31', fires: [] },
    { name: 'known on its recorded date', events: [coreGroup(['school'], { recorded: '2019-02-01' })], asOf: '2019-02-01', fires: ['C1'] },
  ])('$name', ({ events, asOf, fires }) => {
    expect(subjectsFiring(coreGroupWithoutSocialWorkerRule, buildFamily({ people, events }), asOf ?? '2019-12-31')).toEqual(fires)
  })

  it('names the meeting and the threshold in words; the required agency is configurable', () => {
    const doc = buildFamily({ people, events: [coreGroup(['school', 'health_visitor'])] })
    expect(evaluateRule(coreGroupWithoutSocialWorkerRule, doc, '2019-01-24')).toEqual([{
      subject: 'C1', events: ['E1'], key: 'E1',
      threshold: 'core group on 2019-01-24 attended by school, health_visitor, without childrens_social_care; the threshold is any core group without childrens_social_care',
    }])
    expect(subjectsFiring(coreGroupWithoutSocialWorkerRule, doc, '2019-01-24', { requiredAgency: 'school' })).toEqual([])
  })

  it('one alert per meeting, each holding for the rest of the replay', () => {
    const doc = buildFamily({ people, events: [coreGroup(['school']), coreGroup(['school'], { date: '2019-06-20' })] })
    expect(replayRule(coreGroupWithoutSocialWorkerRule, doc).map((a) => [a.subject, a.key, a.first_fired, a.until])).toEqual([
      ['C1', 'E1', '2019-01-24', null],
      ['C1', 'E2', '2019-06-20', null],
    ])
  })
})
