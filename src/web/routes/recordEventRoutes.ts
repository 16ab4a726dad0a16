// Record an event: choose a type, fill in the form generated from that
// type's schema, save through the repository (which re-evaluates the
// family's alerts), then send the user to a page showing any alert raised.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { ForbiddenError, ValidationError } from '../../errors/errors.ts'
import type { StoredAlertView } from '../../access/caseRepository.ts'
import type { Actor } from '../../access/types.ts'
import { canWorkOnCases } from '../../access/accessPredicates.ts'
import { EVENT_TYPES } from '../../exchange/schema.ts'
import type { EventType } from '../../exchange/schema.ts'
import { checkEventForm, eventTypeChoices, formFields, inFormOrder, isEventType, readEventForm } from '../eventForm.ts'
import type { FormValues } from '../eventForm.ts'
import { alertRows } from '../familyPageModel.ts'
import { emptyToUndefined, formErrors, NO_ERRORS, parseInput, parseParams } from '../forms.ts'
import type { FormErrors } from '../forms.ts'
import { actorOf } from '../requestContext.ts'
import { humanise, lowerCaseWords } from '../views.ts'
import { familyParams } from './familyRoutes.ts'
import type { RouteDeps } from './routeDeps.ts'

const typeParams = familyParams.extend({ type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]) })
const recordedQuery = z.object({
  event: z.string().regex(/^[\w.:-]{1,100}$/),
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  alerts: z.preprocess(emptyToUndefined, z.string().regex(/^\d{1,12}(,\d{1,12}){0,99}$/).optional())
    .transform((v) => (v === undefined ? [] : v.split(',').map(Number))),
})
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
      title: `Record ${lowerCaseWords(humanise(type))}`, record, type, fields: formFields(type, record.people), values,
      backLink: `${familyPath(familyRef)}/record`, ...NO_ERRORS,
    })
  })

  /** The form again with its errors: the people to choose from come from a fresh read, audited as a view. */
  async function formAgain(reply: FastifyReply, actor: Actor, familyRef: string, type: EventType, values: FormValues, problems: { field: string; message: string; href?: string }[]) {
    const record = await deps.repository.family(actor, familyRef)
    const fields = formFields(type, record.people)
    return reply.code(400).page('recordEvent.njk', {
      title: `Record ${lowerCaseWords(humanise(type))}`, record, type, fields, values,
      backLink: `${familyPath(familyRef)}/record`, ...formErrors(inFormOrder(fields, problems)),
    })
  }

  // One successful save writes one audit row (record): the form is read and
  // checked without the family (the people offered only label the choices;
  // the repository checks every ref against the family), and the result page
  // is a redirect, so reading the family to show it is a view of its own.
  app.post('/families/:familyRef/record/:type', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { familyRef, type } = parseParams(typeParams, request.params)
    const actor = actorOf(request)
    if (!canWorkOnCases(actor.user)) throw new ForbiddenError()
    const fields = formFields(type, [])
    const parsed = readEventForm(type, fields, (request.body ?? {}) as Record<string, string | string[] | undefined>)
    const checked = checkEventForm(fields, parsed, { id: `web-${randomUUID()}`, agency: actor.user.agency })
    if (!checked.ok) return formAgain(reply, actor, familyRef, type, parsed.values, checked.problems)
    const asOf = deps.clock().toISOString().slice(0, 10)
    let saved: { eventId: string; alertsRaised: StoredAlertView[] }
    try {
      saved = await deps.repository.recordEvent(actor, familyRef, checked.event, asOf)
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e
      // A person who is not in the family, say: each problem shown on its field.
      return formAgain(reply, actor, familyRef, type, parsed.values, e.problems.map((p) => ({ field: (p.field ?? 'form').split(/[.[]/)[0] ?? 'form', message: p.message })))
    }
    const query = new URLSearchParams({ event: saved.eventId, type })
    if (saved.alertsRaised.length > 0) query.set('alerts', saved.alertsRaised.map((a) => a.id).join(','))
    return reply.redirect(`${familyPath(familyRef)}/recorded?${query.toString()}`, 303)
  })

  app.get('/families/:familyRef/recorded', async (request, reply) => {
    const { familyRef } = parseParams(familyParams, request.params)
    const actor = actorOf(request)
    const { event, type, alerts } = parseInput(recordedQuery, request.query)
    const record = await deps.repository.family(actor, familyRef)
    // Only this family's alerts, whatever ids the address names.
    const raised = record.alerts.filter((a) => alerts.includes(a.id))
    return reply.page('recordSaved.njk', {
      title: 'Event recorded', record, eventId: event, alerts: alertRows(record, raised), type,
    })
  })
}
