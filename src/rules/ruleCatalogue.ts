// The 30 practice rules' stable ids, with the words an alert shows: a short
// title, what the learning asks for, and where that learning comes from
// (shared/spec/practice-rules.md). Rule files take these through defineRule,
// so the words live in one place.

export const RULE_IDS = [
  'was-not-brought', 'repeat-referrals', 'step-down-after-non-engagement',
  'closure-for-non-engagement', 'neglect-across-aspects', 'no-neglect-tool', 'neglect-stasis',
  'child-not-heard', 'quiet-sibling', 'child-not-seen', 'home-not-seen', 'parenting-not-observed',
  'incidents-cluster', 'injury-explanation-accepted', 'domestic-abuse-escalation', 'toxic-trio',
  'decision-not-shared', 'escalation-unresolved', 'plo-drift', 'long-protection-plan',
  'plan-ended-early', 'core-group-without-social-worker', 'worker-churn', 'frequent-moves',
  'missing-education', 'unassessed-carer', 'young-carer', 'pre-birth-assessment',
  'postnatal-mental-health', 'housing-unfit',
] as const

export type RuleId = (typeof RULE_IDS)[number]

export interface RuleText {
  /** What pattern was seen, in a few words. */
  title: string
  /** What the learning says to do. */
  advice: string
  /** The learning it comes from, for example "WT 1, SCR6". */
  source: string
}

export const RULE_TEXT: { readonly [K in RuleId]: RuleText } = {
  'was-not-brought': {
    title: 'Missed health appointments',
    advice: 'Treat missed health care as possible medical neglect; look at it with the rest of the picture.',
    source: 'WT 1, SCR6',
  },
  'repeat-referrals': {
    title: 'Repeat referrals',
    advice: 'Review the whole history, not the latest referral alone; discuss at screening.',
    source: 'WT 4',
  },
  'step-down-after-non-engagement': {
    title: 'Stepped down despite past non-engagement',
    advice: 'Weigh the past non-engagement in the new decision.',
    source: 'WT 4',
  },
  'closure-for-non-engagement': {
    title: 'Closed for non-engagement without a risk assessment',
    advice: 'Closing because parents do not engage must be risk-assessed against the history; non-engagement is a risk factor.',
    source: 'SCR6',
  },
  'neglect-across-aspects': {
    title: 'Neglect across several aspects',
    advice: 'See the cumulative picture; use the neglect assessment tool.',
    source: 'ALHC (ii), Q 1',
  },
  'no-neglect-tool': {
    title: 'Neglect plan without the neglect tool',
    advice: 'Measure neglect over time with the agreed tool (for example GCP2, WeCan).',
    source: 'ALHC 5.34, Q 1',
  },
  'neglect-stasis': {
    title: 'Neglect not improving',
    advice: 'Continued neglect is itself increasing harm, even when nothing gets worse.',
    source: 'CD, Q 1, SCR6',
  },
  'child-not-heard': {
    title: 'Child not heard',
    advice: 'Ask the child, record their words, and act on them.',
    source: 'ALHC 5.3–5.10',
  },
  'quiet-sibling': {
    title: 'Quiet sibling',
    advice: 'Be curious about the child who is treated or seen differently.',
    source: 'SCR6 (Child A)',
  },
  'child-not-seen': {
    title: 'Child not seen',
    advice: 'Visit and see the child.',
    source: 'ALHC 5.18–5.20',
  },
  'home-not-seen': {
    title: 'Home not seen',
    advice: 'Ask to see where the children sleep and eat; use the powers of landlords, housing and police.',
    source: 'Q 4, WT 3',
  },
  'parenting-not-observed': {
    title: 'Parenting not observed',
    advice: 'Observe parenting, and record what is seen when things go well too.',
    source: 'CD 7a',
  },
  'incidents-cluster': {
    title: 'Incidents close together',
    advice: 'Consider a strategy meeting.',
    source: 'CD 7c',
  },
  'injury-explanation-accepted': {
    title: "Injury explanation accepted",
    advice: "Report injuries to children's social care; do not rely on the parent's account alone.",
    source: 'CD',
  },
  'domestic-abuse-escalation': {
    title: 'Domestic abuse escalating',
    advice: 'Assess and plan at the level the escalation needs.',
    source: 'WT 6, ALHC 4.6',
  },
  'toxic-trio': {
    title: 'Substance misuse, mental ill health and domestic abuse together',
    advice: "Think family: see what the adults' difficulties mean for each child.",
    source: 'ALHC 5.13, CD',
  },
  'decision-not-shared': {
    title: 'Decision not shared with partners',
    advice: 'Tell partners when a multi-agency decision changes, so they can challenge it.',
    source: 'WT 5',
  },
  'escalation-unresolved': {
    title: 'Escalation unresolved',
    advice: 'Resolve professional disagreement through the protocol.',
    source: 'WT 5, ALHC rec 6',
  },
  'plo-drift': {
    title: 'Pre-proceedings drift',
    advice: 'Decide: issue proceedings or end pre-proceedings.',
    source: 'ALHC 5.56',
  },
  'long-protection-plan': {
    title: 'Long child protection plan',
    advice: "Partnership supervision of the plan's progress.",
    source: 'ALHC 5.117',
  },
  'plan-ended-early': {
    title: 'Protection plan ended early',
    advice: 'Check the risk that led to the plan has really changed.',
    source: 'ALHC 4.5',
  },
  'core-group-without-social-worker': {
    title: 'Core group without a social worker',
    advice: 'Escalate missing statutory attendance.',
    source: 'ALHC 5.49',
  },
  'worker-churn': {
    title: 'Social worker churn',
    advice: 'Keep a consistent worker; relationships need it.',
    source: 'ALHC 5.19, SCR6',
  },
  'frequent-moves': {
    title: 'Frequent moves',
    advice: 'Make sure records and concerns move with the family.',
    source: 'SCR6, CD',
  },
  'missing-education': {
    title: 'Child out of school',
    advice: 'A child out of school can become invisible: see them.',
    source: 'SCR6',
  },
  'unassessed-carer': {
    title: 'Carer not assessed',
    advice: 'Assess the carer (viability, police and health checks) before or straight after the placement.',
    source: 'ALHC 5.64–5.72',
  },
  'young-carer': {
    title: 'Young carer',
    advice: 'Assess the child as a young carer.',
    source: 'ALHC 5.5, 5.28',
  },
  'pre-birth-assessment': {
    title: 'No pre-birth assessment',
    advice: 'A formal pre-birth assessment.',
    source: 'SCR6, ALHC 4.5',
  },
  'postnatal-mental-health': {
    title: 'No postnatal depression screen',
    advice: 'Screen for postnatal depression.',
    source: 'CD',
  },
  'housing-unfit': {
    title: 'Unfit housing',
    advice: 'Treat housing as a safeguarding matter, not only a tenancy one.',
    source: 'Q, WT 2',
  },
}
