// The web application as a plain factory: give it the services it needs, get
// a Fastify instance back (not yet listening). For now it only reports health.
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { Store } from '../store/createStore.ts'

export interface AppServices {
  store: Pick<Store, 'db' | 'kind' | 'location'>
  logLevel?: string
}

export interface Health {
  status: 'ok' | 'unavailable'
  store: { kind: Store['kind']; location: string; note?: string }
}

export const EMBEDDED_STORE_NOTE =
  'The embedded store is for trying out and small use. It is not power-loss safe: production runs on PostgreSQL (set DATABASE_URL).'

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function healthPage(h: Health): string {
  const storeName = h.store.kind === 'pglite' ? `embedded store (PGlite) in ${h.store.location}` : `PostgreSQL at ${h.store.location}`
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Throughline: health</title></head>
<body>
<main>
<h1>Throughline is ${h.status === 'ok' ? 'running' : 'unable to reach its store'}</h1>
<p>Store: ${escapeHtml(storeName)}.</p>
${h.store.note !== undefined ? `<p><strong>${escapeHtml(h.store.note)}</strong></p>` : ''}
</main>
</body>
</html>
`
}

export function createApp(services: AppServices): FastifyInstance {
  const app = Fastify({ logger: services.logLevel !== undefined && services.logLevel !== 'silent' ? { level: services.logLevel } : false })
  const { store } = services

  app.get('/health', async (request, reply) => {
    let status: Health['status'] = 'ok'
    try {
      await sql`select 1`.execute(store.db)
    } catch {
      status = 'unavailable'
    }
    const health: Health = {
      status,
      store: { kind: store.kind, location: store.location, ...(store.kind === 'pglite' ? { note: EMBEDDED_STORE_NOTE } : {}) },
    }
    reply.code(status === 'ok' ? 200 : 503)
    // Browsers ask for text/html first; API clients and curl get JSON.
    const wantsHtml = /^\s*text\/html/.test(request.headers.accept ?? '')
    if (wantsHtml) return reply.type('text/html; charset=utf-8').send(healthPage(health))
    return health
  })

  return app
}
