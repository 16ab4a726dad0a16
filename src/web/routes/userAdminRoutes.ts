// Account administration for administrators: list accounts, add one,
// disable one (after a confirmation page), set a temporary password. Every
// step goes through the user service, which refuses anyone else (with a
// refused audit row), audits each change once, and ends the sessions of a
// disabled or reset account. A password set here is temporary: its user must
// choose their own at the next sign-in; a disabled account's is not reset. Each handler asks for an administrator before
// it reads the address or the form, so anyone else is refused (and audited)
// whatever they send, even an address that names no account.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AGENCY, DISABLED_NO_RESET, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, OWN_ACCOUNT, USERNAME } from '../../access/createUserService.ts'
import { ROLES } from '../../access/types.ts'
import type { Actor, Role } from '../../access/types.ts'
import { ConflictError, ValidationError } from '../../errors/errors.ts'
import { formErrors, NO_ERRORS, parseParams } from '../forms.ts'
import type { FormErrors } from '../forms.ts'
import { actorOf } from '../requestContext.ts'
import type { RouteDeps } from './routeDeps.ts'

/** The roles as the add form offers them (checkbox items), each with what it lets someone do. */
export const ROLE_ITEMS: readonly { value: Role; text: string; hint: { text: string } }[] = [
  { value: 'practitioner', text: 'Practitioner', hint: { text: 'Works on the families their agency knows' } },
  { value: 'manager', text: 'Manager', hint: { text: 'As a practitioner, plus the audit log and figures for their agency' } },
  { value: 'partnership_analyst', text: 'Partnership analyst', hint: { text: 'Figures only: counts, no names' } },
  { value: 'admin', text: 'Administrator', hint: { text: 'Manages accounts and reads the audit log; sees no case data' } },
]
const ROLE_NAMES: Record<string, string> = Object.fromEntries(ROLE_ITEMS.map((r) => [r.value, r.text]))

const usernameParams = z.object({ username: z.string().regex(USERNAME) })

/** A text field: one left out of the body is checked as empty, so it gets its own message. */
const field = <S extends z.ZodType>(schema: S) => z.preprocess((v) => v ?? '', schema)

const newPassword = {
  password: field(z.string()
    .min(1, 'Enter a temporary password')
    .min(MIN_PASSWORD_LENGTH, `Password must be ${MIN_PASSWORD_LENGTH} characters or more`)
    .max(MAX_PASSWORD_LENGTH, `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`)),
  confirmPassword: field(z.string()),
}
const passwordsMatch = { message: 'The two passwords are not the same', path: ['confirmPassword'] }

export const newUserBody = z.object({
  displayName: field(z.string().trim().min(1, 'Enter their full name').max(200, 'Full name must be 200 characters or fewer')),
  username: field(z.string().trim().toLowerCase().min(1, 'Enter a username')
    .regex(USERNAME, 'Username must be 2 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit')),
  agency: field(z.string().trim().min(1, 'Enter their agency').max(200, 'Agency must be 200 characters or fewer')
    .regex(AGENCY, 'Agency must be lower-case letters and underscores, for example childrens_social_care')),
  // One ticked box arrives as a string, several as a list.
  roles: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(ROLES, { error: 'Select a role from the list' })).min(1, 'Select at least one role')),
  ...newPassword,
  _csrf: z.string().optional(),
}).refine((d) => d.password === d.confirmPassword, passwordsMatch)

export const resetPasswordBody = z.object({ ...newPassword, _csrf: z.string().optional() })
  .refine((d) => d.password === d.confirmPassword, passwordsMatch)

/** What the list page's banner says after a change, from `?done=...&username=...`. */
const doneQuery = z.object({ done: z.enum(['added', 'disabled', 'reset']), username: z.string().regex(USERNAME) })

/** Form problems in the order the fields appear. */
function problemsOf(issues: readonly z.core.$ZodIssue[]): FormErrors {
  return formErrors(issues.map((i) => ({ field: String(i.path[0] ?? 'form'), message: i.message })))
}

/** What the add form had in it (never the passwords), to show again. */
function enteredValues(body: unknown): Record<string, unknown> {
  const raw = (body ?? {}) as Record<string, unknown>
  return { displayName: raw.displayName, username: raw.username, agency: raw.agency, roles: raw.roles }
}

