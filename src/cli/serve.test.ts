import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/config.ts'
import { StoreLockedError } from '../errors/errors.ts'
import { createDatabase } from '../store/createDatabase.ts'
import { serve } from './commands/serveCommand.ts'
import type { AppFactory } from './commands/serveCommand.ts'
import { buildCliContext } from './testCli.ts'

let dir: string
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'throughline-serve-')) })
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

const healthApp: AppFactory = async (store) => {
  const app = Fastify()
  app.get('/health', async () => ({ store: store.kind }))
  return app
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 50))
  expect(check()).toBe(true)
}

describe('serve', () => {
  it('serves until a shutdown signal, then closes the server and releases the store', async () => {
    const dataDir = join(dir, 'data')
    let signal: ((s: NodeJS.Signals) => void) | undefined
    const context = { ...buildCliContext(), onShutdownSignal: (h: (s: NodeJS.Signals) => void) => { signal = h; return () => { signal = undefined } } }
    const config = loadConfig({}, { dataDir, port: 0 })
    const serving = serve(config, context, healthApp)
    await until(() => context.out.join('').includes('listening'))
    const url = /listening on (\S+)/.exec(context.out.join(''))![1]!
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ store: 'pglite' })
    expect(context.err.join('')).toContain('not power-loss safe')
    await expect(createDatabase({ dataDir })).rejects.toBeInstanceOf(StoreLockedError)

    signal!('SIGTERM')
    await serving
    expect(signal).toBeUndefined()
    await expect(fetch(`${url}/health`)).rejects.toThrow()
    const reopened = await createDatabase({ dataDir })
    await reopened.close()
  })

  it('with --demo loads the demo caseload into an empty store only', async () => {
    const dataDir = join(dir, 'demo')
    for (const expectLoad of [true, false]) {
      let signal: ((s: NodeJS.Signals) => void) | undefined
      const context = { ...buildCliContext(), onShutdownSignal: (h: (s: NodeJS.Signals) => void) => { signal = h; return () => {} } }
      const serving = serve(loadConfig({}, { dataDir, port: 0 }), context, healthApp, { demo: true })
      await until(() => context.out.join('').includes('listening'))
      expect(context.err.join('').includes('Loaded the demo caseload')).toBe(expectLoad)
      signal!('SIGINT')
      await serving
    }
  })
})
