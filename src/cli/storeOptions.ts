// The options every command that opens the store takes, and opening it.
import type { Command } from 'commander'
import { loadConfig } from '../config/config.ts'
import type { Config } from '../config/config.ts'
import { BadUsageError } from '../errors/errors.ts'
import { createStore } from '../store/createStore.ts'
import type { Store } from '../store/createStore.ts'
import type { CliContext } from './cliContext.ts'

export interface StoreCliOptions {
  data?: string
  db?: string
  dbSchema?: string
}

export function addStoreOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'folder of the embedded store (default: THROUGHLINE_DATA or ./data)')
    .option('--db <url>', 'PostgreSQL URL (default: DATABASE_URL); used instead of the embedded store')
    .option('--db-schema <name>', 'PostgreSQL schema to use (default: THROUGHLINE_DB_SCHEMA or public)')
}

export function configFromOptions(options: StoreCliOptions, context: CliContext, extra: Partial<Config> = {}): Config {
  if (options.data !== undefined && options.db !== undefined) {
    throw new BadUsageError('Give either --data or --db, not both')
  }
  // An explicit --data means the embedded store, even if DATABASE_URL is set.
  const env = options.data !== undefined ? { ...context.env, DATABASE_URL: undefined } : context.env
  return loadConfig(env, { ...extra, dataDir: options.data, databaseUrl: options.db, dbSchema: options.dbSchema })
}

export function openStore(config: Config): Promise<Store> {
  return createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, dbSchema: config.dbSchema })
}

/**
 * Opens the store, runs `work`, and closes it, also on SIGINT/SIGTERM, so the
 * data folder's lock is released. An interrupted transaction is rolled back by
 * the database, as after a crash.
 */
export async function withStore<T>(config: Config, context: CliContext, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config)
  const removeHandler = context.onShutdownSignal((signal) => {
    context.stderr.write(`\nStopped by ${signal}; unfinished work was not saved.\n`)
    const exit = () => process.exit(130)
    const timer = setTimeout(exit, 2000)
    store.close().finally(() => { clearTimeout(timer); exit() })
  })
  try {
    return await work(store)
  } finally {
    removeHandler()
    await store.close()
  }
}
