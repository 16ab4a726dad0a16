// The scale benchmark (issue 6): generates a caseload, builds a fresh
// database from it on each backend, and measures the import, the nightly
// evaluation, recording one event and the family page under load, each beside
// the database's own cost of the same work where there is one.
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, freemem, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { sql } from 'kysely'
import pg from 'pg'
import { createUserService } from '../access/createUserService.ts'
import { actorForUsername } from '../access/createUserService.ts'
import { CHILDRENS_SOCIAL_CARE } from '../access/types.ts'
import { evaluateAll } from '../alerts/evaluateFamily.ts'
import { cliRepository } from '../cli/caseAccess.ts'
import type { IsoDate } from '../exchange/dates.ts'
import { DEFAULT_END } from '../generator/generateFamilies.ts'
import { writeGeneratedFamilies } from '../generator/writeGeneratedFamilies.ts'
import type { GenerateSummary } from '../generator/writeGeneratedFamilies.ts'
import { addDays } from '../rules/calendar.ts'
import type { DatabaseOptions, StoreKind } from '../store/createDatabase.ts'
import { safeUrl } from '../store/createDatabase.ts'
import { createStore } from '../store/createStore.ts'
import type { Store } from '../store/createStore.ts'
import { visibleFamily } from '../store/familyVisibility.ts'
import { baselineInsert, baselineScan } from './baselines.ts'
import { percentile } from './benchTargets.ts'
import type { BackendResults } from './benchTargets.ts'
import { childExit, onChildMessages, spawnBenchChild } from './childProcess.ts'
import { ALONE_REQUESTS, loadPage, signIn } from './familyPageLoad.ts'
import { cpuPerRequest, threadCpu } from './threadCpu.ts'
import type { ThreadCpu } from './threadCpu.ts'
import type { BenchProgress } from './benchProgress.ts'

export interface BenchOptions {
  children: number
  seed: string
  /** Also bench PostgreSQL here (a fresh schema, dropped afterwards). */
  databaseUrl?: string | undefined
  /** Leave out the embedded store (to bench PostgreSQL alone). */
  skipPglite?: boolean
  /** Events recorded one at a time (default 1,000, fewer for a small caseload). */
  oneEventSamples?: number
  /** Seconds of load on each family page (default 10; 3 for a small caseload). */
  pageSeconds?: number
  progress: BenchProgress
}

export interface BenchReport {
  started_at: string
  finished_at: string
  generated: { children: number; seed: string; families: number; events: number; megabytes: number; planted: number }
  machine: { cpus: number; cpu_model: string; memory_gb: number; free_memory_gb: number; node: string; platform: string }
  backends: Partial<Record<StoreKind, BackendResults>>
  /** Where PostgreSQL was benched (no password). */
  postgres_url?: string
}

/** The imported records end on the generator's end date; the nightly run is the day after. */
const IMPORT_AS_OF: IsoDate = DEFAULT_END
const NIGHTLY_AS_OF: IsoDate = addDays(DEFAULT_END, 1)
const PAGE_USERS = 20
const BENCH_PASSWORD = 'bench-password-not-secret'
const TYPICAL_FAMILY_EVENTS = 100

function machine(): BenchReport['machine'] {
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30 * 10) / 10,
    free_memory_gb: Math.round(freemem() / 2 ** 30 * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  }
}

/** A place for one fresh database: a PGlite folder, or a PostgreSQL schema made for it. */
interface BenchDatabase {
  options: DatabaseOptions
  /** The store options as `throughline` command-line arguments. */
  cliArgs: string[]
  /** The server child's arguments. */
  serverArgs: string[]
  drop(): Promise<void>
}

async function pgliteDatabase(folder: string): Promise<BenchDatabase> {
  return {
    options: { dataDir: folder },
    cliArgs: ['--data', folder],
    serverArgs: ['pglite', folder],
    drop: () => rm(folder, { recursive: true, force: true }),
  }
}

