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
}

export function registerEvaluateCommand(program: Command, context: CliContext): void {
  addRulesOptions(addStoreOptions(
    program.command('evaluate')
      .description('Bring stored alerts up to date as of today (run nightly: time-based rules fire without new records).')
      .option('--all', 'every family in the store')
      .option('--family <ref>', 'one family'),
  )).action(async (options: EvaluateCliOptions) => {
    if ((options.all === true) === (options.family !== undefined)) throw new BadUsageError('Give either --all or --family REF')
    const config = configFromOptions(options, context)
    const asOf = asOfFromOptions(options) ?? todayIso()
    const engine = engineFromOptions(options, context.env)
    await withStore(config, context, async (store) => {
      if (options.family !== undefined) {
        const r = await evaluateFamily(store, options.family, { asOf, engine, full: true })
        context.stdout.write(`${r.family} as of ${asOf}: ${r.raised} alerts raised, ${r.updated} updated\n`)
        return
      }
      const totals = await evaluateAll(store, { asOf, engine })
      context.stdout.write(`${totals.families} families evaluated as of ${asOf}: ${totals.replayed} changed, ${totals.raised} alerts raised, ${totals.updated} updated\n`)
    })
  })
}
