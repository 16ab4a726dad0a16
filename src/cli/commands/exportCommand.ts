import { renameSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { serializeFamilyDocument } from '../../exchange/canonicalFamilyDocument.ts'
import { cliRepository, namedActor } from '../caseAccess.ts'
import type { CliContext } from '../cliContext.ts'
import { addStoreOptions, configFromOptions, withStore } from '../storeOptions.ts'
import type { StoreCliOptions } from '../storeOptions.ts'

interface ExportCliOptions extends StoreCliOptions {
  family: string
  child?: string
  out?: string
  as?: string
}

export function registerExportCommand(program: Command, context: CliContext): void {
  addStoreOptions(
    program.command('export')
      .description('Write one family\'s merged chronology in the exchange format (chronology-exchange/1).')
      .requiredOption('--family <ref>', 'the family\'s ref')
      .option('--child <ref>', 'only the records about this child')
      .option('--as <user>', 'the Throughline user exporting: their access applies, and the export is audited')
      .option('--out <file>', 'write to this file instead of standard output'),
  ).action(async (options: ExportCliOptions) => {
    const config = configFromOptions(options, context)
    const doc = await withStore(config, context, async (store) =>
      cliRepository(store, {}, context.env).exportFamily(await namedActor(store, options.as), options.family, options.child === undefined ? {} : { childRef: options.child }))
    const text = serializeFamilyDocument(doc, { pretty: true })
    if (options.out === undefined) {
      context.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
      return
    }
    // Write beside the target and rename, so a reader never sees half a file.
    const partial = `${options.out}.partial`
    writeFileSync(partial, text.endsWith('\n') ? text : `${text}\n`)
    renameSync(partial, options.out)
    context.stdout.write(`${options.family}: ${doc.events.length} events written to ${options.out}\n`)
  })
}