async function postgresDatabase(url: string, name: string): Promise<BenchDatabase> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`CREATE SCHEMA "${name}"`)
  } finally {
    await client.end()
  }
  return {
    options: { databaseUrl: url, dbSchema: name },
    cliArgs: ['--db', url, '--db-schema', name],
    serverArgs: ['postgres', url, name],
    async drop() {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)
      } finally {
        await c.end()
      }
    },
  }
}

async function generate(options: BenchOptions, file: string): Promise<GenerateSummary> {
  const out = createWriteStream(file)
  const summary = await writeGeneratedFamilies({ children: options.children, seed: options.seed }, out)
  out.end()
  await finished(out)
  return summary
}

async function withStore<T>(options: DatabaseOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await createStore(options)
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now()
  const value = await work()
  return { value, seconds: (performance.now() - started) / 1000 }
}

/** Runs `throughline import` in a child process; its time and peak memory. */
async function importInChild(db: BenchDatabase, file: string): Promise<{ seconds: number; peakRssMb: number }> {
  const child = spawnBenchChild('importChild.ts', [...db.cliArgs, '--as-of', IMPORT_AS_OF, '--source', 'bench', file])
  let report: Record<string, unknown> | undefined
  onChildMessages(child, (m) => { report = m })
  await childExit(child, 'The import')
  if (report === undefined || report.code !== 0) throw new Error('The import reported no result')
  return { seconds: Number(report.seconds), peakRssMb: Number(report.peakRssMb) }
}

interface Sample {
  ref: string
  child: string
}

/** Up to `count` families the bench users can see, in an order fixed by the seed, each with a child to record on. */
async function sampleFamilies(store: Store, username: string, seed: string, count: number): Promise<Sample[]> {
  const actor = await actorForUsername(store, username)
  if (actor.kind !== 'user') throw new Error('expected a user')
  const rows = await store.db.selectFrom('families as f')
    .innerJoin('people as p', 'p.family_id', 'f.id')
    .select(['f.ref', sql<string>`min(p.ref)`.as('child')])
    .where('p.role', '=', 'child')
    .where(visibleFamily(actor.user, new Date(), 'f.id'))
    .groupBy('f.ref')
    .orderBy(sql`md5(f.ref || ${seed})`)
    .limit(count)
    .execute()
  return rows
}

/** The visible family whose size is nearest the typical one, and the largest. */
async function pageFamilies(store: Store, username: string): Promise<{ typical: { ref: string; events: number }; largest: { ref: string; events: number } }> {
  const actor = await actorForUsername(store, username)
  if (actor.kind !== 'user') throw new Error('expected a user')
  const sizes = store.db.selectFrom('events as e').innerJoin('families as f', 'f.id', 'e.family_id')
    .select(['f.ref', (eb) => eb.fn.countAll<number>().as('events')])
    .where(visibleFamily(actor.user, new Date(), 'f.id'))
    .groupBy('f.ref')
  const typical = await sizes.orderBy(sql`abs(count(*) - ${TYPICAL_FAMILY_EVENTS})`).orderBy('f.ref').limit(1).executeTakeFirst()
  const largest = await sizes.orderBy(sql`count(*)`, 'desc').orderBy('f.ref').limit(1).executeTakeFirst()
  if (typical === undefined || largest === undefined) throw new Error('No family is visible to the bench users')
  return {
    typical: { ref: typical.ref, events: Number(typical.events) },
    largest: { ref: largest.ref, events: Number(largest.events) },
  }
}

async function createBenchUsers(store: Store): Promise<string[]> {
  const users = createUserService(store)
  const names: string[] = []
  for (let i = 1; i <= PAGE_USERS; i++) {
    const username = `bench.user${String(i).padStart(2, '0')}`
    await users.createUser({ kind: 'system', name: 'bench' }, {
      username, displayName: `Bench user ${i}`, agency: CHILDRENS_SOCIAL_CARE, roles: ['practitioner'], password: BENCH_PASSWORD,
    })
    names.push(username)
  }
  return names
}

