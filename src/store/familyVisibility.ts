// Need-to-know as SQL: the fragments every case query puts in its WHERE
// clause, so a family the user may not see is never read at all. The same
// rules, as plain functions, are in access/accessPredicates.ts.
import { sql } from 'kysely'
import type { RawBuilder } from 'kysely'
import { canSeeCaseData } from '../access/accessPredicates.ts'
import { CHILDRENS_SOCIAL_CARE } from '../access/types.ts'
import type { User, Visibility } from '../access/types.ts'

type Who = Pick<User, 'id' | 'agency' | 'roles' | 'disabled'>

function contributes(user: Who, familyId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from events ve where ve.family_id = ${familyId} and ve.agency = ${user.agency})`
}

function granted(user: Who, familyId: RawBuilder<unknown>, now: Date): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from family_access_grants g where g.family_id = ${familyId} and g.agency = ${user.agency} and (g.expires_at is null or g.expires_at > ${now}))`
}

function brokenGlass(user: Who, familyId: RawBuilder<unknown>, now: Date): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from break_glass bg where bg.family_id = ${familyId} and bg.user_id = ${user.id} and bg.expires_at > ${now})`
}

/**
 * True for a family (its id column named by `familyIdColumn`, e.g. `f.id`)
 * that the user may see: their agency contributed to it or was granted
 * access, or they hold an unexpired break-glass on it. Never true for a user
 * who may not see case data at all.
 */
export function visibleFamily(user: Who, now: Date, familyIdColumn: string, options: { breakGlass?: boolean } = {}): RawBuilder<boolean> {
  if (!canSeeCaseData(user)) return sql<boolean>`false`
  const id = sql.ref(familyIdColumn)
  const own = sql<boolean>`(${contributes(user, id)} or ${granted(user, id, now)}`
  return options.breakGlass === false ? sql<boolean>`${own})` : sql<boolean>`${own} or ${brokenGlass(user, id, now)})`
}

/**
 * True for a family (id column `familyIdColumn`) the user's agency holds in
 * its own right: it contributed to it or was granted access. Not role-gated
 * and not opened by a user's break-glass: the test for writing an agency's
 * records into an existing family (an import).
 */
export function agencyHoldsFamily(user: Who, now: Date, familyIdColumn: string): RawBuilder<boolean> {
  const id = sql.ref(familyIdColumn)
  return sql<boolean>`(${contributes(user, id)} or ${granted(user, id, now)})`
}

/** Which of the reasons applies, strongest first (see familyVisibility in accessPredicates.ts). */
export function visibilityOf(user: Who, now: Date, familyIdColumn: string): RawBuilder<Visibility> {
  if (!canSeeCaseData(user)) return sql<Visibility>`'none'`
  const id = sql.ref(familyIdColumn)
  return sql<Visibility>`case when ${contributes(user, id)} then 'contributor' when ${granted(user, id, now)} then 'granted' when ${brokenGlass(user, id, now)} then 'break-glass' else 'none' end`
}

/** True for an event (alias `e` unless named) whose content the user may read. */
export function readableEvent(user: Pick<User, 'agency'>, alias = 'e'): RawBuilder<boolean> {
  if (user.agency === CHILDRENS_SOCIAL_CARE) return sql<boolean>`true`
  return sql<boolean>`(${sql.ref(`${alias}.restricted`)} is not true or ${sql.ref(`${alias}.agency`)} = ${user.agency})`
}

/**
 * True for an alert (alias `a` unless named) that the user may see: none of
 * its contributing events is a restricted entry they may not read, since the
 * alert's rule, threshold and dates would tell what that entry says. An
 * evidence id is an event's own id or, for a later source reusing it,
 * `source:id`; a plain id matching several sources' events counts every one
 * (it errs on hiding).
 */
export function readableAlert(user: Pick<User, 'agency'>, alias = 'a'): RawBuilder<boolean> {
  if (user.agency === CHILDRENS_SOCIAL_CARE) return sql<boolean>`true`
  const column = (c: string) => sql.ref(`${alias}.${c}`)
  return sql<boolean>`not exists (select 1 from events ue join sources us on us.id = ue.source_id
    where ue.family_id = ${column('family_id')} and ue.restricted is true and ue.agency <> ${user.agency}
      and (ue.event_id = any(${column('events')}) or us.name || ':' || ue.event_id = any(${column('events')})))`
}
