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

/** The event types with a facet naming a child, and that facet. */
export const CHILD_FACETS = { visit: 'child_seen', police_incident: 'children_present', birth: 'child', pregnancy: 'child' } as const

/**
 * Refs of the people an event names, each once, subjects first: the children
 * a visit saw, a police incident found present, or a birth or pregnancy is
 * of are named by the event even when not among its subjects.
 */
export function peopleNamedBy(event: NamingFacts): string[] {
  const refs = new Set(event.subjects)
  if (event.type === 'visit') for (const c of event.child_seen ?? []) refs.add(c)
  if (event.type === 'police_incident') for (const c of event.children_present ?? []) refs.add(c)
  if ((event.type === 'birth' || event.type === 'pregnancy') && event.child !== undefined) refs.add(event.child)
  return [...refs]
}

function refsIn(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined
}

/** The naming facts of an event stored as type, subjects and a facets object (unknown values are ignored). */
export function namingFactsOf(type: string, subjects: readonly string[], facets: Record<string, unknown> | null | undefined): NamingFacts {
  if (facets === null || facets === undefined) return { type, subjects }
  const child = facets.child
  return {
    type, subjects,
    child_seen: refsIn(facets.child_seen), children_present: refsIn(facets.children_present),
    child: typeof child === 'string' ? child : undefined,
  }
}
