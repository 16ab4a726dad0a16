import { mkdtempSync, rmSync } from 'node:fs'
import { createWriteStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import type { Command } from 'commander'
import { createDemoUsers, DEMO_PASSWORD, DEMO_USERS } from '../../access/demoUsers.ts'
import { writeJsonLines } from '../../exchange/writeJsonLines.ts'
import { demoFamilies } from '../../generator/demoFamilies.ts'
import type { Store } from '../../store/createStore.ts'
import type { CaseRepository } from '../../access/caseRepository.ts'
import { cliRepository } from '../caseAccess.ts'
import type { CliContext } from '../cliContext.ts'
import { addRulesOptions, asOfFromOptions, todayIso } from '../rulesOptions.ts'
import type { RulesCliOptions } from '../rulesOptions.ts'
import { addStoreOptions, configFromOptions, withStore } from '../storeOptions.ts'
import type { StoreCliOptions } from '../storeOptions.ts'
import { describeImport } from './importCommand.ts'

/** The source the demo families are stored under; loading again replaces them. */
export const DEMO_SOURCE = 'demo'

/**
 * Loads the demo caseload (records running to `asOf`) and the demo users,
 * through the case repository as the system, so it is audited and evaluated
 * like any import.
 */
export async function loadDemo(store: Store, asOf: string, context?: CliContext): Promise<Awaited<ReturnType<CaseRepository['importFile']>> & { users: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'throughline-demo-'))
  try {
    const file = join(dir, 'demo-families.jsonl')
    const out = createWriteStream(file)
    await writeJsonLines(demoFamilies({ end: asOf }).map((f) => f.doc), out)
    out.end()
    await finished(out)
    const summary = await cliRepository(store, {}, context?.env).importFile({ kind: 'system', name: 'demo' }, file, { source: DEMO_SOURCE, fileName: 'demo families', asOf })
    const users = await createDemoUsers(store)
    return { ...summary, users: users.length }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

type DemoCliOptions = StoreCliOptions & RulesCliOptions

export function registerDemoCommand(program: Command, context: CliContext): void {
  addRulesOptions(addStoreOptions(
    program.command('demo')
      .description(`Load the demo caseload (synthetic families whose records run to today) and the demo users, as source "${DEMO_SOURCE}". Loading again updates them, never duplicates.`),
  ), 'end the demo records on this day (YYYY-MM-DD; default today)').action(async (options: DemoCliOptions) => {
    const config = configFromOptions(options, context)
    const asOf = asOfFromOptions(options) ?? todayIso()
    const summary = await withStore(config, context, (store) => loadDemo(store, asOf, context))
    context.stdout.write(describeImport(summary))
    context.stdout.write(`Demo users (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => u.username).join(', ')}\n`)
  })
}
