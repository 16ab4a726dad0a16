// `throughline bench`: the scale benchmark (docs/benchmarks.md). Prints a
// table (or JSON) and writes the results file.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { wholeNumberOption } from '../wholeNumberOption.ts'
import type { Command } from 'commander'
import { createBenchProgress } from '../../bench/benchProgress.ts'
import { formatBenchReport } from '../../bench/formatBenchReport.ts'
import { runBenchmark } from '../../bench/runBenchmark.ts'
import { BadUsageError } from '../../errors/errors.ts'
import type { CliContext } from '../cliContext.ts'

interface BenchCliOptions {
  children: string
  seed: string
  json?: boolean
  out: string
  events?: string
  pageSeconds?: string
  pglite: boolean
}

function positive(text: string | undefined, flag: string): number | undefined {
  return text === undefined ? undefined : wholeNumberOption(text, flag, 1)
}

export function registerBenchCommand(program: Command, context: CliContext): void {
  program.command('bench')
    .description('Measure import, nightly evaluation, recording an event and the family page on a generated caseload, on PGlite and (with DATABASE_URL) PostgreSQL.')
    .option('--children <n>', 'children in the generated caseload', '60000')
    .option('--seed <seed>', 'generator seed', 'bench')
    .option('--json', 'print the results as JSON instead of a table')
    .option('--out <file>', 'write the results here as JSON', 'bench/results.json')
    .option('--events <n>', 'events to record one at a time (default 1,000; fewer for a small caseload)')
    .option('--no-pglite', 'bench PostgreSQL (DATABASE_URL) only')
    .option('--page-seconds <n>', 'seconds of load on each family page (default 10; 3 below 20,000 children)')
    .action(async (options: BenchCliOptions) => {
      const children = positive(options.children, '--children') ?? 0
      const oneEventSamples = positive(options.events, '--events')
      const pageSeconds = positive(options.pageSeconds, '--page-seconds')
      const databaseUrl = context.env.DATABASE_URL
      if (!options.pglite && (databaseUrl === undefined || databaseUrl === '')) throw new BadUsageError('--no-pglite needs DATABASE_URL: there would be nothing to bench')
      const report = await runBenchmark({
        children,
        seed: options.seed,
        databaseUrl: databaseUrl === undefined || databaseUrl === '' ? undefined : databaseUrl,
        skipPglite: !options.pglite,
        ...(oneEventSamples !== undefined ? { oneEventSamples } : {}),
        ...(pageSeconds !== undefined ? { pageSeconds } : {}),
        progress: createBenchProgress(context.stderr, context.progressStream),
      })
      await mkdir(dirname(options.out), { recursive: true })
      await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`)
      context.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatBenchReport(report))
    })
}
