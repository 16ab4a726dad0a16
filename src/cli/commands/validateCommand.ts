import type { Command } from 'commander'
import { formatProblem } from '../../errors/errors.ts'
import { readExchangeFile } from '../../exchange/readExchangeFile.ts'
import type { CliContext, ExitStatus } from '../cliContext.ts'

export function registerValidateCommand(program: Command, context: CliContext, status: ExitStatus): void {
  program.command('validate')
    .description('Check exchange files against chronology-exchange/1 without writing anything.')
    .argument('<file...>', 'files to check')
    .action(async (files: string[]) => {
      for (const file of files) {
        let families = 0
        let events = 0
        let problems = 0
        for await (const item of readExchangeFile(file)) {
          if (item.result.ok) {
            families++
            events += item.result.doc.events.length
          } else {
            problems += item.result.problems.length
            for (const p of item.result.problems) context.stderr.write(`${formatProblem(p)}\n`)
          }
        }
        if (problems > 0) {
          context.stderr.write(`${file}: ${problems} problem${problems === 1 ? '' : 's'} found\n`)
          status.fail()
        } else {
          context.stdout.write(`${file}: valid, ${families} famil${families === 1 ? 'y' : 'ies'}, ${events} events\n`)
        }
      }
    })
}
