import { basename } from 'node:path'
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import type { ImportSummary } from '../../store/importFile.ts'
import { cliRepository, importingActor } from '../caseAccess.ts'
import { addRulesOptions, asOfFromOptions, engineFromOptions, todayIso } from '../rulesOptions.ts'
import type { RulesCliOptions } from '../rulesOptions.ts'
import type { CliContext, ExitStatus } from '../cliContext.ts'
import { reportError } from '../reportError.ts'
import { addStoreOptions, configFromOptions, withStore } from '../storeOptions.ts'
import type { StoreCliOptions } from '../storeOptions.ts'

interface ImportCliOptions extends StoreCliOptions, RulesCliOptions {
  source?: string
  as?: string
}

export function describeImport(s: ImportSummary): string {
  const n = s.families.length
  const lines = [`${s.file}: imported as source ${s.source}: ${n} famil${n === 1 ? 'y' : 'ies'}, ${s.events} events`]
  for (const f of s.families) {
    lines.push(`  ${f.ref} ${f.status}: ${f.eventsAdded} added, ${f.eventsUpdated} updated, ${f.eventsUnchanged} unchanged, ${f.eventsRemoved} removed`)
  }
  return lines.join('\n') + '\n'
}

function progressBar(context: CliContext, file: string): { update(done: number, total: number): void; stop(): void } {
  const stream = context.progressStream
  if (stream === undefined) return { update() {}, stop() {} }
  const bar = new cliProgress.SingleBar({
    stream,
    format: `${basename(file)} [{bar}] {percentage}% | {value}/{total} bytes`,
    hideCursor: true,
    clearOnComplete: true,
  }, cliProgress.Presets.shades_classic)
  let started = false
  return {
    update(done, total) {
      if (!started) { bar.start(total, 0); started = true }
      bar.update(done)
    },
    stop() { if (started) bar.stop() },
  }
}

export function registerImportCommand(program: Command, context: CliContext, status: ExitStatus): void {
  addRulesOptions(addStoreOptions(
    program.command('import')
      .description('Load exchange files into the store. Each file is all or nothing: one bad record and none of that file is written.')
      .argument('<file...>', 'chronology-exchange/1 files (.json, or .jsonl with one family per line)')
      .option('--source <name>', 'the sender the files come from (default: each file\'s name without extension)')
      .option('--as <user>', 'the Throughline user importing, recorded on every event and in the audit (default: the system, for the shell user)'),
    ), 'evaluate the imported families\' alerts as of this day (YYYY-MM-DD; default today)',
  ).action(async (files: string[], options: ImportCliOptions) => {
    const config = configFromOptions(options, context)
    const asOf = asOfFromOptions(options) ?? todayIso()
    const engine = engineFromOptions(options, context.env)
    await withStore(config, context, async (store) => {
      const actor = await importingActor(store, options.as, context)
      const repository = cliRepository(store, engine, context.env)
      for (const file of files) {
        const bar = progressBar(context, file)
        try {
          const summary = await repository.importFile(actor, file, { ...(options.source === undefined ? {} : { source: options.source }), asOf, onProgress: bar.update })
          bar.stop()
          context.stdout.write(describeImport(summary))
          const raised = summary.alertsRaised
          if (raised.length > 0) {
            context.stdout.write(`  ${raised.length} alert${raised.length === 1 ? '' : 's'} raised as of ${asOf}:\n`)
            for (const { familyRef, alert } of raised) context.stdout.write(`    ${familyRef} ${alert.subject}: ${alert.title} (${alert.rule}), first fired ${alert.firstFired}\n`)
          }
        } catch (e) {
          bar.stop()
          reportError(e, context)
          status.fail()
        }
      }
    })
  })
}
