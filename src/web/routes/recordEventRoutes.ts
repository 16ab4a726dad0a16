// Record an event: choose a type, fill in the form generated from that
// type's schema, save through the repository (which re-evaluates the
// family's alerts) and show any alert raised.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ForbiddenError } from '../../errors/errors.ts'
import { canWorkOnCases } from '../../access/accessPredicates.ts'
import { EVENT_TYPES } from '../../exchange/schema.ts'
import type { EventType } from '../../exchange/schema.ts'
import { checkEventForm, eventTypeChoices, formFields, isEventType, readEventForm } from '../eventForm.ts'
import type { FormValues } from '../eventForm.ts'
import { alertRows } from '../familyPageModel.ts'
import { emptyToUndefined, formErrors, NO_ERRORS, parseInput, parseParams } from '../forms.ts'
import type { FormErrors } from '../forms.ts'
import { actorOf } from '../requestContext.ts'
import { humanise } from '../views.ts'
import { familyParams } from './familyRoutes.ts'
import type { RouteDeps } from './routeDeps.ts'

const typeParams = familyParams.extend({ type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]) })
const chooseQuery = z.object({ type: z.preprocess(emptyToUndefined, z.string().max(100).optional()) })

export function registerRecordEventRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const familyPath = (ref: string) => `/families/${encodeURIComponent(ref)}`

  app.get('/families/:familyRef/record', async (request, reply) => {
    const { familyRef } = parseParams(familyParams, request.params)
    const actor = actorOf(request)
    if (!canWorkOnCases(actor.user)) throw new ForbiddenError()
    const { type } = parseInput(chooseQuery, request.query)
    const record = await deps.repository.family(actor, familyRef)
    if (type !== undefined && isEventType(type)) return reply.redirect(`${familyPath(familyRef)}/record/${type}`)
    const errors: FormErrors = type !== undefined ? formErrors([{ field: 'type', message: 'Select the type of event' }]) : NO_ERRORS
    return reply.code(type !== undefined ? 400 : 200).page('recordChoose.njk', {
      title: 'What do you want to record?', record, types: eventTypeChoices(), backLink: familyPath(familyRef), ...errors,
    })
  })

  app.get('/families/:familyRef/record/:type', async (request, reply) => {
    const { familyRef, type } = parseParams(typeParams, request.params)
    const actor = actorOf(request)
    if (!canWorkOnCases(actor.user)) throw new ForbiddenError()
    const record = await deps.repository.family(actor, familyRef)
    const values: FormValues = {}
    return reply.page('recordEvent.njk', {
      title: `Record ${humanise(type).toLowerCase()}`, record, type, fields: formFields(type, record.people), values,
      backLink: `${familyPath(familyRef)}/record`, ...NO_ERRORS,
    })
  })

  app.post('/families/:familyRef/record/:type', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { familyRef, type } = parseParams(typeParams, request.params)
    const actor = actorOf(request)
    if (!canWorkOnCases(actor.user)) throw new ForbiddenError()
    const record = await deps.repository.family(actor, familyRef)
    const fields = formFields(type, record.people)
    const parsed = readEventForm(type, fields, (request.body ?? {}) as Record<string, string | string[] | undefined>)
    const checked = checkEventForm(fields, parsed, { id: `web-${randomUUID()}`, agency: actor.user.agency })
    if (!checked.ok) {
      return reply.code(400).page('recordEvent.njk', {
        title: `Record ${humanise(type).toLowerCase()}`, record, type, fields, values: parsed.values,
        backLink: `${familyPath(familyRef)}/record`, ...formErrors(checked.problems),
      })
    }
    const asOf = deps.clock().toISOString().slice(0, 10)
    const saved = await deps.repository.recordEvent(actor, familyRef, checked.event, asOf)
    return reply.page('recordSaved.njk', {
      title: 'Event recorded', record, eventId: saved.eventId, alerts: alertRows(record, saved.alertsRaised), type,
    })
  })
}
