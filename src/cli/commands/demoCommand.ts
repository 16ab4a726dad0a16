import type { Command } from 'commander'
import { demoFamilies } from '../../generator/demoFamilies.ts'
import type { Store } from '../../store/createStore.ts'
import { importFamilies } from '../../store/importFile.ts'
import type { ImportSummary } from '../../store/importFile.ts'
import { cliActor } from '../cliContext.ts'
import type { CliContext } from '../cliContext.ts'
import { addStoreOptions, configFromOptions, withStore } from '../storeOptions.ts'
import type { StoreCliOptions } from '../storeOptions.ts'
import { describeImport } from './importCommand.ts'

/** The source the demo families are stored under; loading again replaces them. */
export const DEMO_SOURCE = 'demo'

/** Loads (or refreshes) the demo caseload as source `demo`. */
export function loadDemoFamilies(store: Store, actor: string): Promise<ImportSummary> {
  return importFamilies(store, demoFamilies().map((f) => f.doc), { file: 'demo families', source: DEMO_SOURCE, actor })
}

interface DemoCliOptions extends StoreCliOptions {
  as?: string
}

export function registerDemoCommand(program: Command, context: CliContext): void {
  addStoreOptions(
    program.command('demo')
      .description(`Load the fixed demo caseload (synthetic families) into the store, as source "${DEMO_SOURCE}". Loading again updates them, never duplicates.`)
      .option('--as <user>', 'who is loading, recorded on every event (default: $USER, or cli)'),
  ).action(async (options: DemoCliOptions) => {
    const config = configFromOptions(options, context)
    const actor = cliActor(options.as, context)
    const summary = await withStore(config, context, (store) => loadDemoFamilies(store, actor))
    context.stdout.write(describeImport(summary))
  })
}
