// What a whole-caseload evaluation did, summed over its pages (in this thread
// or from worker threads).
export interface CaseloadEvaluation {
  families: number
  replayed: number
  raised: number
  updated: number
}

export function noFamiliesYet(): CaseloadEvaluation {
  return { families: 0, replayed: 0, raised: 0, updated: 0 }
}

export function addTotals(totals: CaseloadEvaluation, more: CaseloadEvaluation): void {
  totals.families += more.families
  totals.replayed += more.replayed
  totals.raised += more.raised
  totals.updated += more.updated
}
