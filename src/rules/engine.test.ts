import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { familyDocumentSchema, type FamilyDocument } from '../exchange/schema.ts'
import { addDays } from './calendar.ts'
import { createEpisodeTracker, evaluateAsOf, replay, sortEpisodes } from './engine.ts'
import { indexFamily, viewAsOf } from './familyView.ts'
import { replayToJson, replayToText } from './formatReplay.ts'
import { allRules } from './registry.ts'
import { buildEvent, buildFamily } from './testing.ts'
import { defaultThresholds } from './thresholds.ts'
import { defineRule, FAMILY, type AlertEpisode, type Rule } from './types.ts'

/** The slow, obviously right replay: every single day. Lives only here. */
function bruteForceReplay(doc: FamilyDocument, rules: readonly Rule[]): AlertEpisode[] {
  const index = indexFamily(doc)
  const from = index.firstPlaced, to = index.endOfRecord
  if (from === undefined || to === undefined) return []
  const trackers = rules.map((rule) => createEpisodeTracker(rule))
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const view = viewAsOf(index, day)
    rules.forEach((rule, i) => trackers[i]?.observe(day, rule.evaluate(view, day, defaultThresholds[rule.id])))
  }
  return sortEpisodes(trackers.flatMap((t) => t.finish()))
}

const configured = process.env.THROUGHLINE_SCENARIOS
const folder = configured === undefined ? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'scenarios') : configured
const scenarios = folder !== '' && existsSync(folder)
  ? readdirSync(folder).filter((f) => f.endsWith('.expected.json')).map((f) => f.slice(0, -'.expected.json'.length)).sort()
  : []

// Skipped as a whole without the scenarios folder: an each() over no cases
// leaves an empty suite, which vitest counts as a failure.
describe.skipIf(scenarios.length === 0)('replay evaluates only the days that can change an outcome', () => {
  it.each(scenarios)('%s: replay equals a day-by-day evaluation for every registered rule', (name) => {
    const doc = familyDocumentSchema.parse(JSON.parse(readFileSync(join(folder, `${name}.json`), 'utf8')))
    for (const rule of allRules) {
      expect(replay(doc, { rules: [rule] }).alerts, `rule ${rule.id}: a change date, or a type in reads, is missing`).toEqual(bruteForceReplay(doc, [rule]))
    }
  })
})

/** Holds from day 10 to day 19 after the latest note: exercises closing and reopening. */
const tenDaysAfterNote = defineRule('young-carer', {
  evaluate(view, asOf) {
    const last = view.ofType('note').at(-1)
    return last && addDays(last.placed, 10) <= asOf && asOf < addDays(last.placed, 20)
      ? [{ subject: FAMILY, events: [last.id], threshold: '10 days since a note' }]
      : []
  },
  changeDates: (view) => view.ofType('note').flatMap((e) => [addDays(e.placed, 10), addDays(e.placed, 20)]),
})

describe('replay', () => {
  const doc = buildFamily({
    events: [
      buildEvent('note', { date: '2020-01-01' }),
      buildEvent('note', { date: '2020-01-05', recorded: '2020-01-20' }),
      buildEvent('note', { date: '2020-03-01' }),
    ],
  })

  it('reports each episode with its first day and the first day it no longer holds', () => {
    const alerts = replay(doc, { rules: [tenDaysAfterNote], until: '2020-06-30' }).alerts
    expect(alerts.map((a) => [a.first_fired, a.until, a.events])).toEqual([
      // From 20 Jan the 5 Jan note is known, which keeps the alert until 25 Jan;
      // an episode keeps the events of its first day.
      ['2020-01-11', '2020-01-25', ['E1']],
      ['2020-03-11', '2020-03-21', ['E3']],
    ])
    expect(replay(doc, { rules: [tenDaysAfterNote] }).alerts).toEqual(bruteForceReplay(doc, [tenDaysAfterNote]))
  })

  it('gives the same episodes when the rule declares the types it reads', () => {
    const withReads = { ...tenDaysAfterNote, reads: ['note'] as const }
    const unrelated = buildFamily({ events: [...doc.events, buildEvent('visit', { date: '2020-01-15' }), buildEvent('visit', { date: '2020-01-28' })] })
    expect(replay(unrelated, { rules: [withReads] }).alerts).toEqual(bruteForceReplay(unrelated, [tenDaysAfterNote]))
  })

  it('runs from the earliest placed date to the end of the record, or to until', () => {
    const result = replay(doc, { rules: [tenDaysAfterNote], until: '2020-06-30' })
    expect([result.from, result.to]).toEqual(['2020-01-01', '2020-06-30'])
    expect(result.alerts.at(-1)).toMatchObject({ first_fired: '2020-03-11', until: '2020-03-21' })
    expect(replay(doc, { rules: [tenDaysAfterNote], until: '2020-03-15' }).alerts.at(-1)).toMatchObject({ first_fired: '2020-03-11', until: null })
    expect(replay(doc, { rules: [tenDaysAfterNote] }).to).toBe('2020-03-01')
  })

  it('carries the rule words on every episode', () => {
    const [alert] = replay(doc, { rules: [tenDaysAfterNote] }).alerts
    expect(alert).toMatchObject({ rule: 'young-carer', title: 'Young carer', advice: 'Assess the child as a young carer.', source: 'ALHC 5.5, 5.28' })
  })

  it('handles a family with no events', () => {
    expect(replay(buildFamily({ events: [] }))).toEqual({ family: 'F1', from: undefined, to: undefined, alerts: [] })
  })

  it('formats the replay as JSON with exactly the documented keys, and as a timeline', () => {
    const result = replay(doc, { rules: [tenDaysAfterNote] })
    const json = replayToJson(result)
    expect(Object.keys(json)).toEqual(['family', 'alerts'])
    expect(json.alerts[0]).toEqual({
      rule: 'young-carer', subject: 'family', first_fired: '2020-01-11', until: '2020-01-25', events: ['E1'],
      threshold: '10 days since a note', advice: 'Assess the child as a young carer.', source: 'ALHC 5.5, 5.28',
    })
    const text = replayToText(result)
    expect(text).toContain('2020-01-11  young-carer  family  (until 2020-01-25)')
    expect(text).toContain('Advice: Assess the child as a young carer. (ALHC 5.5, 5.28)')
    expect(replayToText(replay(buildFamily({ events: [] })))).toContain('No alerts.')
  })
})

describe('evaluateAsOf', () => {
  it('counts only events known by the date, with the rule words', () => {
    const doc = buildFamily({
      events: [
        buildEvent('appointment', { date: '2020-01-01', status: 'was_not_brought' }),
        buildEvent('appointment', { date: '2020-02-01', recorded: '2020-02-10', status: 'was_not_brought' }),
      ],
    })
    expect(evaluateAsOf(doc, '2020-02-09')).toEqual([])
    expect(evaluateAsOf(doc, '2020-02-10')).toEqual([expect.objectContaining({
      rule: 'was-not-brought', subject: 'C1', events: ['E1', 'E2'], advice: expect.stringContaining('medical neglect') as unknown,
    })])
  })

  it('accepts a prepared index and a rule subset', () => {
    const index = indexFamily(buildFamily({ events: [buildEvent('note', { date: '2020-01-01' })] }))
    expect(evaluateAsOf(index, '2020-01-11', { rules: [tenDaysAfterNote] })).toHaveLength(1)
    expect(evaluateAsOf(index, '2020-01-10', { rules: [tenDaysAfterNote] })).toHaveLength(0)
  })
})
