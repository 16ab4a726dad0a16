// Sign in and sign out. Sign-in is rate-limited per address; the user
// service locks an account after repeated failures and answers every failure
// with one message, so nothing here tells whether a username exists.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { canSeeCaseData, canSeeAudit, canSeeFigures } from '../../access/accessPredicates.ts'
import { UnauthenticatedError } from '../../errors/errors.ts'
import { emptyToUndefined, formErrors, parseInput } from '../forms.ts'
import { createSignInCsrf } from '../signInCsrf.ts'
import type { RouteDeps } from './routeDeps.ts'

const signInQuery = z.object({
  next: z.preprocess(emptyToUndefined, z.string().max(2000).optional()),
  signedOut: z.literal('1').optional(),
})

const signInBody = z.object({
  username: z.string().trim().min(1, 'Enter your username').max(200, 'Enter your username'),
  password: z.string().min(1, 'Enter your password').max(1000, 'Enter your password'),
  _csrf: z.string().optional(),
})

const LOCAL_ORIGIN = 'http://local.invalid'

/**
 * Only a path on this site: never `//evil.example`, `/\evil.example` or
 * `https://...`. Browsers drop tabs and newlines from a URL and read `\` as
 * `/`, so `/\t/evil.example` would become `//evil.example`: any control
 * character or backslash is refused outright, and what is left must resolve
 * to this origin.
 */
export function safeNext(next: string | undefined): string {
  if (next === undefined) return '/'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(next)) return '/'
  if (!next.startsWith('/') || next.startsWith('//')) return '/'
  try {
    return new URL(next, LOCAL_ORIGIN).origin === LOCAL_ORIGIN ? next : '/'
  } catch {
    return '/'
  }
}

export function registerAuthRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/', async (request, reply) => {
    const user = request.user
    if (user === null) return reply.redirect('/sign-in')
    if (canSeeCaseData(user)) return reply.redirect('/caseload')
    if (canSeeFigures(user)) return reply.redirect('/figures')
    if (canSeeAudit(user)) return reply.redirect('/audit')
    return reply.redirect('/import')
  })

  const signInCsrf = createSignInCsrf({ secureCookies: deps.secureCookies })
  /** A session's own token when there is a session; otherwise the sign-in form's double-submit token. */
  const formToken = (request: FastifyRequest, reply: FastifyReply) =>
    request.session.row !== null ? {} : { csrfToken: signInCsrf.issue(request, reply) }

  app.get('/sign-in', async (request, reply) => {
    const query = parseInput(signInQuery, request.query)
    if (request.user !== null) return reply.redirect(safeNext(query.next))
    return reply.page('signIn.njk', { title: 'Sign in', next: query.next, signedOut: query.signedOut === '1', fieldErrors: {}, ...formToken(request, reply) })
  })

  app.post('/sign-in', {
    preHandler(request, reply, done) {
      if (request.session.row !== null) {
        app.csrfProtection.call(this, request, reply, done)
        return
      }
      try {
        signInCsrf.check(request)
        done()
      } catch (e) {
        done(e as Error)
      }
    },
    config: { rateLimit: { max: deps.signInAttemptsPerMinute, timeWindow: 60_000 } },
  }, async (request, reply) => {
    const query = parseInput(signInQuery, request.query)
    const parsed = signInBody.safeParse(request.body ?? {})
    const username = typeof (request.body as { username?: unknown } | undefined)?.username === 'string'
      ? (request.body as { username: string }).username : ''
    if (!parsed.success) {
      const errors = formErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'username'), message: i.message })))
      return reply.code(400).page('signIn.njk', { title: 'Sign in', next: query.next, username, ...errors, ...formToken(request, reply) })
    }
    try {
      const user = await deps.users.authenticate(parsed.data.username, parsed.data.password, { ip: request.ip })
      await deps.sessions.startForUser(request, reply, user.id)
      signInCsrf.clear(reply)
      request.user = user
      return reply.redirect(safeNext(query.next))
    } catch (e) {
      if (!(e instanceof UnauthenticatedError)) throw e
      const errors = formErrors([{ field: 'username', message: e.message }])
      return reply.code(401).page('signIn.njk', { title: 'Sign in', next: query.next, username, ...errors, ...formToken(request, reply) })
    }
  })

  app.post('/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    const user = request.user
    if (user !== undefined && user !== null) await deps.users.signOut(user, { ip: request.ip })
    await deps.sessions.end(request, reply)
    return reply.redirect('/sign-in?signedOut=1')
  })
}
