import type { Command } from 'commander'
import { ValidationError } from '../../errors/errors.ts'
import { readExchangeFile } from '../../exchange/readExchangeFile.ts'
import { replay } from '../../rules/engine.ts'
import { replayToJson, replayToText } from '../../rules/formatReplay.ts'
import type { CliContext } from '../cliContext.ts'
import { addRulesOptions, asOfFromOptions, engineFromOptions } from '../rulesOptions.ts'
import type { RulesCliOptions } from '../rulesOptions.ts'

interface ReplayCliOptions extends RulesCliOptions {
  json?: boolean
}

export function registerReplayCommand(program: Command, context: CliContext): void {
  addRulesOptions(
    program.command('replay')
      .description('Replay a family\'s chronology from a file, without a database: when each alert would first have fired, and when it stopped holding.')
      .argument('<file>', 'a chronology-exchange/1 file (one family, a batch, or JSON Lines)')
      .option('--json', 'print JSON: {"family", "alerts": [{rule, subject, first_fired, until, events, threshold, advice, source}]}'),
    'replay up to this day (YYYY-MM-DD) instead of the end of the record',
  ).action(async (file: string, options: ReplayCliOptions) => {
    const until = asOfFromOptions(options)
    const engine = engineFromOptions(options, context.env)
    const outputs: string[] = []
    for await (const item of readExchangeFile(file)) {
      if (!item.result.ok) throw new ValidationError(item.result.problems)
      const result = replay(item.result.doc, { ...engine, ...(until === undefined ? {} : { until }) })
      outputs.push(options.json === true ? JSON.stringify(replayToJson(result)) : replayToText(result))
    }
    context.stdout.write(outputs.join(options.json === true ? '\n' : '\n\n') + '\n')
  })
}
