// Who counts around a child for the rules about parents' difficulties
// (toxic-trio, plan-ended-early; readings §10, §11 and toxic-trio): the
// child's parents and carers, the children sharing one of them, and which
// records are about that circle.
import type { FamilyView, PlacedEvent } from './familyView.ts'

export interface ParentalCircle {
  readonly carers: ReadonlySet<string>
  /** Children sharing a parent or carer with the child (the child included). */
  readonly siblings: ReadonlySet<string>
  /** The event involves (§11) a parent or carer of the child. */
  involvesCarer(e: PlacedEvent): boolean
  /** An observation counts for the child: about the child or a sibling, or naming a parent or carer. */
  observationCounts(e: PlacedEvent): boolean
}

export function parentalCircle(view: FamilyView, child: string): ParentalCircle {
  const carers = new Set(view.parentsAndCarers(child))
  const siblings = new Set(view.children
    .filter((c) => c.ref === child || view.parentsAndCarers(c.ref).some((r) => carers.has(r)))
    .map((c) => c.ref))
  return {
    carers,
    siblings,
    involvesCarer: (e) => view.involvedIn(e).some((ref) => carers.has(ref)),
    observationCounts: (e) => view.childrenOfEvent(e).some((c) => siblings.has(c)) || e.event.subjects.some((ref) => carers.has(ref)),
  }
}
