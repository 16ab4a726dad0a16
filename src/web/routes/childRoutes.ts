// The child's page: their lived experience, through the repository's child
// read (audited as a view of this child).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { MAX_KEY } from '../../exchange/schema.ts'
import { childCharts } from '../charts.ts'
import { childLivedExperience } from '../charts/childLivedExperience.ts'
import { parseParams } from '../forms.ts'
import { actorOf } from '../requestContext.ts'
import type { RouteDeps } from './routeDeps.ts'

export const childParams = z.object({ familyRef: z.string().min(1).max(MAX_KEY), childRef: z.string().min(1).max(MAX_KEY) })

export function registerChildRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/families/:familyRef/children/:childRef', async (request, reply) => {
    const { familyRef, childRef } = parseParams(childParams, request.params)
    const actor = actorOf(request)
    const record = await deps.repository.child(actor, familyRef, childRef)
    const asOf = record.evaluatedAsOf ?? deps.clock().toISOString().slice(0, 10)
    const experience = childLivedExperience(record, childRef, asOf)
    return reply.page('child.njk', {
      title: experience.child.name,
      record,
      le: experience,
      charts: childCharts(experience),
      backLink: `/families/${encodeURIComponent(familyRef)}`,
    })
  })
}
