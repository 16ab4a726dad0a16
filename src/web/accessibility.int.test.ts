// axe-core on every page, rendered by the app and loaded into jsdom. Colour
// contrast needs a real layout engine, so it is left to the browser tests;
// every other WCAG 2.x A/AA rule axe knows must pass.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { JSDOM } from 'jsdom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browser, type Browser } from './testing/appHarness.ts'
import { createTestWorld, type TestWorld } from './testing/testWorld.ts'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeResult {
  violations: { id: string; help: string; nodes: { target: unknown[] }[] }[]
}

async function axeViolations(html: string): Promise<string[]> {
  const dom = new JSDOM(html, { runScripts: 'outside-only', url: 'http://localhost/' })
  try {
    dom.window.eval(axeSource)
    const axe = (dom.window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResult> } }).axe
    const result = await axe.run(dom.window.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      rules: { 'color-contrast': { enabled: false } },
    })
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`)
  } finally {
    dom.window.close()
  }
}

describe('accessibility', () => {
  let t: TestWorld
  let csc: Browser
  let manager: Browser
  let alertId = ''
  beforeAll(async () => {
    t = await createTestWorld({ app: { signInAttemptsPerMinute: 1000 } })
    csc = browser(t.app)
    await csc.signIn('csc')
    alertId = /href="\/alerts\/(\d+)"/.exec((await csc.get('/families/F1')).body)?.[1] ?? ''
    manager = browser(t.app)
    await manager.signIn('schoolmanager')
  })
  afterAll(async () => { await t.close() })

  it('finds no violations on the sign-in page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sign-in' })
    expect(await axeViolations(res.body)).toEqual([])
  })

  const pages = ['/caseload', '/families/F1', '/families/F1?agency=police', '/families/F1/children/C1', 'ALERT', '/families/F1/record',
    '/families/F1/record/visit', '/families/F1/record/assessment', '/import', '/families/F1/export', '/find-person', '/access-requests',
    '/families/F1/break-glass', '/no/such/page']
  for (const page of pages) {
    it(`finds no violations on ${page}`, async () => {
      const res = await csc.get(page === 'ALERT' ? `/alerts/${alertId}` : page)
      expect(await axeViolations(res.body)).toEqual([])
    })
  }

  it('finds no violations on form errors', async () => {
    await csc.get('/families/F1/record/appointment')
    const res = await csc.post('/families/F1/record/appointment', { summary: '' })
    expect(res.statusCode).toBe(400)
    expect(await axeViolations(res.body)).toEqual([])
  })

  for (const page of ['/audit', '/figures']) {
    it(`finds no violations on ${page}`, async () => {
      expect(await axeViolations((await manager.get(page)).body)).toEqual([])
    })
  }
})
