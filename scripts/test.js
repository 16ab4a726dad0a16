#!/usr/bin/env node
// The one test command (`npm test`). It runs the suite on the embedded
// database (PGlite), again on PostgreSQL when TEST_DATABASE_URL (or
// DATABASE_URL) is set, the scenario acceptance suite when ../shared/scenarios
// exists, and the browser tests when Chromium is installed. Under CI=true a
// missing database, scenario folder or browser is a failure, not a skip.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ci = process.env.CI === 'true' || process.env.CI === '1'
const root = resolve(import.meta.dirname, '..')
const scenarios = resolve(process.env.THROUGHLINE_SCENARIOS ?? join(root, '..', 'shared', 'scenarios'))
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
const extraArgs = process.argv.slice(2)

const totals = { passed: 0, failed: 0, skipped: 0 }
const problems = []
const out = mkdtempSync(join(tmpdir(), 'throughline-test-'))

function vitest(label, env, args = []) {
  console.log(`\n=== ${label} ===`)
  const report = join(out, `${label.replace(/\W+/g, '-')}.json`)
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args, ...extraArgs],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
  )
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'))
    totals.passed += j.numPassedTests
    totals.failed += j.numFailedTests
    totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0)
  }
  if (r.status !== 0) problems.push(`${label} failed`)
}

function skipOrFail(what, why) {
  if (ci) {
    problems.push(`${what}: ${why} (CI=true, so this is a failure)`)
    console.log(`\n=== ${what}: FAILED: ${why}`)
  } else {
    console.log(`\n=== ${what}: skipped: ${why}`)
  }
}

const haveScenarios = existsSync(scenarios)
const haveChromium = existsSync(chromium)
const common = {
  THROUGHLINE_SCENARIOS: haveScenarios ? scenarios : '',
  CHROMIUM_PATH: haveChromium ? chromium : '',
}

vitest('unit and integration tests on PGlite', { ...common, THROUGHLINE_TEST_BACKEND: 'pglite' })
if (!haveScenarios) skipOrFail('scenario acceptance suite', `no scenarios folder at ${scenarios}`)
if (!haveChromium) skipOrFail('browser tests', `no Chromium at ${chromium}`)

if (pgUrl) {
  vitest('integration tests on PostgreSQL', { ...common, THROUGHLINE_TEST_BACKEND: 'postgres', TEST_DATABASE_URL: pgUrl }, ['src/store', 'src/cli', 'src/alerts', 'src/access', 'src/web', 'src/e2e'])
} else {
  skipOrFail('PostgreSQL run', 'no TEST_DATABASE_URL or DATABASE_URL given')
}

rmSync(out, { recursive: true, force: true })
console.log('')
for (const p of problems) console.log(`problem: ${p}`)
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(problems.length > 0 || totals.failed > 0 ? 1 : 0)
