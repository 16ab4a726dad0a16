// core-group-without-social-worker (review ids: ALHC 5.49): a core group held
// without children's social care. Readings §3: a `meeting` of kind core_group
// whose `attended` is recorded (an empty list counts) and omits the required
// agency (childrens_social_care by default); an absent `attended` is not
// recorded, so it never fires (§14). Alerts the meeting's children (§9), the
// family when it is about no child (§16). Each meeting is its own alert
// (keyed by its id).
import { defineRule, FAMILY, type Finding } from './types.ts'

export const coreGroupWithoutSocialWorkerRule = defineRule('core-group-without-social-worker', {
  evaluate(view, _asOf, { requiredAgency }) {
    const findings: Finding[] = []
    for (const meeting of view.ofType('meeting')) {
      const { kind, attended } = meeting.event
      if (kind !== 'core_group' || attended === undefined || attended.includes(requiredAgency)) continue
      const who = attended.length > 0 ? `attended by ${attended.join(', ')}` : 'with no agency recorded as attending'
      const threshold = `core group on ${meeting.placed} ${who}, without ${requiredAgency}; the threshold is any core group without ${requiredAgency}`
      const children = view.childrenOfEvent(meeting)
      for (const subject of children.length > 0 ? children : [FAMILY]) {
        findings.push({ subject, events: [meeting.id], threshold, key: meeting.id })
      }
    }
    return findings
  },
  reads: ['meeting'],
})
