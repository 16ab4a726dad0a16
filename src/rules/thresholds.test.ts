import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors/errors.ts'
import { RULE_IDS, RULE_TEXT } from './ruleCatalogue.ts'
import { defaultThresholds, loadThresholds, thresholdSchemas } from './thresholds.ts'

function problemsOf(json: unknown): { field?: string, message: string }[] {
  try {
    loadThresholds(json)
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map(({ field, message }) => ({ field, message }))
    throw e
  }
  throw new Error('expected a ValidationError')
}

describe('thresholds', () => {
  it('has defaults, words and a schema for every rule, and the defaults pass their schema', () => {
    for (const id of RULE_IDS) {
      expect(thresholdSchemas[id].safeParse(defaultThresholds[id]).success, id).toBe(true)
      expect(RULE_TEXT[id].advice, id).not.toBe('')
    }
    expect(Object.keys(defaultThresholds).sort()).toEqual([...RULE_IDS].sort())
  })

  it('merges partial overrides with the defaults', () => {
    const loaded = loadThresholds({ 'repeat-referrals': { count: 4 }, 'child-not-seen': { workingDays: 10 } })
    expect(loaded['repeat-referrals']).toEqual({ count: 4, withinMonths: 12 })
    expect(loaded['child-not-seen']).toEqual({ workingDays: 10, planKinds: ['child_protection'] })
    expect(loaded['was-not-brought']).toEqual(defaultThresholds['was-not-brought'])
    expect(loadThresholds({})).toEqual(defaultThresholds)
  })

  it('reports every problem, naming the rule and the key', () => {
    expect(problemsOf({
      'repeat-referrals': { count: 0, withinMonths: 'twelve' },
      'repeat-referral': { count: 3 },
      'worker-churn': { roles: [], churn: 3 },
    })).toEqual([
      { field: 'repeat-referrals.count', message: expect.stringContaining('repeat-referrals:') as unknown },
      { field: 'repeat-referrals.withinMonths', message: expect.stringContaining('repeat-referrals:') as unknown },
      { field: 'repeat-referral', message: expect.stringContaining('unknown rule "repeat-referral"') as unknown },
      { field: 'worker-churn.roles', message: expect.stringContaining('worker-churn:') as unknown },
      { field: 'worker-churn', message: expect.stringContaining('unknown threshold "churn" for rule worker-churn; its thresholds are count, withinMonths, roles') as unknown },
    ])
  })

  it('refuses a file that is not an object of rules', () => {
    expect(problemsOf([1, 2])).toEqual([{ field: '', message: 'expected an object of rule ids, each with its thresholds' }])
    expect(problemsOf({ 'plo-drift': 16 })).toEqual([{ field: 'plo-drift', message: expect.stringContaining('plo-drift:') as unknown }])
  })
})
