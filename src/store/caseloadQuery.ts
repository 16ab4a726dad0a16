// The caseload: the families a user may see, most serious first, in one
// query. Visibility is the first CTE's WHERE clause; search looks only at
// people (names, dates of birth, identifiers) and the family's own ref and
// name, never at event content; open plans count only plan events the user
// may read, and alerts only those whose evidence the user may read.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { CaseloadEntry, CaseloadPage, CaseloadQuery } from '../access/caseRepository.ts'
import { RULE_SEVERITY, sortRulesBySeverity } from '../access/ruleSeverity.ts'
import type { User } from '../access/types.ts'
import type { PlanKind } from '../exchange/schema.ts'
import { readableAlert, readableEvent, visibleFamily } from './familyVisibility.ts'
import type { Database } from './schema.ts'

export const DEFAULT_CASELOAD_LIMIT = 50
export const MAX_CASELOAD_LIMIT = 500

interface CaseloadRow {
  ref: string
  name: string | null
  children: CaseloadEntry['children'] | null
  open_alerts: number | null
  alert_rules: string[] | null
  latest_alert: string | null
  open_plans: string[] | null
  agencies: string[] | null
  last_event: string | null
  total: number
}

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

function searchCondition(search: string) {
  const like = likePattern(search)
  const compact = search.replace(/\s+/g, '')
  return sql<boolean>`(f.ref = ${search} or f.name ilike ${like} or exists (
    select 1 from people p where p.family_id = f.id and (
      p.given_name ilike ${like} or p.family_name ilike ${like}
      or (p.given_name || ' ' || coalesce(p.family_name, '')) ilike ${like}
      or p.born = ${search}
      or exists (select 1 from jsonb_each_text(coalesce(p.identifiers, '{}'::jsonb)) i where replace(i.value, ' ', '') = ${compact})
    )))`
}

/** Alerts not yet resolved (open or acknowledged) count as open here: the condition still holds. */
export async function caseload(db: Kysely<Database>, user: User, now: Date, query: CaseloadQuery): Promise<CaseloadPage> {
  const limit = Math.min(Math.max(query.limit ?? DEFAULT_CASELOAD_LIMIT, 1), MAX_CASELOAD_LIMIT)
  const offset = Math.max(query.offset ?? 0, 0)
  const search = query.search?.trim() ?? ''
  const conditions = [visibleFamily(user, now, 'f.id')]
  if (search !== '') conditions.push(searchCondition(search))
  if (query.rule !== undefined) {
    conditions.push(sql<boolean>`exists (select 1 from alerts ra where ra.family_id = f.id and ra.state <> 'resolved' and ra.rule = ${query.rule} and ${readableAlert(user, 'ra')})`)
  }
  if (query.agency !== undefined) {
    conditions.push(sql<boolean>`exists (select 1 from events ae where ae.family_id = f.id and ae.agency = ${query.agency})`)
  }
  const planFilter = query.plan === undefined ? sql`true` : sql`${query.plan} = any(op.plans)`

  const result = await sql<CaseloadRow>`
    with visible as (
      select f.id, f.ref, f.name from families f where ${sql.join(conditions, sql` and `)}
    ),
    latest_plan as (
      select distinct on (e.family_id, e.facets->>'plan') e.family_id, e.facets->>'plan' as plan, e.facets->>'change' as change
      from events e join visible v on v.id = e.family_id
      where e.type = 'plan' and ${readableEvent(user, 'e')}
      order by e.family_id, e.facets->>'plan', e.placed_date desc, e.id desc
    ),
    op as (
      select family_id, array_agg(plan order by plan) as plans from latest_plan where change <> 'end' group by family_id
    ),
    al as (
      select a.family_id, count(*)::int as open_alerts, array_agg(distinct a.rule) as rules, max(a.first_fired) as latest,
        min(coalesce(array_position(${[...RULE_SEVERITY]}::text[], a.rule), ${RULE_SEVERITY.length + 1})) as rank
      from alerts a join visible v on v.id = a.family_id
      where a.state <> 'resolved' and ${readableAlert(user, 'a')}
      group by a.family_id
    ),
    ev as (
      select e.family_id, array_agg(distinct e.agency) as agencies, max(e.placed_date) as last_event
      from events e join visible v on v.id = e.family_id
      group by e.family_id
    ),
    ch as (
      select p.family_id, json_agg(json_build_object(
        'ref', p.ref, 'name', trim(p.given_name || ' ' || coalesce(p.family_name, '')), 'born', p.born, 'role', p.role
      ) order by p.id) as children
      from people p join visible v on v.id = p.family_id
      where p.role in ('child', 'unborn')
      group by p.family_id
    )
    select v.ref, v.name, ch.children, al.open_alerts, al.rules as alert_rules, al.latest::text as latest_alert,
      op.plans as open_plans, ev.agencies, ev.last_event::text as last_event, count(*) over () as total
    from visible v
      left join al on al.family_id = v.id
      left join op on op.family_id = v.id
      left join ev on ev.family_id = v.id
      left join ch on ch.family_id = v.id
    where ${planFilter}
    order by al.rank asc nulls last, al.latest desc nulls last, ev.last_event desc nulls last, v.ref
    limit ${limit} offset ${offset}
  `.execute(db)

  const entries = result.rows.map((r): CaseloadEntry => ({
    familyRef: r.ref,
    familyName: r.name,
    children: r.children ?? [],
    openAlerts: Number(r.open_alerts ?? 0),
    alertRules: sortRulesBySeverity(r.alert_rules ?? []),
    latestAlert: r.latest_alert,
    openPlans: (r.open_plans ?? []) as PlanKind[],
    agencies: [...(r.agencies ?? [])].sort(),
    lastEvent: r.last_event,
  }))
  return { entries, total: Number(result.rows[0]?.total ?? 0) }
}
