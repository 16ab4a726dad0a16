// An alert: what was seen, the threshold, the contributing events (linked
// to their chronology rows), the advice and its source, the history; and
// acknowledge / resolve / reopen, each with a required reason.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { canWorkOnCases } from '../../access/accessPredicates.ts'
import { chronologyRow, peopleNames, subjectName } from '../familyPageModel.ts'
import { formErrors, NO_ERRORS, parseParams } from '../forms.ts'
import type { FormErrors } from '../forms.ts'
import { actorOf } from '../requestContext.ts'
import type { RouteDeps } from './routeDeps.ts'

export const alertParams = z.object({ alertId: z.coerce.number().int().min(1).max(2_147_483_647) })

export const alertActionBody = z.object({
  action: z.enum(['acknowledge', 'resolve', 'reopen'], { error: 'Choose what to do with the alert' }),
  reason: z.string().trim().min(1, 'Enter a reason').max(2000, 'Reason must be 2000 characters or fewer'),
  _csrf: z.string().optional(),
})

export function registerAlertRoutes(app: FastifyInstance, deps: RouteDeps): void {
  async function show(request: FastifyRequest, reply: FastifyReply, alertId: number, errors: FormErrors, entered: { reason: string; action?: string } = { reason: '' }, done?: string): Promise<FastifyReply> {
    const actor = actorOf(request)
    const { family, alert, history } = await deps.repository.alert(actor, alertId)
    const names = peopleNames(family)
    const byId = new Map(family.events.map((e) => [e.visible ? e.event.id : e.id, e]))
    const contributing = alert.events.map((id) => byId.get(id)).filter((e) => e !== undefined).map((e) => chronologyRow(e, names))
    return reply.page('alert.njk', {
      title: alert.title,
      family,
      alert,
      subject: subjectName(family, alert.subject),
      contributing,
      history,
      canAct: canWorkOnCases(actor.user),
      reason: entered.reason,
      chosenAction: entered.action,
      done,
      backLink: `/families/${encodeURIComponent(family.ref)}`,
      ...errors,
    })
  }

  app.get('/alerts/:alertId', async (request, reply) => {
    const { alertId } = parseParams(alertParams, request.params)
    const done = (request.query as { done?: string } | undefined)?.done
    return show(request, reply, alertId, NO_ERRORS, { reason: '' }, done === 'acknowledge' || done === 'resolve' || done === 'reopen' ? done : undefined)
  })

  app.post('/alerts/:alertId', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { alertId } = parseParams(alertParams, request.params)
    const actor = actorOf(request)
    const parsed = alertActionBody.safeParse(request.body ?? {})
    if (!parsed.success) {
      const { reason, action } = (request.body ?? {}) as { reason?: unknown; action?: unknown }
      reply.code(400)
      // What was entered is shown again, the action chosen still chosen.
      const entered = { reason: typeof reason === 'string' ? reason : '', ...(typeof action === 'string' ? { action } : {}) }
      return show(request, reply, alertId, formErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'reason'), message: i.message }))), entered)
    }
    await deps.repository.actOnAlert(actor, alertId, { action: parsed.data.action, reason: parsed.data.reason })
    return reply.redirect(`/alerts/${alertId}?done=${parsed.data.action}`, 303)
  })
}
