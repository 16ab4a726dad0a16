// Figures for partnership analysts and managers: counts only, no names or refs.
import type { FastifyInstance } from 'fastify'
import { RULE_TEXT } from '../../rules/ruleCatalogue.ts'
import { requireRole } from '../requestContext.ts'
import type { RouteDeps } from './routeDeps.ts'

export function registerFiguresRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/figures', async (request, reply) => {
    const actor = requireRole(request, 'partnership_analyst', 'manager')
    const figures = await deps.repository.figures(actor)
    return reply.page('figures.njk', {
      title: 'Figures',
      figures,
      byRule: figures.openAlertsByRule.map((r) => ({ ...r, title: RULE_TEXT[r.rule as keyof typeof RULE_TEXT]?.title ?? r.rule })),
    })
  })
}
