import { InvalidArgumentError, Option } from 'commander'
import type { Command } from 'commander'
import { evaluateAll, evaluateFamily } from '../../alerts/evaluateFamily.ts'
import { BadUsageError } from '../../errors/errors.ts'
import type { CliContext } from '../cliContext.ts'
import { addRulesOptions, asOfFromOptions, engineFromOptions, todayIso } from '../rulesOptions.ts'
import type { RulesCliOptions } from '../rulesOptions.ts'
import { addStoreOptions, configFromOptions, withStore } from '../storeOptions.ts'
import type { StoreCliOptions } from '../storeOptions.ts'

interface EvaluateCliOptions extends StoreCliOptions, RulesCliOptions {
  all?: boolean
  family?: string
  threads?: number
}

function parseThreads(value: string): number {
  const threads = Number(value)
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new InvalidArgumentError('expected a whole number of threads from 1 to 64')
  return threads
}

export function registerEvaluateCommand(program: Command, context: CliContext): void {
  addRulesOptions(addStoreOptions(
    program.command('evaluate')
      .description('Bring stored alerts up to date as of today (run nightly: time-based rules fire without new records).')
      .option('--all', 'every family in the store')
      .option('--family <ref>', 'one family')
      .addOption(new Option('--threads <number>', 'threads evaluating --all, this one included; on PostgreSQL the others are worker threads with connections of their own (default: one per core, at most 4, from 10,000 families; else 1)').argParser(parseThreads)),
  )).action(async (options: EvaluateCliOptions) => {
    if ((options.all === true) === (options.family !== undefined)) throw new BadUsageError('Give either --all or --family REF')
    if (options.threads !== undefined && options.all !== true) throw new BadUsageError('--threads is for --all')
    const config = configFromOptions(options, context)
    const asOf = asOfFromOptions(options) ?? todayIso()
    const engine = engineFromOptions(options, context.env)
    await withStore(config, context, async (store) => {
      if (options.family !== undefined) {
        const r = await evaluateFamily(store, options.family, { asOf, engine, full: true })
        context.stdout.write(`${r.family} as of ${asOf}: ${r.raised} alerts raised, ${r.updated} updated\n`)
        return
      }
      const totals = await evaluateAll(store, { asOf, engine, ...(options.threads === undefined ? {} : { threads: options.threads }) })
      context.stdout.write(`${totals.families} families evaluated as of ${asOf}: ${totals.replayed} changed, ${totals.raised} alerts raised, ${totals.updated} updated\n`)
    })
  })
}
