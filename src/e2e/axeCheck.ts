// axe-core in the real browser: evaluated into the page through the
// DevTools protocol (the app's CSP allows no inline script, and need not),
// run against WCAG 2.0-2.2 A and AA, colour contrast included.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  helpUrl: string
  targets: string[]
}

interface AxeRunResult {
  violations: { id: string; impact?: string | null; help: string; helpUrl: string; nodes: { target: unknown[] }[] }[]
}

type AxeGlobal = { axe?: { run(options: unknown): Promise<AxeRunResult> } }

/** The violations axe finds on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!await page.evaluate(() => (globalThis as AxeGlobal).axe !== undefined)) await page.evaluate(axeSource)
  const result = await page.evaluate(async (tags) => {
    const axe = (globalThis as AxeGlobal).axe
    if (axe === undefined) throw new Error('axe-core did not load')
    const r = await axe.run({ runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, helpUrl: v.helpUrl, targets: v.nodes.map((n) => JSON.stringify(n.target)) }))
  }, [...WCAG_TAGS])
  return result
}

const MAX_TARGETS = 5

/** One line per violation: what, how bad, where, and the help. */
export function describeViolations(pageName: string, violations: AxeViolation[]): string {
  return violations.map((v) => {
    const where = v.targets.length > MAX_TARGETS ? `${v.targets.slice(0, MAX_TARGETS).join(', ')} and ${v.targets.length - MAX_TARGETS} more` : v.targets.join(', ')
    return `${pageName}: ${v.id} (${v.impact ?? 'no impact given'}) at ${where}: ${v.help} ${v.helpUrl}`
  }).join('\n')
}
