import type { Command } from 'commander'
import { replayToJson, replayToText } from '../../rules/formatReplay.ts'
import { cliRepository, namedActor } from '../caseAccess.ts'
import type { CliContext } from '../cliContext.ts'
import { addRulesOptions, asOfFromOptions, engineFromOptions, todayIso } from '../rulesOptions.ts'
import type { RulesCliOptions } from '../rulesOptions.ts'
import { addStoreOptions, configFromOptions, withStore } from '../storeOptions.ts'
import type { StoreCliOptions } from '../storeOptions.ts'

interface AlertsCliOptions extends StoreCliOptions, RulesCliOptions {
  family: string
  as?: string
  json?: boolean
}

export function registerAlertsCommand(program: Command, context: CliContext): void {
  addRulesOptions(addStoreOptions(
    program.command('alerts')
      .description('A stored family\'s alerts: when each first fired and when it stopped holding, as of today or a given day, with the state practitioners gave it.')
      .requiredOption('--family <ref>', 'the family\'s ref')
      .option('--as <user>', 'the Throughline user asking: their access applies, and the look is audited')
      .option('--json', 'print the same JSON as `replay --json`'),
  )).action(async (options: AlertsCliOptions) => {
    const config = configFromOptions(options, context)
    const asOf = asOfFromOptions(options) ?? todayIso()
    const engine = engineFromOptions(options, context.env)
    // The repository checks the user may see the family, replays the rules
    // over the entries they may read (restricted ones they may not read are
    // left out) and audits the look, in one transaction. What is printed is
    // derived (dates, rule ids, event ids, thresholds), never an event's content.
    const { storedAlerts: stored, ...result } = await withStore(config, context, async (store) =>
      cliRepository(store, engine, context.env).replay(await namedActor(store, options.as), options.family, { asOf, engine }))
    if (options.json === true) {
      context.stdout.write(`${JSON.stringify(replayToJson(result))}\n`)
      return
    }
    context.stdout.write(replayToText(result))
    const open = stored.filter((a) => a.state !== 'resolved')
    if (stored.length > 0) {
      context.stdout.write(`\nStored alerts: ${open.length} open or acknowledged, ${stored.length - open.length} resolved\n`)
      for (const a of stored) {
        context.stdout.write(`  #${a.id} ${a.firstFired} ${a.rule} ${a.subject}: ${a.state}${a.resolution === null ? '' : ` (${a.resolution.replaceAll('_', ' ')})`}\n`)
      }
    }
  })
}
