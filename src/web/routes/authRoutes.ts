// Sign in, sign out, and changing one's own password. Sign-in is
// rate-limited per address; the user service locks an account after repeated
// failures and answers every failure with one message, so nothing here tells
// whether a username exists. A user whose password someone else chose is
// kept on the change-password page until they choose their own (createApp's
// request hook sends every other request there).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { canSeeCaseData, canSeeAudit, canSeeFigures } from '../../access/accessPredicates.ts'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../access/createUserService.ts'
import { UnauthenticatedError, ValidationError } from '../../errors/errors.ts'
import { emptyToUndefined, formErrors, NO_ERRORS, parseInput } from '../forms.ts'
import type { FormErrors } from '../forms.ts'
import { actorOf, CHANGE_PASSWORD_PATH } from '../requestContext.ts'
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

/** A text field: one left out of the body is checked as empty, so it gets its own message. */
const field = <S extends z.ZodType>(schema: S) => z.preprocess((v) => v ?? '', schema)

export const changePasswordBody = z.object({
  currentPassword: field(z.string().min(1, 'Enter your current password').max(MAX_PASSWORD_LENGTH, 'Enter your current password')),
  password: field(z.string()
    .min(1, 'Enter a new password')
    .min(MIN_PASSWORD_LENGTH, `Password must be ${MIN_PASSWORD_LENGTH} characters or more`)
    .max(MAX_PASSWORD_LENGTH, `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`)),
  confirmPassword: field(z.string()),
  _csrf: z.string().optional(),
}).refine((d) => d.password === d.confirmPassword, { message: 'The two new passwords are not the same', path: ['confirmPassword'] })

const changePasswordQuery = z.object({
  next: z.preprocess(emptyToUndefined, z.string().max(2000).optional()),
  changed: z.literal('1').optional(),
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
      if (user.mustChangePassword) return reply.redirect(`${CHANGE_PASSWORD_PATH}${query.next !== undefined ? `?next=${encodeURIComponent(safeNext(query.next))}` : ''}`)
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

  const changePasswordPage = (request: FastifyRequest, reply: FastifyReply, next: string | undefined, errors: FormErrors, changed = false) => {
    const required = request.user?.mustChangePassword === true
    return reply.page('changePassword.njk', {
      title: 'Change your password', required, changed, next, ...(required || changed ? {} : { backLink: '/' }), ...errors,
    })
  }

  app.get(CHANGE_PASSWORD_PATH, async (request, reply) => {
    actorOf(request) // signed in, or sent to sign in
    const query = parseInput(changePasswordQuery, request.query)
    return changePasswordPage(request, reply, query.next, NO_ERRORS, query.changed === '1')
  })

  app.post(CHANGE_PASSWORD_PATH, { preHandler: app.csrfProtection }, async (request, reply) => {
    const { user } = actorOf(request)
    const query = parseInput(changePasswordQuery, request.query)
    const parsed = changePasswordBody.safeParse(request.body ?? {})
    if (!parsed.success) {
      return changePasswordPage(request, reply.code(400), query.next, formErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'password'), message: i.message }))))
    }
    try {
      await deps.users.changeOwnPassword(user, { current: parsed.data.currentPassword, next: parsed.data.password }, { ip: request.ip })
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e
      return changePasswordPage(request, reply.code(400), query.next, formErrors(e.problems.map((p) => ({ field: p.field ?? 'password', message: p.message }))))
    }
    // The change ended every session of theirs, this one too: carry on in a new one.
    await deps.sessions.startForUser(request, reply, user.id)
    if (request.user?.mustChangePassword === true) return reply.redirect(safeNext(query.next), 303)
    return reply.redirect(`${CHANGE_PASSWORD_PATH}?changed=1`, 303)
  })
}
