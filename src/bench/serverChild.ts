// Child process: the web app over the benchmark's store, as `throughline
// serve` builds it, listening on a free port. Request logging is off and the
// sign-in rate limit is raised so the load test's users can all sign in from
// one address; nothing else differs. Writes {"address"} when listening and
// {"peakRssMb"} when stopped by SIGTERM.
//
// BENCH_WEB_WORKERS=N runs it on PostgreSQL as `serve --workers N` does (N
// processes, node:cluster, each with its own pool, sharing the port); the
// peak memory reported is then the sum of the processes' peaks. Default one
// process: on the 2-core bench machine, with PostgreSQL and the load
// generator on the same cores, two processes served fewer pages than one.
// PGlite is always one process: its store can be opened by one only.
import cluster from 'node:cluster'
import { createUserService } from '../access/createUserService.ts'
import { cliRepository } from '../cli/caseAccess.ts'
import { createStore } from '../store/createStore.ts'
import { createApp } from '../web/createApp.ts'
import { peakRssMb } from './childProcess.ts'

const [backend, location, schema] = process.argv.slice(2)
const workers = backend === 'postgres' ? Number(process.env.BENCH_WEB_WORKERS ?? 1) : 1

/** Serves until SIGTERM; `report` gets {"address"} when listening and {"peakRssMb"} when stopped. */
async function serveOne(report: (message: Record<string, unknown>) => void, stopped: () => void): Promise<void> {
  const store = await createStore(backend === 'postgres'
    ? { databaseUrl: location, dbSchema: schema }
    : { dataDir: location })
  const app = createApp({
    store,
    repository: cliRepository(store),
    users: createUserService(store),
    nodeEnv: 'production',
    logLevel: 'silent',
    secureCookies: false,
    signInAttemptsPerMinute: 10_000,
  })
  process.once('SIGTERM', () => {
    void (async () => {
      await app.close()
      await store.close()
      report({ peakRssMb: peakRssMb() })
      stopped()
    })()
  })
  report({ address: await app.listen({ port: 0, host: '127.0.0.1' }) })
}

const write = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`)

if (workers <= 1) {
  await serveOne(write, () => {})
} else if (cluster.isPrimary) {
  // Workers listening on port 0 share one port, chosen by this process.
  const started = Array.from({ length: workers }, () => cluster.fork())
  const messages = started.map((worker) => new Promise<Record<string, unknown>>((resolve) => {
    worker.on('message', (m: Record<string, unknown>) => { if (typeof m.peakRssMb === 'number') resolve(m) })
  }))
  const addresses = await Promise.all(started.map((worker) => new Promise<string>((resolve) => {
    worker.on('message', (m: Record<string, unknown>) => { if (typeof m.address === 'string') resolve(m.address) })
  })))
  write({ address: addresses[0], workers })
  process.once('SIGTERM', () => {
    for (const worker of started) worker.process.kill('SIGTERM')
    void Promise.all(messages).then((peaks) => write({ peakRssMb: peaks.reduce((sum, m) => sum + Number(m.peakRssMb), 0) }))
  })
} else {
  await serveOne((m) => process.send?.(m), () => cluster.worker?.disconnect())
}
