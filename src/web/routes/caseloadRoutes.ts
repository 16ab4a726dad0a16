// The caseload: families and children the user can see, with open alerts
// counted, most serious and most recent first; search and filters by GET so
// they work without JavaScript.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { canSeeCaseData } from '../../access/accessPredicates.ts'
import { KNOWN_AGENCIES, MAX_KEY, PLAN_KINDS } from '../../exchange/schema.ts'
import { RULE_IDS, RULE_TEXT } from '../../rules/ruleCatalogue.ts'
import { emptyToUndefined, parseInput, selectItems } from '../forms.ts'
import { actorOf } from '../requestContext.ts'
import { agencyName, humanise } from '../views.ts'
import type { RouteDeps } from './routeDeps.ts'

export const PAGE_SIZE = 50

export const caseloadQuery = z.object({
  search: z.preprocess(emptyToUndefined, z.string().trim().max(MAX_KEY, 'Search must be 200 characters or fewer').optional()),
  rule: z.preprocess(emptyToUndefined, z.enum(RULE_IDS, { error: 'Choose an alert from the list' }).optional()),
  plan: z.preprocess(emptyToUndefined, z.enum(PLAN_KINDS, { error: 'Choose a plan from the list' }).optional()),
  agency: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z][a-z_]*$/, 'Choose an agency from the list').max(MAX_KEY).optional()),
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
})

const RULE_CHOICES = RULE_IDS.map((id) => ({ value: id, text: RULE_TEXT[id].title }))
const PLAN_CHOICES = PLAN_KINDS.map((p) => ({ value: p, text: humanise(p) }))
const AGENCY_CHOICES = KNOWN_AGENCIES.map((a) => ({ value: a, text: agencyName(a) }))

export function registerCaseloadRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/caseload', async (request, reply) => {
    const actor = actorOf(request)
    const query = parseInput(caseloadQuery, request.query)
    const { page, ...filters } = query
    const result = canSeeCaseData(actor.user)
      ? await deps.repository.caseload(actor, { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
      : { entries: [], total: 0 }
    const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => e[1] !== undefined))
    const pageHref = (n: number) => `/caseload?${new URLSearchParams([...params, ['page', String(n)]]).toString()}`
    const selected = [
      filters.rule !== undefined ? { heading: 'Alert', text: RULE_TEXT[filters.rule].title, key: 'rule' } : null,
      filters.plan !== undefined ? { heading: 'Plan', text: humanise(filters.plan), key: 'plan' } : null,
      filters.agency !== undefined ? { heading: 'Agency', text: agencyName(filters.agency), key: 'agency' } : null,
    ].filter((x) => x !== null).map((x) => {
      const without = new URLSearchParams(params)
      without.delete(x.key)
      return { heading: { text: x.heading }, items: [{ href: `/caseload?${without.toString()}`, text: x.text }] }
    })
    return reply.page('caseload.njk', {
      title: 'Caseload',
      entries: result.entries.map((e) => ({ ...e, alertTitles: e.alertRules.map((r) => RULE_TEXT[r as keyof typeof RULE_TEXT]?.title ?? humanise(r)) })),
      total: result.total,
      search: filters.search,
      ruleItems: selectItems(RULE_CHOICES, filters.rule, 'Any alert'),
      planItems: selectItems(PLAN_CHOICES, filters.plan, 'Any plan'),
      agencyItems: selectItems(AGENCY_CHOICES, filters.agency, 'Any agency'),
      selectedFilters: selected.length > 0 ? { heading: { text: 'Selected filters' }, clearLink: { text: 'Clear filters', href: filters.search !== undefined ? `/caseload?search=${encodeURIComponent(filters.search)}` : '/caseload' }, categories: selected } : null,
      previous: page > 1 ? pageHref(page - 1) : null,
      next: page * PAGE_SIZE < result.total ? pageHref(page + 1) : null,
      page,
    })
  })
}
