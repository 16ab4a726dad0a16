import cluster from 'node:cluster'
import type { Worker } from 'node:cluster'
import { InvalidArgumentError, Option } from 'commander'
import type { Command } from 'commander'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config/config.ts'
import { BadUsageError } from '../../errors/errors.ts'
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
  workers?: number
}

function parseWorkers(value: string): number {
  const workers = Number(value)
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new InvalidArgumentError('expected a whole number of processes from 1 to 64')
  return workers
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

/**
 * Runs `workers` processes of the web server (node:cluster), each with its own
 * store connection pool, sharing the port: one Node process renders pages on
 * one core, and sessions live in the database, so any process serves any
 * request. PostgreSQL only: the embedded store can be opened by one process.
 * Each worker runs this same command and serves as `serve` does; this process
 * loads the demo first when asked, passes shutdown on and waits for them.
 */
export async function serveWorkers(config: Config, context: CliContext, workers: number, options: { demo?: boolean | undefined } = {}): Promise<void> {
  if (config.databaseUrl === undefined) {
    throw new BadUsageError('--workers needs PostgreSQL (DATABASE_URL or --db): the embedded store can be opened by one process only')
  }
  if (options.demo === true) {
    const store = await openStore(config)
    try {
      if (await countFamilies(store) === 0) {
        const summary = await loadDemo(store, todayIso(), context)
        context.stderr.write(`Loaded the demo caseload: ${summary.families.length} families, ${summary.events} events\n`)
      }
    } finally {
      await store.close()
    }
  }
  let stopping = false
  const running = new Set<Worker>()
  await new Promise<void>((resolve, reject) => {
    const stopAll = (): void => {
      stopping = true
      removeHandler()
      if (running.size === 0) resolve()
      for (const worker of running) worker.process.kill('SIGTERM')
    }
    const start = (): void => {
      const worker = cluster.fork()
      let listened = false
      running.add(worker)
      worker.once('listening', () => { listened = true })
      worker.once('exit', (code, signal) => {
        running.delete(worker)
        if (stopping) {
          if (running.size === 0) resolve()
          return
        }
        const how = signal ?? `exit status ${code}`
        if (listened) {
          // A process that dies while serving is replaced, so the server keeps its processes.
          context.stderr.write(`A web server process stopped (${how}); starting another\n`)
          start()
        } else {
          // One that never started (the database unreachable, the port taken) would only fail again.
          stopAll()
          reject(new BadUsageError(`A web server process could not start (${how})`))
        }
      })
    }
    const removeHandler = context.onShutdownSignal((signal) => {
      if (stopping) return
      context.stderr.write(`${signal}: stopping ${running.size} web server processes\n`)
      stopAll()
    })
    for (let i = 0; i < workers; i++) start()
    context.stderr.write(`Throughline runs ${workers} web server processes\n`)
  })
}

export function registerServeCommand(program: Command, context: CliContext): void {
  addStoreOptions(
    program.command('serve')
      .description('Run the web server until stopped (Ctrl-C).')
      .addOption(new Option('--port <number>', 'port to listen on (default: PORT or 3000)').argParser(parsePort))
      .option('--host <address>', 'address to listen on (default: HOST or 127.0.0.1)')
      .option('--demo', 'when the store holds no family yet, load the demo caseload (synthetic families) first')
      .addOption(new Option('--workers <number>', 'web server processes sharing the port, one per core (PostgreSQL only; default 1)').argParser(parseWorkers)),
  ).action(async (options: ServeCliOptions) => {
    const config = configFromOptions(options, context, { port: options.port, host: options.host })
    const workers = options.workers ?? 1
    if (workers > 1 && cluster.isPrimary) await serveWorkers(config, context, workers, { demo: options.demo })
    else {
      try {
        // A worker of serveWorkers serves like a single server; the demo is already loaded.
        await serve(config, context, webApp, { demo: options.demo === true && cluster.isPrimary })
      } finally {
        // Its channel to the first process would keep it running.
        cluster.worker?.disconnect()
      }
    }
  })
}
