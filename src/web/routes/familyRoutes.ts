// The family page (people, plans, alerts, timeline and chronology table) and
// break-glass. Validate, load through the repository (access check and audit
// row), render.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { canWorkOnCases } from '../../access/accessPredicates.ts'
import { isRealDate } from '../../exchange/dates.ts'
import { EVENT_TYPES, MAX_KEY } from '../../exchange/schema.ts'
import type { FamilyRecord } from '../../access/caseRepository.ts'
import {
  agenciesIn, alertGroups, chronologyRows, currentPlans, entryHref, eventTypesIn, familyPageHref, paginationLinks, peopleNames, peopleRows, personName,
} from '../familyPageModel.ts'
import type { ChronologyFilter, FamilyPageState } from '../familyPageModel.ts'
import { planFamilyPage } from '../familyPagePlan.ts'
import type { FamilyPageAsked, FamilyPagePlan } from '../familyPagePlan.ts'
import { emptyToUndefined, formErrors, parseInput, parseParams, selectItems } from '../forms.ts'
import { actorOf } from '../requestContext.ts'
import { familyCharts, ZOOM_IDS } from '../charts.ts'
import type { RouteDeps } from './routeDeps.ts'

export const familyParams = z.object({ familyRef: z.string().min(1).max(MAX_KEY) })

const optionalDate = z.preprocess(emptyToUndefined, z.string().refine(isRealDate, 'Enter a real date as YYYY-MM-DD, for example 2024-03-27').optional())

export const familyQuery = z.object({
  zoom: z.preprocess(emptyToUndefined, z.enum(ZOOM_IDS).optional()),
  child: z.preprocess(emptyToUndefined, z.string().max(MAX_KEY).optional()),
  agency: z.preprocess(emptyToUndefined, z.string().max(MAX_KEY).optional()),
  type: z.preprocess(emptyToUndefined, z.enum(EVENT_TYPES as [string, ...string[]]).optional()),
  from: optionalDate,
  to: optionalDate,
  /** A page of the chronology table; by default the last (the latest entries). */
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1_000_000).optional()),
  /** An entry whose page of the chronology to open at (links from elsewhere: `?event=ID#event-ID`). */
  event: z.preprocess(emptyToUndefined, z.string().max(MAX_KEY * 2 + 1).optional()),
})

const breakGlassBody = z.object({
  reason: z.string().trim().min(10, 'Enter the reason you need to open this record (at least 10 characters)').max(2000, 'Reason must be 2000 characters or fewer'),
})

export function registerFamilyRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/families/:familyRef', async (request, reply) => {
    const { familyRef } = parseParams(familyParams, request.params)
    const actor = actorOf(request)
    const query = parseInput(familyQuery, request.query)
    const filter: ChronologyFilter = { child: query.child, agency: query.agency, type: query.type, from: query.from, to: query.to }
    const asked: FamilyPageAsked = { page: query.page, event: query.event, zoom: query.zoom, today: deps.clock().toISOString().slice(0, 10) }
    // The plan picks the events to read in full; a small family comes whole
    // without asking, and is planned from what came.
    let plan: FamilyPagePlan | undefined
    const { outline, detailed, byKey } = await deps.repository.familyPage(actor, familyRef, filter, (o) => (plan = planFamilyPage(o, asked)).detail)
    plan ??= planFamilyPage(outline, asked)
    const { chronology, timeline } = plan
    // A record of the events read in full alone (the chronology page's, the
    // timeline span's, every plan and birth): what the renderers below read.
    const record: FamilyRecord = { ...outline, events: detailed }
    const asOf = outline.evaluatedAsOf ?? asked.today
    const open = outline.alerts.filter((a) => a.state !== 'resolved')
    const filterState: FamilyPageState = { zoom: query.zoom, ...filter }
    const pageState = (page: number): FamilyPageState => ({ ...filterState, page: page === chronology.pages ? undefined : page })
    const state = pageState(chronology.page)
    return reply.page('family.njk', {
      title: outline.name ?? `Family ${outline.ref}`,
      record: outline,
      people: peopleRows(record),
      childItems: selectItems(outline.people.filter((p) => p.role !== 'adult').map((p) => ({ value: p.ref, text: personName(p) })), query.child),
      plans: currentPlans(record),
      alertGroups: alertGroups(record, open),
      openAlertCount: open.length,
      chronology: { ...chronology, rows: chronologyRows(chronology, byKey, peopleNames(record)) },
      pagination: paginationLinks(chronology.page, chronology.pages, (page) => familyPageHref(familyRef, pageState(page), 'chronology')),
      filter: query,
      filtered: Object.values(filter).some((v) => v !== undefined),
      clearFilterHref: familyPageHref(familyRef, { zoom: query.zoom }, 'chronology'),
      agencyItems: selectItems(agenciesIn(outline.agencies), query.agency),
      typeItems: selectItems(eventTypesIn(outline.eventTypes), query.type),
      charts: familyCharts(record, timeline, { asOf, familyRef, state, linkEvent: entryHref(outline.events, chronology, filterState, familyRef) }),
      canRecord: canWorkOnCases(actor.user),
    })
  })

  app.get('/families/:familyRef/break-glass', async (request, reply) => {
    const { familyRef } = parseParams(familyParams, request.params)
    actorOf(request)
    return reply.page('breakGlass.njk', { title: 'Open a record you do not normally have access to', familyRef, fieldErrors: {} })
  })

  app.post('/families/:familyRef/break-glass', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { familyRef } = parseParams(familyParams, request.params)
    const actor = actorOf(request)
    const parsed = breakGlassBody.safeParse(request.body ?? {})
    if (!parsed.success) {
      const errors = formErrors(parsed.error.issues.map((i) => ({ field: 'reason', message: i.message })))
      return reply.code(400).page('breakGlass.njk', { title: 'Open a record you do not normally have access to', familyRef, ...errors })
    }
    await deps.repository.breakGlass(actor, familyRef, parsed.data.reason)
    return reply.redirect(`/families/${encodeURIComponent(familyRef)}`)
  })
}