/** Records one note on each sampled family through the case repository (validate, store, audit, re-evaluate); each call's time in ms. */
async function recordEvents(store: Store, username: string, samples: readonly Sample[], progress: BenchProgress): Promise<number[]> {
  const repository = cliRepository(store)
  const actor = await actorForUsername(store, username, 'web')
  const times: number[] = []
  const bar = progress.bar('recording one event at a time', samples.length)
  for (const s of samples) {
    const started = performance.now()
    await repository.recordEvent(actor, s.ref, {
      id: 'new', type: 'note', date: NIGHTLY_AS_OF, agency: CHILDRENS_SOCIAL_CARE, subjects: [s.child],
      summary: 'Benchmark: a note recorded by a practitioner.',
    }, NIGHTLY_AS_OF)
    times.push(performance.now() - started)
    bar.increment()
  }
  bar.stop()
  return times
}

type ServedPage = Awaited<ReturnType<typeof loadPage>> & { cpuMs: ThreadCpu }

interface ServerRun {
  typical: ServedPage
  largest: ServedPage
  peakRssMb: number
}

/** loadPage, with the server's CPU per request over it (every request it made, the check and the ones alone too). */
async function loadPageWithCpu(pid: number | undefined, ...args: Parameters<typeof loadPage>): Promise<ServedPage> {
  const before = pid === undefined ? undefined : threadCpu(pid)
  const load = await loadPage(...args)
  const after = pid === undefined ? undefined : threadCpu(pid)
  return { ...load, cpuMs: cpuPerRequest(before, after, load.requests + ALONE_REQUESTS + 1) }
}

async function serveAndLoad(
  db: BenchDatabase, usernames: readonly string[], families: Awaited<ReturnType<typeof pageFamilies>>, seconds: number, progress: BenchProgress,
): Promise<ServerRun> {
  const child = spawnBenchChild('serverChild.ts', db.serverArgs)
  const exited = childExit(child, 'The web server')
  let peak: number | undefined
  const address = await new Promise<string>((resolve, reject) => {
    onChildMessages(child, (m) => {
      if (typeof m.address === 'string') resolve(m.address)
      if (typeof m.peakRssMb === 'number') peak = m.peakRssMb
    })
    exited.catch(reject)
  })
  try {
    progress.phase(`signing in ${usernames.length} users through the sign-in form`)
    const cookies: string[] = []
    for (const u of usernames) cookies.push(await signIn(address, u, BENCH_PASSWORD))
    progress.phase(`family page, typical family (${families.typical.events} events): ${usernames.length} users for ${seconds} s`)
    const typical = await loadPageWithCpu(child.pid, address, `/families/${encodeURIComponent(families.typical.ref)}`, cookies, seconds)
    progress.phase(`family page, largest family (${families.largest.events} events): ${usernames.length} users for ${seconds} s`)
    const largest = await loadPageWithCpu(child.pid, address, `/families/${encodeURIComponent(families.largest.ref)}`, cookies, seconds)
    child.kill('SIGTERM')
    await exited
    return { typical, largest, peakRssMb: peak ?? Number.NaN }
  } catch (e) {
    child.kill('SIGTERM')
    await exited.catch(() => {})
    throw e
  }
}

