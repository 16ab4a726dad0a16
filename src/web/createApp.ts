// The web application as a plain factory: give it the services it needs, get
// a Fastify instance back (not yet listening). Pages are server-rendered with
// GOV.UK Frontend and MOJ Frontend; every read and write of case data goes
// through the CaseRepository, which checks access and writes the audit row.
import Fastify from 'fastify'
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { CaseRepository, UserService } from '../access/caseRepository.ts'
import type { Store } from '../store/createStore.ts'
import { createSessionQueries } from '../store/sessionQueries.ts'
import type { SessionQueries } from '../store/sessionQueries.ts'
import { registerCompression } from './compression.ts'
import { createErrorHandler } from './errorPages.ts'
import { layoutContext } from './layoutContext.ts'
import { allowedBeforePasswordChange, CHANGE_PASSWORD_PATH } from './requestContext.ts'
import { registerAccessRoutes } from './routes/accessRoutes.ts'
import { registerAlertRoutes } from './routes/alertRoutes.ts'
import { registerAuditRoutes } from './routes/auditRoutes.ts'
import { registerAuthRoutes } from './routes/authRoutes.ts'
import { registerCaseloadRoutes } from './routes/caseloadRoutes.ts'
import { registerChildRoutes } from './routes/childRoutes.ts'
import { registerExportRoutes } from './routes/exportRoutes.ts'
import { registerFamilyRoutes } from './routes/familyRoutes.ts'
import { registerFiguresRoutes } from './routes/figuresRoutes.ts'
import { registerImportRoutes } from './routes/importRoutes.ts'
import { registerRecordEventRoutes } from './routes/recordEventRoutes.ts'
import type { RouteDeps } from './routes/routeDeps.ts'
import { registerUserAdminRoutes } from './routes/userAdminRoutes.ts'
import { createSessionManager } from './sessions.ts'
import type { RequestSession } from './sessions.ts'
import { createViews, GOVUK_DIST, MOJ_DIST, PUBLIC_DIR } from './views.ts'

export interface AppServices {
  store: Pick<Store, 'db' | 'kind' | 'location'>
  repository: CaseRepository
  users: UserService
  /** Sessions; by default the web_sessions table of `store`. */
  sessions?: SessionQueries
  /** The time now: injected so tests can move it (session expiry). */
  clock?: () => Date
  /** production hides stacks on error pages. Default development. */
  nodeEnv?: 'development' | 'production' | 'test'
  logLevel?: string
  /** Where log lines go (tests capture them); default stdout. */
  logStream?: { write(line: string): void }
  /** Secure cookies need HTTPS (or localhost). Default true. */
  secureCookies?: boolean
  /** Sign-in attempts allowed per address per minute. Default 10. */
  signInAttemptsPerMinute?: number
  /** Largest upload for import, in bytes. Default 64 MiB. */
  maxUploadBytes?: number
  /**
   * Behind a reverse proxy or load balancer, which hops to trust for the
   * client's address (X-Forwarded-For): `true` to trust every hop, or the
   * proxies' addresses/CIDRs (`'10.0.0.0/8'`, a list, or a comma-separated
   * string). The sign-in rate limit and the audit use that address; without
   * it every request seems to come from the proxy, and one user's failures
   * would lock out everyone. Default false: the address of
   * the connection, right when the app faces clients directly, and safe since
   * clients cannot then forge X-Forwarded-For.
   */
  trustProxy?: boolean | string | string[]
}

export interface Health {
  status: 'ok' | 'unavailable'
  store: { kind: Store['kind']; location: string; note?: string }
}

export interface RouteSummary {
  method: string
  url: string
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app serves, as the router registered them (for the route-matrix test). */
    routeList: RouteSummary[]
  }
}

export const EMBEDDED_STORE_NOTE =
  'The embedded store is for trying out and small use. It is not power-loss safe: production runs on PostgreSQL (set DATABASE_URL).'

/** Paths only, never query strings (they can carry names) or bodies. */
function loggerOptions(services: AppServices): FastifyServerOptions['logger'] {
  const level = services.logLevel ?? 'info'
  if (level === 'silent') return false
  return {
    level,
    ...(services.logStream !== undefined ? { stream: services.logStream } : {}),
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }
}

/**
 * The token a form sent. A multipart body (an upload) is read only after the
 * CSRF and access checks, so its form carries the token in the action URL;
 * every other form sends it in the body, or scripts in a header.
 */
function csrfTokenOf(request: FastifyRequest): string | undefined {
  if (/^multipart\/form-data/i.test(request.headers['content-type'] ?? '')) {
    const token = (request.query as { _csrf?: unknown } | undefined)?._csrf
    return typeof token === 'string' ? token : undefined
  }
  return (request.body as { _csrf?: string } | undefined)?._csrf ?? (request.headers['x-csrf-token'] as string | undefined)
}