export function registerUserAdminRoutes(app: FastifyInstance, deps: RouteDeps): void {
  /** The signed-in administrator; anyone else is refused with a refused audit row saying what they tried, on which username. */
  async function administrator(request: FastifyRequest, change: string): Promise<Actor & { kind: 'user' }> {
    const actor = actorOf(request)
    const { username } = (request.params ?? {}) as { username?: unknown }
    await deps.users.requireAdministrator(actor, { change, ...(typeof username === 'string' ? { username } : {}) })
    return actor
  }

  const newUserPage = (reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors) =>
    reply.page('userNew.njk', { title: 'Add a user', values, roleItems: ROLE_ITEMS, backLink: '/users', ...errors })

  /** The reset form; for a disabled account (whose password the service will not reset) a 409 saying why, and no form. */
  async function resetPage(actor: Actor, reply: FastifyReply, username: string, errors: FormErrors): Promise<FastifyReply> {
    const account = await deps.users.account(actor, username)
    const disabled = account.state === 'disabled'
    return reply.code(disabled ? 409 : reply.statusCode).page('userResetPassword.njk', {
      title: `Reset the password of ${account.displayName}`, account, backLink: '/users', ...errors, ...(disabled ? { refused: DISABLED_NO_RESET } : {}),
    })
  }

  app.get('/users', async (request, reply) => {
    const actor = await administrator(request, 'list')
    const accounts = await deps.users.listUsers(actor)
    const done = doneQuery.safeParse(request.query ?? {})
    return reply.page('users.njk', {
      title: 'Users',
      accounts,
      me: actor.user.username,
      roleNames: ROLE_NAMES,
      done: done.success ? { ...done.data, account: accounts.find((a) => a.username === done.data.username) } : null,
    })
  })

  app.get('/users/new', async (request, reply) => {
    await administrator(request, 'open-add')
    return newUserPage(reply, {}, NO_ERRORS)
  })

  app.post('/users', { preHandler: app.csrfProtection }, async (request, reply) => {
    // Refused before the form is read: a non-administrator learns nothing from its checks.
    const actor = await administrator(request, 'create')
    const parsed = newUserBody.safeParse(request.body ?? {})
    if (!parsed.success) return newUserPage(reply.code(400), enteredValues(request.body), problemsOf(parsed.error.issues))
    const { password, confirmPassword: _confirm, _csrf, ...user } = parsed.data
    try {
      await deps.users.createUser(actor, { ...user, password })
    } catch (e) {
      if (e instanceof ConflictError) return newUserPage(reply.code(400), enteredValues(request.body), formErrors([{ field: 'username', message: `There is already a user ${user.username}: choose another username` }]))
      if (e instanceof ValidationError) return newUserPage(reply.code(400), enteredValues(request.body), formErrors(e.problems.map((p) => ({ field: p.field ?? 'username', message: p.message }))))
      throw e
    }
    return reply.redirect(`/users?done=added&username=${encodeURIComponent(user.username)}`, 303)
  })

  // A confirmation page: disabling cannot be undone from Throughline.
  app.get('/users/:username/disable', async (request, reply) => {
    const actor = await administrator(request, 'open-disable')
    const { username } = parseParams(usernameParams, request.params)
    // No confirmation for what the service would refuse.
    if (username === actor.user.username) throw new ConflictError(OWN_ACCOUNT)
    const account = await deps.users.account(actor, username)
    return reply.page('userDisable.njk', { title: `Are you sure you want to disable ${account.displayName}'s account?`, account, backLink: '/users' })
  })

  app.post('/users/:username/disable', { preHandler: app.csrfProtection }, async (request, reply) => {
    const actor = await administrator(request, 'disable')
    const { username } = parseParams(usernameParams, request.params)
    await deps.users.disableUser(actor, username)
    return reply.redirect(`/users?done=disabled&username=${encodeURIComponent(username)}`, 303)
  })

  app.get('/users/:username/reset-password', async (request, reply) => {
    const actor = await administrator(request, 'open-reset-password')
    const { username } = parseParams(usernameParams, request.params)
    return resetPage(actor, reply, username, NO_ERRORS)
  })

  app.post('/users/:username/reset-password', { preHandler: app.csrfProtection }, async (request, reply) => {
    const actor = await administrator(request, 'reset-password')
    const { username } = parseParams(usernameParams, request.params)
    const parsed = resetPasswordBody.safeParse(request.body ?? {})
    if (!parsed.success) return resetPage(actor, reply.code(400), username, problemsOf(parsed.error.issues))
    try {
      await deps.users.resetPassword(actor, username, parsed.data.password)
    } catch (e) {
      // Disabled since the form was opened (or never offered one): the page says so.
      if (e instanceof ConflictError) return resetPage(actor, reply, username, NO_ERRORS)
      throw e
    }
    return reply.redirect(`/users?done=reset&username=${encodeURIComponent(username)}`, 303)
  })
}
