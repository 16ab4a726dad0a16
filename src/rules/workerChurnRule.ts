// worker-churn (review ids: ALHC 5.19, SCR6): 3 or more changes of social
// worker within 12 months. Readings §3 and §5: counted over the whole family,
// `worker_change` events of a counted role (social_worker by default); a set
// of 3 whose latest is within 12 months of its earliest. Alerts every child
// those events are about (§9), the family when they are about no child (§16).
import { firstCluster, withinMonths } from './spans.ts'
import { defineRule, FAMILY, type Finding } from './types.ts'

export const workerChurnRule = defineRule('worker-churn', {
  evaluate(view, _asOf, { count, withinMonths: months, roles }) {
    const changes = view.ofType('worker_change').filter((e) => roles.includes(e.event.role))
    const within = (a: string, b: string) => withinMonths(a, b, months)
    // An event belongs to some qualifying set exactly when it belongs to a
    // qualifying run of `count` consecutive changes, so runs are enough.
    const found = new Map<string, Finding>()
    for (let first = 0; first + count <= changes.length; first++) {
      const run = firstCluster(changes.slice(first, first + count), count, within)
      if (!run) continue
      const threshold = `${count} changes of ${roles.join(' or ')} within ${months} months (${run[0]?.placed} to ${run[run.length - 1]?.placed}); the threshold is ${count} within ${months} months`
      const children = [...new Set(run.flatMap((e) => view.childrenOfEvent(e)))]
      for (const subject of children.length > 0 ? children : [FAMILY]) {
        if (!found.has(subject)) found.set(subject, { subject, events: run.map((e) => e.id), threshold })
      }
    }
    return [...found.values()]
  },
  reads: ['worker_change'],
})
