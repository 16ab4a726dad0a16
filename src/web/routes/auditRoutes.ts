// The audit page for managers and admins: who looked at this child, what
// did this user look at; filters, paging and a CSV download.
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { stringify } from 'csv-stringify/sync'
import { z } from 'zod'
import type { AuditRowView } from '../../access/caseRepository.ts'
import { AUDIT_ACTIONS } from '../../access/types.ts'
import type { Actor } from '../../access/types.ts'
import { isRealDate } from '../../exchange/dates.ts'
import { MAX_KEY } from '../../exchange/schema.ts'
import { emptyToUndefined, parseInput, selectItems } from '../forms.ts'
import { requireRole } from '../requestContext.ts'
import { humanise } from '../views.ts'
import type { RouteDeps } from './routeDeps.ts'

const PAGE_SIZE = 100
/** Rows asked for at a time for the CSV; the repository may give fewer (it caps a page). */
const CSV_PAGE_SIZE = 1000
const optionalDate = z.preprocess(emptyToUndefined, z.string().refine(isRealDate, 'Enter a real date as YYYY-MM-DD').optional())

export const auditQuery = z.object({
  username: z.preprocess(emptyToUndefined, z.string().trim().max(200).optional()),
  familyRef: z.preprocess(emptyToUndefined, z.string().trim().max(MAX_KEY).optional()),
  childRef: z.preprocess(emptyToUndefined, z.string().trim().max(MAX_KEY).optional()),
  action: z.preprocess(emptyToUndefined, z.enum(AUDIT_ACTIONS, { error: 'Choose an action from the list' }).optional()),
  from: optionalDate,
  to: optionalDate,
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
  format: z.preprocess(emptyToUndefined, z.enum(['csv']).optional()),
})

type AuditFilters = Omit<z.infer<typeof auditQuery>, 'page' | 'format'>

/** Spreadsheet programs run cells starting with these as formulas. */
function csvCell(value: unknown): string {
  const s = value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value)
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
}

/**
 * Every row the filters match, newest first, a page at a time. The log only
 * grows, and rows written meanwhile (reading the log may itself be audited)
 * arrive at the top and push older ones to later pages: a row already sent
 * (id not below the last one) is skipped, and the end is reached when a page
 * reaches the end of the log as it was when that page was read.
 */
export async function* auditPages(deps: Pick<RouteDeps, 'repository'>, actor: Actor, filters: AuditFilters, firstPage: { rows: AuditRowView[]; total: number }): AsyncGenerator<AuditRowView[]> {
  let page = firstPage
  let offset = 0
  let lastId = Number.POSITIVE_INFINITY
  for (;;) {
    const fresh = page.rows.filter((r) => r.id < lastId)
    if (fresh.length > 0) yield fresh
    for (const r of page.rows) lastId = Math.min(lastId, r.id)
    offset += page.rows.length
    if (page.rows.length === 0 || offset >= page.total) return
    page = await deps.repository.audit(actor, { ...filters, limit: CSV_PAGE_SIZE, offset })
  }
}

export function registerAuditRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/audit', async (request, reply) => {
    const actor = requireRole(request, 'manager', 'admin')
    const { page, format, ...filters } = parseInput(auditQuery, request.query)
    if (format === 'csv') {
      // Checked before the download starts, so a refusal is still an error page.
      const first = await deps.repository.audit(actor, { ...filters, limit: CSV_PAGE_SIZE, offset: 0 })
      const header = ['at', 'username', 'agency', 'roles', 'action', 'family', 'child', 'event', 'alert', 'reason']
      const toCsv = (rows: AuditRowView[]) => stringify(rows.map((r) => [r.at, r.username, r.agency, r.roles, r.action, r.familyRef, r.childRef, r.eventId, r.alertId, r.reason].map(csvCell)))
      async function* lines(): AsyncGenerator<string> {
        yield stringify([header])
        for await (const rows of auditPages(deps, actor, filters, first)) yield toCsv(rows)
      }
      return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="audit.csv"').send(Readable.from(lines()))
    }
    const { rows, total } = await deps.repository.audit(actor, { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
    const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => e[1] !== undefined))
    const withPage = (n: number) => `/audit?${new URLSearchParams([...params, ['page', String(n)]]).toString()}`
    return reply.page('audit.njk', {
      title: 'Audit',
      rows,
      total,
      filters,
      actionItems: selectItems(AUDIT_ACTIONS.map((a) => ({ value: a, text: humanise(a) })), filters.action, 'Any action'),
      csvHref: `/audit?${new URLSearchParams([...params, ['format', 'csv']]).toString()}`,
      previous: page > 1 ? withPage(page - 1) : null,
      next: page * PAGE_SIZE < total ? withPage(page + 1) : null,
    })
  })
}