export function createApp(services: AppServices): FastifyInstance {
  const production = services.nodeEnv === 'production'
  const clock = services.clock ?? (() => new Date())
  const serverOptions: FastifyServerOptions = { logger: loggerOptions(services), trustProxy: services.trustProxy ?? false }
  const app = Fastify(serverOptions)
  const { store } = services
  const views = createViews()

  const routeList: RouteSummary[] = []
  app.decorate('routeList', routeList)
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) if (method !== 'HEAD') routeList.push({ method, url: route.url })
  })

  const secureCookies = services.secureCookies ?? true
  const sessions = createSessionManager({
    queries: services.sessions ?? createSessionQueries(store.db),
    clock,
    secureCookies,
  })

  registerCompression(app)
  void app.register(fastifyCookie)
  void app.register(fastifyFormbody, { bodyLimit: 1024 * 1024 })
  void app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: production ? { maxAge: 31536000, includeSubDomains: true } : false,
  })
  void app.register(fastifyCsrf, { sessionPlugin: '@fastify/session', sessionKey: 'csrfSecret', getToken: csrfTokenOf })
  void app.register(fastifyRateLimit, { global: false })

  // GOV.UK and MOJ Frontend, precompiled: their CSS asks for /assets/fonts and /assets/images.
  void app.register(fastifyStatic, { root: [join(GOVUK_DIST, 'govuk/assets'), join(MOJ_DIST, 'moj/assets')], prefix: '/assets/', decorateReply: false, index: false })
  void app.register(fastifyStatic, { root: join(GOVUK_DIST, 'govuk'), prefix: '/govuk/', decorateReply: false, index: false, allowedPath: (path) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(path) })
  void app.register(fastifyStatic, { root: join(MOJ_DIST, 'moj'), prefix: '/moj/', decorateReply: false, index: false, allowedPath: (path) => /^\/moj-frontend\.min\.(css|js)(\.map)?$/.test(path) })
  void app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', decorateReply: false, index: false })

  // Filled in by the onRequest hook below before any handler runs.
  app.decorateRequest('session', null as unknown as RequestSession)
  app.decorateRequest('user', null)
  app.decorateReply('page', function page(this, template: string, context: Record<string, unknown> = {}) {
    const html = views.render(template, { ...layoutContext(this.request, this), ...context })
    return this.type('text/html; charset=utf-8').send(html)
  })

  app.addHook('onRequest', async (request, reply) => {
    // The session and its user come in one statement: every request reads both.
    const { session, user } = await sessions.load(request)
    request.session = session
    request.user = user !== null && !user.disabled ? user : null
    // Here, not per route: a user with a password someone else chose reaches
    // nothing (no page, export or form) until they have chosen their own.
    if (request.user?.mustChangePassword === true && !allowedBeforePasswordChange(request.method, request.routeOptions.url)) {
      return reply.redirect(CHANGE_PASSWORD_PATH, 303)
    }
  })
  // Pages with case data must not be kept by browsers or proxies.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/assets/') && !request.url.startsWith('/govuk/') && !request.url.startsWith('/moj/') && !request.url.startsWith('/static/')) {
      reply.header('Cache-Control', 'no-store')
    }
    return payload
  })

  app.setErrorHandler(createErrorHandler({ production }))
  app.setNotFoundHandler((request, reply) => reply.code(404).page('error.njk', {
    status: 404, title: 'Page not found', message: 'If you typed the web address, check it is correct.',
  }))

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
    if (wantsHtml) return reply.page('health.njk', { title: 'Health', health })
    return health
  })

  const deps: RouteDeps = {
    repository: services.repository,
    users: services.users,
    sessions,
    clock,
    signInAttemptsPerMinute: services.signInAttemptsPerMinute ?? 10,
    maxUploadBytes: services.maxUploadBytes ?? 64 * 1024 * 1024,
    secureCookies,
  }
  // Routes go in a plugin so they register after the plugins above have
  // loaded: csrfProtection exists and the rate limiter sees their config.
  void app.register(async (routes) => {
    registerAuthRoutes(routes, deps)
    registerCaseloadRoutes(routes, deps)
    registerFamilyRoutes(routes, deps)
    registerChildRoutes(routes, deps)
    registerAlertRoutes(routes, deps)
    registerRecordEventRoutes(routes, deps)
    registerImportRoutes(routes, deps)
    registerExportRoutes(routes, deps)
    registerAccessRoutes(routes, deps)
    registerAuditRoutes(routes, deps)
    registerFiguresRoutes(routes, deps)
    registerUserAdminRoutes(routes, deps)
  })

  return app
}
