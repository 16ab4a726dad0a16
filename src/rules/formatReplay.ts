// A replay as the stable JSON the CLI prints, and as a readable timeline.
import type { IsoDate } from '../exchange/dates.ts'
import type { ReplayResult } from './engine.ts'
import type { AlertEpisode } from './types.ts'

export interface ReplayAlertJson {
  rule: string
  subject: string
  first_fired: IsoDate
  until: IsoDate | null
  events: string[]
  threshold: string
  advice: string
  source: string
}

export interface ReplayJson {
  family: string
  alerts: ReplayAlertJson[]
}

/** Exactly the documented keys, in order, sorted by first_fired. */
export function replayToJson(result: ReplayResult): ReplayJson {
  return {
    family: result.family,
    alerts: byFirstFired(result.alerts).map((a) => ({
      rule: a.rule,
      subject: a.subject,
      first_fired: a.first_fired,
      until: a.until,
      events: [...a.events],
      threshold: a.threshold,
      advice: a.advice,
      source: a.source,
    })),
  }
}

/**
 * One block per alert episode, in date order:
 *
 *   2017-10-26  child-not-seen  jade  (until 2017-11-02)
 *               Child not seen: 20 working days since ...; the threshold is 20
 *               Events: q-012, q-019
 *               Advice: Visit and see the child. (ALHC 5.18–5.20)
 */
export function replayToText(result: ReplayResult): string {
  const header = `Family ${result.family}: replay ${result.from ?? '-'} to ${result.to ?? '-'}`
  if (result.alerts.length === 0) return `${header}\nNo alerts.\n`
  const indent = ' '.repeat(12)
  const blocks = byFirstFired(result.alerts).map((a) => [
    `${a.first_fired}  ${a.rule}  ${a.subject}  (${a.until === null ? 'still holding' : `until ${a.until}`})`,
    `${indent}${a.title}: ${a.threshold}`,
    `${indent}Events: ${a.events.join(', ') || 'none'}`,
    `${indent}Advice: ${a.advice} (${a.source})`,
  ].join('\n'))
  return `${header}\n${result.alerts.length} alert${result.alerts.length === 1 ? '' : 's'}\n\n${blocks.join('\n\n')}\n`
}

/** A stable sort: episodes with the same first_fired keep the replay's order. */
function byFirstFired(alerts: readonly AlertEpisode[]): AlertEpisode[] {
  return [...alerts].sort((a, b) => (a.first_fired < b.first_fired ? -1 : a.first_fired > b.first_fired ? 1 : 0))
}