async function benchBackend(
  kind: StoreKind, file: string, generated: GenerateSummary, options: BenchOptions, makeDatabase: (role: string) => Promise<BenchDatabase>,
): Promise<BackendResults> {
  const { progress } = options
  const label = (text: string) => progress.phase(`[${kind}] ${text}`)
  const db = await makeDatabase('import')
  try {
    label('preparing an empty database')
    await withStore(db.options, async () => {})

    label(`importing ${generated.events.toLocaleString('en-GB')} events through \`throughline import\``)
    const imported = await importInChild(db, file)

    label('baseline: plain batched INSERT of the same rows into another empty database')
    const baselineDb = await makeDatabase('baseline')
    let baseline: Awaited<ReturnType<typeof baselineInsert>>
    try {
      baseline = await withStore(baselineDb.options, (store) => baselineInsert(store, file))
    } finally {
      await baselineDb.drop()
    }

    const measured = await withStore(db.options, async (store) => {
      label('baseline: streaming every event of every family (a first pass warms the cache)')
      await baselineScan(store)
      const scan = await timed(() => baselineScan(store))

      label(`evaluating all 30 rules over the whole caseload as of ${NIGHTLY_AS_OF}`)
      const bar = progress.bar('evaluate --all', generated.families)
      const evaluation = await timed(() => evaluateAll(store, { asOf: NIGHTLY_AS_OF, onProgress: (done) => bar.update(done) }))
      bar.stop()

      const usernames = await createBenchUsers(store)
      const first = usernames[0] ?? ''
      const wanted = options.oneEventSamples ?? Math.min(1000, Math.max(50, Math.floor(generated.families / 4)))
      const samples = await sampleFamilies(store, first, options.seed, wanted)
      label(`recording ${samples.length} events one at a time`)
      const eventTimes = await recordEvents(store, first, samples, progress)
      const families = await pageFamilies(store, first)
      return { scan, evaluation, usernames, eventTimes, families }
    })

    const seconds = options.pageSeconds ?? (options.children >= 20_000 ? 10 : 3)
    label('starting the web server')
    const server = await serveAndLoad(db, measured.usernames, measured.families, seconds, progress)
    return {
      backend: kind,
      families: generated.families,
      events: generated.events,
      import_events_per_s: generated.events / imported.seconds,
      baseline_insert_events_per_s: baseline.events / baseline.seconds,
      evaluate_all_s: measured.evaluation.seconds,
      baseline_scan_s: measured.scan.seconds,
      evaluate_all_replayed: measured.evaluation.value.replayed,
      one_event_p95_ms: percentile(measured.eventTimes, 95),
      one_event_p50_ms: percentile(measured.eventTimes, 50),
      one_event_samples: measured.eventTimes.length,
      family_page_alone_ms: { typical: server.typical.aloneMs, largest: server.largest.aloneMs },
      family_page_p50_ms: { typical: server.typical.p50Ms, largest: server.largest.p50Ms },
      family_page_p95_ms: { typical: server.typical.p95Ms, largest: server.largest.p95Ms },
      family_page_per_s: { typical: server.typical.perSecond, largest: server.largest.perSecond },
      family_page_server_cpu_ms: { typical: server.typical.cpuMs, largest: server.largest.cpuMs },
      family_page_events: { typical: measured.families.typical.events, largest: measured.families.largest.events },
      peak_rss_mb: { server: server.peakRssMb, importer: imported.peakRssMb },
    }
  } finally {
    await db.drop()
  }
}

export async function runBenchmark(options: BenchOptions): Promise<BenchReport> {
  const started = new Date()
  const folder = await mkdtemp(join(tmpdir(), 'throughline-bench-'))
  try {
    const file = join(folder, 'caseload.jsonl')
    options.progress.phase(`generating ${options.children.toLocaleString('en-GB')} children (seed ${options.seed})`)
    const generated = await generate(options, file)
    const backends: BenchReport['backends'] = {}
    if (options.skipPglite !== true) {
      backends.pglite = await benchBackend('pglite', file, generated, options, (role) => pgliteDatabase(join(folder, `pglite-${role}`)))
    }
    const url = options.databaseUrl
    if (url !== undefined) {
      const tag = `bench_${randomBytes(4).toString('hex')}`
      backends.postgres = await benchBackend('postgres', file, generated, options, (role) => postgresDatabase(url, `${tag}_${role}`))
    }
    return {
      started_at: started.toISOString(),
      finished_at: new Date().toISOString(),
      generated: {
        children: generated.children, seed: options.seed, families: generated.families, events: generated.events,
        megabytes: Math.round(generated.bytes / 1e5) / 10, planted: generated.planted,
      },
      machine: machine(),
      backends,
      ...(url !== undefined ? { postgres_url: safeUrl(url) } : {}),
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
