// Export the family, or one child's part of it, as a download. What is in
// it comes from the repository's export (restricted entries the user may not
// read are left out and counted; the export is audited).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { MAX_KEY } from '../../exchange/schema.ts'
import type { FamilyDocument } from '../../exchange/schema.ts'
import type { StoredAlertView } from '../../access/caseRepository.ts'
import { NotFoundError } from '../../errors/errors.ts'
import { personName } from '../familyPageModel.ts'
import { emptyToUndefined, parseInput, parseParams } from '../forms.ts'
import { actorOf } from '../requestContext.ts'
import { agencyName } from '../views.ts'
import { exportRenderers } from '../exportFormats.ts'
import { familyParams } from './familyRoutes.ts'
import type { RouteDeps } from './routeDeps.ts'

export const exportQuery = z.object({ child: z.preprocess(emptyToUndefined, z.string().max(MAX_KEY).optional()) })
const formatParams = familyParams.extend({ format: z.string().max(10) })

/** A file name made only of safe characters: `family-F12-C3.json`. */
export function downloadName(familyRef: string, childRef: string | undefined, ext: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60)
  return `family-${safe(familyRef)}${childRef !== undefined ? `-${safe(childRef)}` : ''}.${ext}`
}

export function registerExportRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/families/:familyRef/export', async (request, reply) => {
    const { familyRef } = parseParams(familyParams, request.params)
    const { child } = parseInput(exportQuery, request.query)
    const actor = actorOf(request)
    const record = child !== undefined ? await deps.repository.child(actor, familyRef, child) : await deps.repository.family(actor, familyRef)
    const person = child !== undefined ? record.people.find((p) => p.ref === child) : undefined
    const suffix = child !== undefined ? `?child=${encodeURIComponent(child)}` : ''
    const base = `/families/${encodeURIComponent(familyRef)}/export`
    return reply.page('export.njk', {
      title: child !== undefined ? `Export ${personName(person)}'s chronology` : `Export ${record.name ?? `family ${record.ref}`}'s chronology`,
      record,
      links: Object.values(exportRenderers).map((r) => ({ href: `${base}.${r.ext}${suffix}`, text: r.label, ext: r.ext })),
      backLink: `/families/${encodeURIComponent(familyRef)}`,
    })
  })

  app.get('/families/:familyRef/export.:format', async (request, reply) => {
    const { familyRef, format } = parseParams(formatParams, request.params)
    const renderer = Object.values(exportRenderers).find((r) => r.ext === format)
    if (renderer === undefined) throw new NotFoundError()
    const { child } = parseInput(exportQuery, request.query)
    const actor = actorOf(request)
    const doc = await deps.repository.exportFamily(actor, familyRef, { ...(child !== undefined ? { childRef: child } : {}), format: renderer.format })
    // The PDF lists open alerts: they travel in the export's derived section, so one audit row covers it.
    const alerts = renderer.usesAlerts ? derivedAlerts(doc) : []
    const body = await renderer.render(doc, {
      childRef: child, asOf: deps.clock().toISOString().slice(0, 10), alerts,
      preparedBy: `${actor.user.displayName}, ${agencyName(actor.user.agency)}`,
    })
    return reply
      .type(renderer.contentType)
      .header('Content-Disposition', `attachment; filename="${downloadName(familyRef, child, renderer.ext)}"`)
      .send(body)
  })
}

/** The alerts the repository put in an export's derived section (see toExportDocument). */
function derivedAlerts(doc: FamilyDocument): StoredAlertView[] {
  const list = doc.derived?.alerts
  return Array.isArray(list) ? (list as StoredAlertView[]) : []
}
