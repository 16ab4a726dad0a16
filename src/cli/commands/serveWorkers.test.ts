import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/config.ts'
import { BadUsageError } from '../../errors/errors.ts'
import { buildCliContext } from '../testCli.ts'
import { serveWorkers } from './serveCommand.ts'

const BIN = fileURLToPath(new URL('../../../bin/throughline.js', import.meta.url))
const pgUrl = process.env.THROUGHLINE_TEST_BACKEND === 'postgres' ? process.env.TEST_DATABASE_URL : undefined

describe('serve --workers', () => {
  it('refuses the embedded store, which one process only can open', async () => {
    const config = loadConfig({}, { dataDir: '/nonexistent/throughline-data', port: 0 })
    await expect(serveWorkers(config, buildCliContext(), 2)).rejects.toBeInstanceOf(BadUsageError)
  })

  it.runIf(pgUrl !== undefined)('serves from several processes on one port and stops them all on SIGTERM', async () => {
    const url = pgUrl ?? ''
    const schema = `serve_workers_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`CREATE SCHEMA "${schema}"`)
    const port = 20_000 + Math.floor(Math.random() * 20_000)
    const child = spawn(process.execPath, [BIN, 'serve', '--db', url, '--db-schema', schema, '--port', String(port), '--workers', '2'], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' },
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => { out += c.toString() })
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    try {
      for (let i = 0; i < 600 && (out.match(/is listening on/g) ?? []).length < 2; i++) await new Promise((r) => setTimeout(r, 50))
      expect((out.match(/is listening on/g) ?? []).length).toBe(2)
      const health = await fetch(`http://127.0.0.1:${port}/health`, { headers: { accept: 'application/json' } })
      expect(health.status).toBe(200)
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      child.kill('SIGKILL')
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await admin.end()
    }
  }, 60_000)
})
