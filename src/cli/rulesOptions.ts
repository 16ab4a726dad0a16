// The options every command that runs the practice rules takes: the day to
// judge as of, and a partnership's thresholds file.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { Command } from 'commander'
import { BadUsageError, ValidationError } from '../errors/errors.ts'
import { isRealDate } from '../exchange/dates.ts'
import type { IsoDate } from '../exchange/dates.ts'
import type { EngineOptions } from '../rules/engine.ts'
import { loadThresholds } from '../rules/thresholds.ts'

export interface RulesCliOptions {
  asOf?: string
  thresholds?: string
}

export function addRulesOptions(command: Command, asOfHelp = 'judge as of this day (YYYY-MM-DD; default today)'): Command {
  return command
    .option('--as-of <date>', asOfHelp)
    .option('--thresholds <file>', 'a JSON file of threshold overrides (docs/practice-rules-config.md; default THROUGHLINE_THRESHOLDS)')
}

/** Today's date where the process runs, as YYYY-MM-DD. The rules never read a clock; the CLI does. */
export function todayIso(now: Date = new Date()): IsoDate {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

export function asOfFromOptions(options: RulesCliOptions): IsoDate | undefined {
  if (options.asOf === undefined) return undefined
  if (!isRealDate(options.asOf)) throw new BadUsageError(`--as-of ${options.asOf}: expected a real date as YYYY-MM-DD`)
  return options.asOf
}

export function engineFromOptions(options: RulesCliOptions, env: NodeJS.ProcessEnv): EngineOptions {
  const file = options.thresholds ?? (env.THROUGHLINE_THRESHOLDS || undefined)
  if (file === undefined) return {}
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new ValidationError([{ file: basename(file), message: `cannot read the thresholds file: ${e instanceof Error ? e.message : String(e)}` }])
  }
  return { thresholds: loadThresholds(json, basename(file)) }
}
