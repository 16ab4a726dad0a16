import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors/errors.ts'
import { loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('has working defaults for trying out', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: undefined, dataDir: './data', dbSchema: undefined, port: 3000, host: '127.0.0.1',
      nodeEnv: 'development', sessionSecret: undefined, logLevel: 'info',
    })
  })

  it('reads the environment, and overrides win', () => {
    const config = loadConfig(
      { DATABASE_URL: 'postgres://u@h/db', THROUGHLINE_DATA: '/d', PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: 'warn', THROUGHLINE_DB_SCHEMA: 'tl' },
      { port: 9000, dataDir: undefined },
    )
    expect(config).toMatchObject({ databaseUrl: 'postgres://u@h/db', dataDir: '/d', port: 9000, host: '0.0.0.0', logLevel: 'warn', dbSchema: 'tl' })
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: undefined, port: 3000 })
  })

  it('refuses to run production on the embedded store', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError)
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL/)
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h/db' }).nodeEnv).toBe('production')
  })

  it('names every bad setting at once', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(/PORT/)
    expect((error as Error).message).toMatch(/DATABASE_URL/)
    expect((error as Error).message).toMatch(/LOG_LEVEL/)
  })
})
