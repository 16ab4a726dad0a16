// The one list of practice rules the engine runs. Each rule lives in its own
// file (src/rules/<camelCaseId>Rule.ts); add its import and its entry to its
// group below, keeping the groups apart so parallel work merges cleanly.
import type { Rule } from './types.ts'

// --- health and referrals ---------------------------------------------------
import { wasNotBroughtRule } from './wasNotBroughtRule.ts'
// --- end health and referrals -----------------------------------------------

// --- visits and voice -------------------------------------------------------
// --- end visits and voice ---------------------------------------------------

// --- plans and decisions ----------------------------------------------------
// --- end plans and decisions ------------------------------------------------

// --- adults and households --------------------------------------------------
// --- end adults and households ----------------------------------------------

const healthAndReferrals: readonly Rule[] = [
  wasNotBroughtRule,
]

const visitsAndVoice: readonly Rule[] = [
]

const plansAndDecisions: readonly Rule[] = [
]

const adultsAndHouseholds: readonly Rule[] = [
]

/** Every registered rule, in the order alerts are listed for a day. */
export const allRules: readonly Rule[] = [
  ...healthAndReferrals,
  ...visitsAndVoice,
  ...plansAndDecisions,
  ...adultsAndHouseholds,
]
