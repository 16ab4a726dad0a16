// Find a person you cannot see and ask for access; grant or refuse others'
// requests (children's social care, managers). Results say only that a
// person is known, never where or by whom.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { canWorkOnCases } from '../../access/accessPredicates.ts'
import { ForbiddenError } from '../../errors/errors.ts'
import { isRealDate } from '../../exchange/dates.ts'
import { dateFromParts } from '../eventForm.ts'
import { formErrors, NO_ERRORS, parseParams } from '../forms.ts'
import { actorOf } from '../requestContext.ts'
import type { RouteDeps } from './routeDeps.ts'

const findBody = z.object({
  name: z.string().trim().min(2, 'Enter a name (at least 2 letters)').max(200, 'Name must be 200 characters or fewer'),
  'born-day': z.string().trim().max(4).default(''),
  'born-month': z.string().trim().max(4).default(''),
  'born-year': z.string().trim().max(6).default(''),
  _csrf: z.string().optional(),
})

const requestBody = z.object({
  matchId: z.string().min(1).max(500),
  reason: z.string().trim().min(10, 'Enter why you need access (at least 10 characters)').max(2000, 'Reason must be 2000 characters or fewer'),
  _csrf: z.string().optional(),
})

const decideParams = z.object({ requestId: z.coerce.number().int().min(1).max(2_147_483_647) })
const decideBody = z.object({
  decision: z.enum(['grant', 'refuse'], { error: 'Select grant or refuse' }),
  reason: z.string().trim().min(1, 'Enter a reason').max(2000, 'Reason must be 2000 characters or fewer'),
  _csrf: z.string().optional(),
})

function requireCaseWorker(request: Parameters<typeof actorOf>[0]) {
  const actor = actorOf(request)
  if (!canWorkOnCases(actor.user)) throw new ForbiddenError()
  return actor
}

export function registerAccessRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/find-person', async (request, reply) => {
    requireCaseWorker(request)
    return reply.page('findPerson.njk', { title: 'Find a person', values: {}, ...NO_ERRORS })
  })

  // POST, so names and dates of birth stay out of addresses and browser history.
  app.post('/find-person', { preHandler: app.csrfProtection }, async (request, reply) => {
    const actor = requireCaseWorker(request)
    const parsed = findBody.safeParse(request.body ?? {})
    const raw = (request.body ?? {}) as Record<string, unknown>
    const values = { name: raw.name, day: raw['born-day'], month: raw['born-month'], year: raw['born-year'] }
    if (!parsed.success) {
      return reply.code(400).page('findPerson.njk', { title: 'Find a person', values, ...formErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'name'), message: i.message }))) })
    }
    const born = dateFromParts(parsed.data['born-day'], parsed.data['born-month'], parsed.data['born-year'])
    if (born !== undefined && !isRealDate(born)) {
      return reply.code(400).page('findPerson.njk', { title: 'Find a person', values, ...formErrors([{ field: 'born', message: 'Date of birth must be a real date', href: '#born-day' }]) })
    }
    const matches = await deps.repository.findPerson(actor, { name: parsed.data.name, ...(born !== undefined ? { born } : {}) })
    return reply.page('findPerson.njk', { title: 'Find a person', values, matches, searched: true, ...NO_ERRORS })
  })

  app.post('/access-requests', { preHandler: app.csrfProtection }, async (request, reply) => {
    const actor = requireCaseWorker(request)
    const parsed = requestBody.safeParse(request.body ?? {})
    if (!parsed.success) {
      const raw = (request.body ?? {}) as Record<string, unknown>
      return reply.code(400).page('requestAccess.njk', { title: 'Ask for access', matchId: typeof raw.matchId === 'string' ? raw.matchId : '', ...formErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'reason'), message: i.message }))) })
    }
    await deps.repository.requestAccess(actor, parsed.data.matchId, parsed.data.reason)
    return reply.redirect('/access-requests?sent=1', 303)
  })

  app.get('/access-requests', async (request, reply) => {
    const actor = requireCaseWorker(request)
    const requests = await deps.repository.accessRequests(actor)
    const sent = (request.query as { sent?: string } | undefined)?.sent === '1'
    return reply.page('accessRequests.njk', {
      title: 'Access requests',
      sent,
      pending: requests.filter((r) => r.status === 'pending' && r.requestedBy !== actor.user.username),
      mine: requests.filter((r) => r.requestedBy === actor.user.username),
      decided: requests.filter((r) => r.status !== 'pending' && r.requestedBy !== actor.user.username),
      ...NO_ERRORS,
    })
  })

  app.post('/access-requests/:requestId', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { requestId } = parseParams(decideParams, request.params)
    const actor = requireCaseWorker(request)
    const parsed = decideBody.safeParse(request.body ?? {})
    if (!parsed.success) {
      const requests = await deps.repository.accessRequests(actor)
      return reply.code(400).page('accessRequests.njk', {
        title: 'Access requests',
        pending: requests.filter((r) => r.status === 'pending' && r.requestedBy !== actor.user.username),
        mine: requests.filter((r) => r.requestedBy === actor.user.username),
        decided: requests.filter((r) => r.status !== 'pending' && r.requestedBy !== actor.user.username),
        failedId: requestId,
        ...formErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'reason'), message: i.message, href: `#${String(i.path[0] ?? 'reason')}-${requestId}` }))),
      })
    }
    await deps.repository.decideAccessRequest(actor, requestId, { grant: parsed.data.decision === 'grant', reason: parsed.data.reason })
    return reply.redirect('/access-requests', 303)
  })
}
