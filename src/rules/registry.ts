// The one list of practice rules the engine runs. Each rule lives in its own
// file (src/rules/<camelCaseId>Rule.ts); add its import and its entry to its
// group below, keeping the groups apart so parallel work merges cleanly.
import type { Rule } from './types.ts'

// --- health and referrals ---------------------------------------------------
import { wasNotBroughtRule } from './wasNotBroughtRule.ts'
import { repeatReferralsRule } from './repeatReferralsRule.ts'
import { stepDownAfterNonEngagementRule } from './stepDownAfterNonEngagementRule.ts'
import { closureForNonEngagementRule } from './closureForNonEngagementRule.ts'
import { neglectAcrossAspectsRule } from './neglectAcrossAspectsRule.ts'
import { noNeglectToolRule } from './noNeglectToolRule.ts'
import { neglectStasisRule } from './neglectStasisRule.ts'
import { postnatalMentalHealthRule } from './postnatalMentalHealthRule.ts'
import { missingEducationRule } from './missingEducationRule.ts'
// --- end health and referrals -----------------------------------------------

// --- visits and voice -------------------------------------------------------
import { childNotSeenRule } from './childNotSeenRule.ts'
import { childNotHeardRule } from './childNotHeardRule.ts'
import { quietSiblingRule } from './quietSiblingRule.ts'
import { homeNotSeenRule } from './homeNotSeenRule.ts'
import { parentingNotObservedRule } from './parentingNotObservedRule.ts'
import { youngCarerRule } from './youngCarerRule.ts'
import { housingUnfitRule } from './housingUnfitRule.ts'
// --- end visits and voice ---------------------------------------------------

// --- plans and decisions ----------------------------------------------------
import { longProtectionPlanRule } from './longProtectionPlanRule.ts'
import { ploDriftRule } from './ploDriftRule.ts'
import { decisionNotSharedRule } from './decisionNotSharedRule.ts'
import { escalationUnresolvedRule } from './escalationUnresolvedRule.ts'
import { coreGroupWithoutSocialWorkerRule } from './coreGroupWithoutSocialWorkerRule.ts'
import { workerChurnRule } from './workerChurnRule.ts'
import { unassessedCarerRule } from './unassessedCarerRule.ts'
import { planEndedEarlyRule } from './planEndedEarlyRule.ts'
// --- end plans and decisions ------------------------------------------------

// --- adults and households --------------------------------------------------
import { domesticAbuseEscalationRule } from './domesticAbuseEscalationRule.ts'
import { toxicTrioRule } from './toxicTrioRule.ts'
import { incidentsClusterRule } from './incidentsClusterRule.ts'
import { injuryExplanationAcceptedRule } from './injuryExplanationAcceptedRule.ts'
import { frequentMovesRule } from './frequentMovesRule.ts'
import { preBirthAssessmentRule } from './preBirthAssessmentRule.ts'
// --- end adults and households ----------------------------------------------

const healthAndReferrals: readonly Rule[] = [
  wasNotBroughtRule,
  repeatReferralsRule,
  stepDownAfterNonEngagementRule,
  closureForNonEngagementRule,
  neglectAcrossAspectsRule,
  noNeglectToolRule,
  neglectStasisRule,
  postnatalMentalHealthRule,
  missingEducationRule,
]

const visitsAndVoice: readonly Rule[] = [
  childNotSeenRule,
  childNotHeardRule,
  quietSiblingRule,
  homeNotSeenRule,
  parentingNotObservedRule,
  youngCarerRule,
  housingUnfitRule,
]

const plansAndDecisions: readonly Rule[] = [
  longProtectionPlanRule,
  ploDriftRule,
  decisionNotSharedRule,
  escalationUnresolvedRule,
  coreGroupWithoutSocialWorkerRule,
  workerChurnRule,
  unassessedCarerRule,
  planEndedEarlyRule,
]

const adultsAndHouseholds: readonly Rule[] = [
  domesticAbuseEscalationRule,
  toxicTrioRule,
  incidentsClusterRule,
  injuryExplanationAcceptedRule,
  frequentMovesRule,
  preBirthAssessmentRule,
]

/** Every registered rule, in the order alerts are listed for a day. */
export const allRules: readonly Rule[] = [
  ...healthAndReferrals,
  ...visitsAndVoice,
  ...plansAndDecisions,
  ...adultsAndHouseholds,
]
