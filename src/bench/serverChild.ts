// Child process: the web app over the benchmark's store, as `throughline
// serve` builds it, listening on a free port. Request logging is off and the
// sign-in rate limit is raised so the load test's users can all sign in from
// one address; nothing else differs. Writes {"address"} when listening and
// {"peakRssMb"} when stopped by SIGTERM.
import { createUserService } from '../access/createUserService.ts'
import { cliRepository } from '../cli/caseAccess.ts'
import { createStore } from '../store/createStore.ts'
import { createApp } from '../web/createApp.ts'
import { peakRssMb } from './childProcess.ts'

const [backend, location, schema] = process.argv.slice(2)
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
    process.stdout.write(`${JSON.stringify({ peakRssMb: peakRssMb() })}\n`)
  })()
})
const address = await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`${JSON.stringify({ address })}\n`)
