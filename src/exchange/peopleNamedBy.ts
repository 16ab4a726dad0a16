// The people an event is about, read the one way the chronology's filter, the
// timeline's lanes and the family page's outline all read it.
/** What of an event names people: its subjects and the facets that name children. */
export interface NamingFacts {
  type: string
  subjects: readonly string[]
  child_seen?: readonly string[] | undefined
  children_present?: readonly string[] | undefined
  child?: string | undefined
}

/** The event types with a facet naming children, and that facet (read the same way by the store's filter: store/familyRecordQueries.ts keptByFilter). */
export const CHILD_FACETS = { visit: 'child_seen', police_incident: 'children_present', birth: 'child', pregnancy: 'child' } as const

/**
 * Refs of the people an event names, each once, subjects first: the children
 * a visit saw, a police incident found present, or a birth or pregnancy is
 * of are named by the event even when not among its subjects.
 */
export function peopleNamedBy(event: NamingFacts): string[] {
  const refs = new Set(event.subjects)
  const facet: (typeof CHILD_FACETS)[keyof typeof CHILD_FACETS] | undefined = (CHILD_FACETS as Record<string, (typeof CHILD_FACETS)[keyof typeof CHILD_FACETS]>)[event.type]
  const named = facet === undefined ? undefined : event[facet]
  if (typeof named === 'string') refs.add(named)
  else for (const c of named ?? []) refs.add(c)
  return [...refs]
}
