// frequent-moves (review ids: SCR6, CD): 3 or more address_change events
// within 24 months. Readings §3 (as worker-churn): counted over the whole
// family; a set of 3 whose latest is within 24 months of its earliest (§5:
// once known, holds for the rest of the replay). Alerts every child those
// events are about (§9), the family when they are about no child (§16).
import { withinMonths } from './spans.ts'
import { defineRule, FAMILY, type Finding } from './types.ts'

export const frequentMovesRule = defineRule('frequent-moves', {
  reads: ['address_change'],
  evaluate(view, _asOf, { count, withinMonths: months }) {
    const moves = view.ofType('address_change')
    const found = new Map<string, Finding>()
    // A move belongs to some qualifying set exactly when it belongs to a
    // qualifying run of `count` consecutive moves, so runs are enough.
    for (let last = count - 1; last < moves.length; last++) {
      const run = moves.slice(last - count + 1, last + 1)
      const first = run[0], end = run[run.length - 1]
      if (!first || !end || !withinMonths(first.placed, end.placed, months)) continue
      const threshold = `${count} moves within ${months} months (${first.placed} to ${end.placed}); the threshold is ${count} within ${months} months`
      const children = [...new Set(run.flatMap((e) => view.childrenOfEvent(e)))]
      for (const subject of children.length > 0 ? children : [FAMILY]) {
        if (!found.has(subject)) found.set(subject, { subject, events: run.map((e) => e.id), threshold })
      }
    }
    return [...found.values()]
  },
})
