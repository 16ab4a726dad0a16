import { renameSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { serializeFamilyDocument } from '../../exchange/canonicalFamilyDocument.ts'
import { NotFoundError } from '../../errors/errors.ts'
import { loadFamilyDocument } from '../../store/loadFamilyDocument.ts'
import type { CliContext } from '../cliContext.ts'
import { addStoreOptions, configFromOptions, withStore } from '../storeOptions.ts'
import type { StoreCliOptions } from '../storeOptions.ts'

interface ExportCliOptions extends StoreCliOptions {
  family: string
  out?: string
}

export function registerExportCommand(program: Command, context: CliContext): void {
  addStoreOptions(
    program.command('export')
      .description('Write one family\'s merged chronology in the exchange format (chronology-exchange/1).')
      .requiredOption('--family <ref>', 'the family\'s ref')
      .option('--out <file>', 'write to this file instead of standard output'),
  ).action(async (options: ExportCliOptions) => {
    const config = configFromOptions(options, context)
    const doc = await withStore(config, context, (store) => loadFamilyDocument(store, options.family))
    if (doc === null) throw new NotFoundError(`There is no family ${options.family} in the store`)
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
