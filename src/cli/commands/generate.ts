// `throughline generate`: synthetic families as JSON Lines, for the demo and
// the scale benchmark. Same seed, same bytes.
import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import type { Writable } from 'node:stream'
import { wholeNumberOption } from '../wholeNumberOption.ts'
import type { Command } from 'commander'
import { BadUsageError } from '../../errors/errors.ts'
import { isRealDate } from '../../exchange/dates.ts'
import { writeGeneratedFamilies, type GenerateSummary } from '../../generator/writeGeneratedFamilies.ts'
import { processContext, type CliContext } from '../cliContext.ts'

interface GenerateFlags {
  children: string
  seed: string
  out?: string
  patternShare?: string
  manifest?: string
  start?: string
  end?: string
}

function share(text: string): number {
  const n = Number(text)
  if (text.trim() === '' || !(n >= 0 && n <= 1)) throw new BadUsageError(`--pattern-share must be a number from 0 to 1, not "${text}"`)
  return n
}

function date(text: string | undefined, flag: string): string | undefined {
  if (text !== undefined && !isRealDate(text)) throw new BadUsageError(`${flag} must be a date as YYYY-MM-DD, not "${text}"`)
  return text
}

async function closeFile(stream: Writable): Promise<void> {
  stream.end()
  await finished(stream)
}

export function registerGenerateCommand(program: Command, context: CliContext = processContext()): void {
  program.command('generate')
    .description('Generate realistic synthetic families as JSON Lines (chronology-exchange/1), deterministic from the seed.')
    .requiredOption('--children <n>', 'children to generate in all (born and unborn)')
    .requiredOption('--seed <seed>', 'seed: the same seed gives the same output, byte for byte')
    .option('--out <file>', 'write the families here (default: standard output)')
    .option('--pattern-share <x>', 'share of families with planted practice-rule patterns, 0 to 1', '0.15')
    .option('--manifest <file>', 'write the planted patterns here, one JSON line per family')
    .option('--start <date>', 'earliest date a history may start (default: six years before --end)')
    .option('--end <date>', 'the end of every record (default 2026-10-31)')
    .action(async (flags: GenerateFlags) => {
      const start = date(flags.start, '--start'), end = date(flags.end, '--end')
      const options = {
        children: wholeNumberOption(flags.children, '--children'),
        seed: flags.seed,
        patternShare: share(flags.patternShare ?? '0.15'),
        ...(start ? { start } : {}),
        ...(end ? { end } : {}),
      }
      const out: Writable = flags.out ? createWriteStream(flags.out) : process.stdout
      const manifest = flags.manifest ? createWriteStream(flags.manifest) : undefined
      let summary: GenerateSummary
      try {
        summary = await writeGeneratedFamilies(options, out, manifest)
      } finally {
        if (flags.out) await closeFile(out)
        if (manifest) await closeFile(manifest)
      }
      const report = flags.out ? context.stdout : context.stderr
      report.write(`generated ${summary.families} families, ${summary.children} children, ${summary.events} events (${(summary.bytes / 1e6).toFixed(1)} MB), ${summary.planted} planted patterns\n`)
    })
}
