// Every rule's thresholds, with the defaults of practice-rules.md, and the
// loader for a partnership's overrides (docs/practice-rules-config.md). A
// schema per rule is the single source of the threshold types.
import { z } from 'zod'
import { ValidationError, type Problem } from '../errors/errors.ts'
import { PLAN_KINDS } from '../exchange/schema.ts'
import { RULE_IDS, type RuleId } from './ruleCatalogue.ts'

const count = z.number().int().min(1)
const months = z.number().int().min(1).max(1200)
const days = z.number().int().min(1).max(36_500)
const workingDays = z.number().int().min(1).max(1000)
const years = z.number().min(0).max(25)
const planKinds = z.array(z.enum(PLAN_KINDS)).min(1)
const words = z.array(z.string().min(1)).min(1)

/** Schemas per rule: what each threshold is and which values are allowed. */
export const thresholdSchemas = {
  'was-not-brought': z.strictObject({ count, withinMonths: months }),
  'repeat-referrals': z.strictObject({ count, withinMonths: months }),
  'step-down-after-non-engagement': z.strictObject({ lookbackMonths: months }),
  'closure-for-non-engagement': z.strictObject({}),
  'neglect-across-aspects': z.strictObject({ aspects: z.number().int().min(1).max(6), withinDays: days, attendancePctAtMost: z.number().min(0).max(100) }),
  'no-neglect-tool': z.strictObject({ windowMonths: months }),
  'neglect-stasis': z.strictObject({ minGapMonths: months, stuckScore: z.number() }),
  'child-not-heard': z.strictObject({ minAgeYears: years, days, planKinds }),
  'quiet-sibling': z.strictObject({ windowMonths: months, ratio: z.number().min(1), minMedian: z.number().min(0), minChildren: z.number().int().min(2) }),
  'child-not-seen': z.strictObject({ workingDays, planKinds }),
  'home-not-seen': z.strictObject({ count, withinMonths: months }),
  'parenting-not-observed': z.strictObject({ consecutive: count }),
  'incidents-cluster': z.strictObject({ count: z.number().int().min(2), withinDays: days, strategyWithinWorkingDays: workingDays }),
  'injury-explanation-accepted': z.strictObject({ underAgeYears: years }),
  'domestic-abuse-escalation': z.strictObject({ repeatWithinMonths: months, responseWorkingDays: workingDays }),
  'toxic-trio': z.strictObject({ withinMonths: months }),
  'decision-not-shared': z.strictObject({}),
  'escalation-unresolved': z.strictObject({ workingDays }),
  'plo-drift': z.strictObject({ weeks: z.number().int().min(1).max(520) }),
  'long-protection-plan': z.strictObject({ months }),
  'plan-ended-early': z.strictObject({ endedWithinMonths: months, factorWithinMonths: months }),
  'core-group-without-social-worker': z.strictObject({ requiredAgency: z.string().min(1) }),
  'worker-churn': z.strictObject({ count, withinMonths: months, roles: words }),
  'frequent-moves': z.strictObject({ count, withinMonths: months }),
  'missing-education': z.strictObject({ knownWithinMonths: months, agencies: words }),
  'unassessed-carer': z.strictObject({ workingDays }),
  'young-carer': z.strictObject({}),
  'pre-birth-assessment': z.strictObject({ weeks: z.number().int().min(0).max(45), protectionLookbackMonths: months }),
  'postnatal-mental-health': z.strictObject({ days }),
  'housing-unfit': z.strictObject({ poorCount: count, withinMonths: months }),
} as const satisfies { readonly [K in RuleId]: z.ZodType }

export type Thresholds = { readonly [K in RuleId]: z.infer<(typeof thresholdSchemas)[K]> }
export type ThresholdsOf<K extends RuleId> = Thresholds[K]

/** The defaults of practice-rules.md. */
export const defaultThresholds: Thresholds = {
  'was-not-brought': { count: 2, withinMonths: 6 },
  'repeat-referrals': { count: 3, withinMonths: 12 },
  'step-down-after-non-engagement': { lookbackMonths: 12 },
  'closure-for-non-engagement': {},
  'neglect-across-aspects': { aspects: 3, withinDays: 90, attendancePctAtMost: 90 },
  'no-neglect-tool': { windowMonths: 6 },
  'neglect-stasis': { minGapMonths: 3, stuckScore: 4 },
  'child-not-heard': { minAgeYears: 4, days: 90, planKinds: ['child_in_need', 'child_protection'] },
  'quiet-sibling': { windowMonths: 12, ratio: 3, minMedian: 6, minChildren: 2 },
  'child-not-seen': { workingDays: 20, planKinds: ['child_protection'] },
  'home-not-seen': { count: 2, withinMonths: 6 },
  'parenting-not-observed': { consecutive: 3 },
  'incidents-cluster': { count: 2, withinDays: 30, strategyWithinWorkingDays: 5 },
  'injury-explanation-accepted': { underAgeYears: 2 },
  'domestic-abuse-escalation': { repeatWithinMonths: 12, responseWorkingDays: 5 },
  'toxic-trio': { withinMonths: 12 },
  'decision-not-shared': {},
  'escalation-unresolved': { workingDays: 20 },
  'plo-drift': { weeks: 16 },
  'long-protection-plan': { months: 12 },
  'plan-ended-early': { endedWithinMonths: 3, factorWithinMonths: 3 },
  'core-group-without-social-worker': { requiredAgency: 'childrens_social_care' },
  'worker-churn': { count: 3, withinMonths: 12, roles: ['social_worker'] },
  'frequent-moves': { count: 3, withinMonths: 24 },
  'missing-education': { knownWithinMonths: 24, agencies: ['childrens_social_care', 'early_help'] },
  'unassessed-carer': { workingDays: 10 },
  'young-carer': {},
  'pre-birth-assessment': { weeks: 20, protectionLookbackMonths: 24 },
  'postnatal-mental-health': { days: 56 },
  'housing-unfit': { poorCount: 2, withinMonths: 6 },
}

/**
 * A partnership's thresholds from parsed JSON: `{ "rule-id": { "key": value } }`.
 * Rules and keys left out keep their defaults. Every problem is reported, each
 * naming the rule and key (field `repeat-referrals.count`).
 */
export function loadThresholds(json: unknown, file?: string): Thresholds {
  const problems: Problem[] = []
  const at = (field: string, message: string) => problems.push({ ...(file ? { file } : {}), field, message })
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    at('', 'expected an object of rule ids, each with its thresholds')
    throw new ValidationError(problems)
  }
  const known = new Set<string>(RULE_IDS)
  const merged: Record<string, unknown> = { ...defaultThresholds }
  for (const [ruleId, overrides] of Object.entries(json)) {
    if (!known.has(ruleId)) {
      at(ruleId, `unknown rule "${ruleId}"; the rules are ${RULE_IDS.join(', ')}`)
      continue
    }
    const id = ruleId as RuleId
    const result = thresholdSchemas[id].partial().safeParse(overrides)
    if (!result.success) {
      for (const issue of result.error.issues) {
        const key = issue.path.map(String).join('.')
        at(key ? `${id}.${key}` : id, issue.code === 'unrecognized_keys'
          ? `unknown threshold ${issue.keys.map((k) => `"${k}"`).join(', ')} for rule ${id}; its thresholds are ${Object.keys(defaultThresholds[id]).join(', ') || 'none'}`
          : `${id}: ${issue.message}`)
      }
      continue
    }
    merged[id] = { ...defaultThresholds[id], ...result.data }
  }
  if (problems.length > 0) throw new ValidationError(problems)
  return merged as Thresholds
}
