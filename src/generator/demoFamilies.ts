// The demo caseload: twelve families (30 children) that the first start of the
// app loads, so there is something meaningful to see. Ordinary families sit
// beside families with planted patterns, and every record runs to 2026-10-31
// so that alerts are current.
import type { IsoDate } from '../exchange/dates.ts'
import { generateRecipes, type FamilyRecipe, type GeneratedFamily } from './generateFamilies.ts'

export const DEMO_SEED = 'throughline-demo-1'

const DEMO_RECIPES: readonly FamilyRecipe[] = [
  { level: 'early_help', children: 3, rules: [] },
  { level: 'child_protection', children: 3, rules: ['was-not-brought', 'neglect-across-aspects'] },
  { level: 'child_in_need', children: 2, rules: [] },
  { level: 'child_protection', children: 2, rules: ['child-not-seen'] },
  { level: 'child_in_need', children: 3, rules: ['toxic-trio', 'worker-churn'] },
  { level: 'child_protection', children: 3, rules: [] },
  { level: 'child_protection', children: 4, rules: ['long-protection-plan', 'home-not-seen'] },
  { level: 'early_help', children: 1, rules: [] },
  { level: 'child_protection', children: 2, rules: ['plo-drift', 'housing-unfit'] },
  { level: 'child_in_need', children: 2, rules: ['young-carer', 'child-not-heard'] },
  { level: 'early_help', children: 2, rules: ['repeat-referrals', 'closure-for-non-engagement'] },
  { level: 'child_in_need', children: 3, rules: ['unassessed-carer', 'decision-not-shared'] },
]

/**
 * The fixed demo set: the same families every time for the same end date.
 * The demo command ends the records today, so the alerts are current.
 */
export function demoFamilies(options: { end?: IsoDate } = {}): GeneratedFamily[] {
  return generateRecipes({ seed: DEMO_SEED, ...options }, DEMO_RECIPES)
}
