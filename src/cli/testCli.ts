// Running the CLI in tests: in-process with a recording context, or as the
// real process (`node bin/throughline.js`); and the store arguments for the
// test backend (a temporary data folder, or a fresh PostgreSQL schema).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { CliContext } from './cliContext.ts'
import { main } from './main.ts'
import { createTestSchema, testBackend } from '../store/testStore.ts'

export const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'throughline.js')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export function buildCliContext(env: NodeJS.ProcessEnv = {}): CliContext & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env,
    onShutdownSignal: () => () => {},
  }
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const context = buildCliContext(env)
  const code = await main(argv, context)
  return { code, stdout: context.out.join(''), stderr: context.err.join('') }
}

export interface TestStoreArgs {
  /** Command-line options selecting the store. */
  args: string[]
  /** The same selection as environment variables. */
  env: NodeJS.ProcessEnv
  /** The data folder, for the embedded store. */
  dataDir?: string
  cleanup(): Promise<void>
}

/** Options that point the CLI at a fresh, empty store on the test backend. */
export async function testStoreArgs(): Promise<TestStoreArgs> {
  if (testBackend() === 'postgres') {
    const schema = await createTestSchema()
    return {
      args: ['--db', schema.databaseUrl, '--db-schema', schema.dbSchema],
      env: { DATABASE_URL: schema.databaseUrl, THROUGHLINE_DB_SCHEMA: schema.dbSchema },
      cleanup: () => schema.drop(),
    }
  }
  const base = mkdtempSync(join(tmpdir(), 'throughline-cli-'))
  const dataDir = join(base, 'data')
  return {
    args: ['--data', dataDir],
    env: { THROUGHLINE_DATA: dataDir },
    dataDir,
    cleanup: async () => rmSync(base, { recursive: true, force: true }),
  }
}
