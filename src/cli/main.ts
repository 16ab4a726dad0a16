// The command line: `throughline <command>`. Each command lives in its own
// file under commands/ and is registered here. Exit codes: 0 done, 1 failed,
// 2 bad usage. Results go to stdout, errors to stderr.
import { Command, CommanderError } from 'commander'
import { BadUsageError } from '../errors/errors.ts'
import { createExitStatus, processContext } from './cliContext.ts'
import type { CliContext } from './cliContext.ts'
import { registerAlertsCommand } from './commands/alertsCommand.ts'
import { registerBenchCommand } from './commands/benchCommand.ts'
import { registerDemoCommand } from './commands/demoCommand.ts'
import { registerEvaluateCommand } from './commands/evaluateCommand.ts'
import { registerExportCommand } from './commands/exportCommand.ts'
import { registerGenerateCommand } from './commands/generate.ts'
import { registerImportCommand } from './commands/importCommand.ts'
import { registerReplayCommand } from './commands/replayCommand.ts'
import { registerServeCommand } from './commands/serveCommand.ts'
import { registerUserCommand } from './commands/userCommand.ts'
import { registerValidateCommand } from './commands/validateCommand.ts'
import { reportError } from './reportError.ts'

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

export function buildProgram(context: CliContext, status = createExitStatus()): Command {
  const program = new Command('throughline')
    .description('One multi-agency chronology per family, with transparent practice rules.')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => { context.stdout.write(s) },
      writeErr: (s) => { context.stderr.write(s) },
    })
    .exitOverride()
  registerServeCommand(program, context)
  registerImportCommand(program, context, status)
  registerExportCommand(program, context)
  registerValidateCommand(program, context, status)
  registerDemoCommand(program, context)
  registerGenerateCommand(program, context)
  registerReplayCommand(program, context)
  registerAlertsCommand(program, context)
  registerEvaluateCommand(program, context)
  registerUserCommand(program, context, status)
  registerBenchCommand(program, context)
  // Subcommands inherit the output and exit handling.
  for (const command of program.commands) {
    command.configureOutput({
      writeOut: (s) => { context.stdout.write(s) },
      writeErr: (s) => { context.stderr.write(s) },
    }).exitOverride().showHelpAfterError('(run with --help for usage)')
  }
  return program
}

export async function main(argv: string[], context: CliContext = processContext()): Promise<number> {
  const status = createExitStatus()
  const program = buildProgram(context, status)
  if (argv.length === 0) {
    program.outputHelp({ error: true })
    return EXIT.usage
  }
  try {
    await program.parseAsync(argv, { from: 'user' })
    return status.code
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; every other commander error is bad usage.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    reportError(e, context)
    return e instanceof BadUsageError ? EXIT.usage : EXIT.failed
  }
}
