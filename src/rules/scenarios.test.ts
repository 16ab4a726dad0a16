// Acceptance: every scenario's expected alerts fire by their date, and no
// must-not-fire rule fires at all (shared/scenarios/README.md). Scenarios are
// found by their *.expected.json, so a new one needs no code change. Rules not
// yet registered are listed as todo, naming the rule.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { familyDocumentSchema } from '../exchange/schema.ts'
import { replay } from './engine.ts'
import { allRules } from './registry.ts'
import { FAMILY, type AlertEpisode } from './types.ts'

interface Expected {
  expected_alerts: { rule: string, child: string, should_fire_by: string, why?: string }[]
  should_not_fire: { rule: string, why?: string }[]
}

const configured = process.env.THROUGHLINE_SCENARIOS
const folder = configured === undefined ? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'scenarios') : configured
const available = folder !== '' && existsSync(folder)
const registered = new Set<string>(allRules.map((r) => r.id))

function describeEpisodes(episodes: readonly AlertEpisode[]): string {
  return episodes.length === 0 ? 'none' : episodes.map((a) => `${a.subject} ${a.first_fired}..${a.until ?? ''}`).join(', ')
}

if (!available) {
  describe('scenario acceptance', () => {
    it.skip(`no scenarios folder at ${folder || '(THROUGHLINE_SCENARIOS is empty)'}`, () => {})
  })
} else {
  const files = readdirSync(folder).filter((f) => f.endsWith('.expected.json')).sort()
  describe('scenario acceptance', () => {
    it('finds scenarios', () => {
      expect(files.length).toBeGreaterThan(0)
    })

    for (const file of files) {
      const name = file.slice(0, -'.expected.json'.length)
      describe(name, () => {
        const expected = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Expected
        let alerts: AlertEpisode[] | undefined
        const replayed = () => {
          alerts ??= replay(familyDocumentSchema.parse(JSON.parse(readFileSync(join(folder, `${name}.json`), 'utf8')))).alerts
          return alerts
        }

        for (const want of expected.expected_alerts) {
          const title = `${want.rule} fires for ${want.child} by ${want.should_fire_by}`
          if (!registered.has(want.rule)) {
            it.todo(`${title} (rule ${want.rule} not registered yet)`)
            continue
          }
          it(title, () => {
            const ofRule = replayed().filter((a) => a.rule === want.rule)
            // A household rule may alert on the family or on each child concerned.
            const matching = want.child === FAMILY ? ofRule : ofRule.filter((a) => a.subject === want.child)
            const firstFired = matching.map((a) => a.first_fired).sort()[0]
            expect(firstFired, `${want.why ?? ''}\nfired: ${describeEpisodes(ofRule)}`).toBeDefined()
            expect(firstFired! <= want.should_fire_by, `first fired ${firstFired}, expected by ${want.should_fire_by}. ${want.why ?? ''}`).toBe(true)
          })
        }

        for (const never of expected.should_not_fire) {
          if (!registered.has(never.rule)) {
            it.todo(`${never.rule} never fires (rule not registered yet)`)
            continue
          }
          it(`${never.rule} never fires`, () => {
            const fired = replayed().filter((a) => a.rule === never.rule)
            expect(fired, `${never.why ?? ''}\nfired: ${describeEpisodes(fired)}`).toEqual([])
          })
        }
      })
    }
  })
}
