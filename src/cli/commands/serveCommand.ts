import { InvalidArgumentError, Option } from 'commander'
import type { Command } from 'commander'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config/config.ts'
import type { Store } from '../../store/createStore.ts'
import { countFamilies } from '../../store/loadFamilyDocument.ts'
import { loadDemo } from './demoCommand.ts'
import { cliRepository } from '../caseAccess.ts'
import { todayIso } from '../rulesOptions.ts'
import type { CliContext } from '../cliContext.ts'
import { addStoreOptions, configFromOptions, openStore } from '../storeOptions.ts'
import type { StoreCliOptions } from '../storeOptions.ts'

interface ServeCliOptions extends StoreCliOptions {
  port?: number
  host?: string
  demo?: boolean
}

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535')
  return port
}

/** Builds the web app over an open store. */
export type AppFactory = (store: Store, config: Config) => Promise<FastifyInstance>

const webApp: AppFactory = async (store, config) => {
  // Loaded here, not at start-up: the other commands need none of the web app.
  const { createApp } = await import('../../web/createApp.ts')
  const { createUserService } = await import('../../access/createUserService.ts')
  return createApp({
    store,
    repository: cliRepository(store, {}, config.sessionSecret === undefined ? {} : { SESSION_SECRET: config.sessionSecret }),
    users: createUserService(store),
    nodeEnv: config.nodeEnv === 'production' ? 'production' : 'development',
    logLevel: config.logLevel === 'info' ? undefined : config.logLevel,
  })
}

export const EMBEDDED_STORE_NOTE =
  'The embedded store is for trying out and small use. It is not power-loss safe: production runs on PostgreSQL (set DATABASE_URL).'

/** Serves until SIGINT/SIGTERM, then closes the server and the store (releasing the data folder). */
export async function serve(
  config: Config,
  context: CliContext,
  buildApp: AppFactory = webApp,
  options: { demo?: boolean | undefined } = {},
): Promise<void> {
  const store = await openStore(config)
  let app: FastifyInstance
  try {
    // The demo caseload goes into an empty store only: never beside real data.
    if (options.demo === true && await countFamilies(store) === 0) {
      const summary = await loadDemo(store, todayIso(), context)
      context.stderr.write(`Loaded the demo caseload: ${summary.families.length} families, ${summary.events} events, ${summary.alertsRaised.length} alerts; demo users are listed in the README\n`)
    }
    app = await buildApp(store, config)
  } catch (e) {
    await store.close()
    throw e
  }
  let stopped!: () => void
  const done = new Promise<void>((resolve) => { stopped = resolve })
  const removeHandler = context.onShutdownSignal((signal) => {
    context.stderr.write(`${signal}: stopping\n`)
    void shutdown()
  })
  let closing = false
  async function shutdown(): Promise<void> {
    if (closing) return
    closing = true
    removeHandler()
    try {
      await app.close()
    } finally {
      await store.close()
      stopped()
    }
  }
  try {
    const address = await app.listen({ port: config.port, host: config.host })
    context.stdout.write(`Throughline is listening on ${address} (store: ${store.kind === 'pglite' ? `embedded, ${store.location}` : store.location})\n`)
    if (store.kind === 'pglite') context.stderr.write(`${EMBEDDED_STORE_NOTE}\n`)
  } catch (e) {
    await shutdown()
    throw e
  }
  await done
}

export function registerServeCommand(program: Command, context: CliContext): void {
  addStoreOptions(
    program.command('serve')
      .description('Run the web server until stopped (Ctrl-C).')
      .addOption(new Option('--port <number>', 'port to listen on (default: PORT or 3000)').argParser(parsePort))
      .option('--host <address>', 'address to listen on (default: HOST or 127.0.0.1)')
      .option('--demo', 'when the store holds no family yet, load the demo caseload (synthetic families) first'),
  ).action(async (options: ServeCliOptions) => {
    const config = configFromOptions(options, context, { port: options.port, host: options.host })
    await serve(config, context, webApp, { demo: options.demo })
  })
}
