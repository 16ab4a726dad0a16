// Runtime configuration: read once at start-up from the environment (plus
// command-line overrides), validated with zod, and passed down as a plain
// object. Nothing here is global; callers hold the result.
import { z } from 'zod'
import { ConfigError } from '../errors/errors.ts'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export const NODE_ENVS = ['development', 'production', 'test'] as const

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

const configSchema = z.object({
  databaseUrl: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/, error: 'DATABASE_URL must be a postgres:// or postgresql:// URL' }).optional()),
  dataDir: z.preprocess(emptyAsUndefined, z.string().default('./data')),
  dbSchema: z.preprocess(emptyAsUndefined, z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'THROUGHLINE_DB_SCHEMA must be a lower-case SQL identifier').optional()),
  port: z.preprocess(emptyAsUndefined, z.coerce.number({ error: 'PORT must be a number' }).int().min(0).max(65535).default(3000)),
  host: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
  nodeEnv: z.preprocess(emptyAsUndefined, z.enum(NODE_ENVS, { error: `NODE_ENV must be one of ${NODE_ENVS.join(', ')}` }).default('development')),
  sessionSecret: z.preprocess(emptyAsUndefined, z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional()),
  logLevel: z.preprocess(emptyAsUndefined, z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
})

export type Config = z.infer<typeof configSchema>

/** Values given on the command line; they win over the environment. */
export type ConfigOverrides = Partial<{ [K in keyof Config]: Config[K] | undefined }>

export type Env = Record<string, string | undefined>

/**
 * Reads and checks the configuration. Throws ConfigError naming every bad
 * setting. In production the embedded store is refused: it is not
 * power-loss safe, so DATABASE_URL is required.
 */
export function loadConfig(env: Env, overrides: ConfigOverrides = {}): Config {
  const fromEnv = {
    databaseUrl: env.DATABASE_URL,
    dataDir: env.THROUGHLINE_DATA,
    dbSchema: env.THROUGHLINE_DB_SCHEMA,
    port: env.PORT,
    host: env.HOST,
    nodeEnv: env.NODE_ENV,
    sessionSecret: env.SESSION_SECRET,
    logLevel: env.LOG_LEVEL,
  }
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined))
  const parsed = configSchema.safeParse({ ...fromEnv, ...given })
  if (!parsed.success) {
    throw new ConfigError('Invalid configuration:\n' + parsed.error.issues.map((i) => `  ${i.message}`).join('\n'))
  }
  const config = parsed.data
  if (config.nodeEnv === 'production' && config.databaseUrl === undefined) {
    throw new ConfigError(
      'NODE_ENV=production needs DATABASE_URL: production runs on PostgreSQL, not the embedded store (which is not power-loss safe).',
    )
  }
  return config
}
