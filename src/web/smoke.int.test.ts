import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browser } from './testing/appHarness.ts'
import { createTestWorld, type TestWorld } from './testing/testWorld.ts'

describe('smoke', () => {
  let t: TestWorld
  beforeAll(async () => { t = await createTestWorld() })
  afterAll(async () => { await t.close() })

  it('signs in and shows pages', async () => {
    const b = browser(t.app)
    const res = await b.signIn('csc')
    expect(res.statusCode, res.body).toBe(302)
    const fam = await b.get('/families/F1')
    const alertId = /href="\/alerts\/(\d+)"/.exec(fam.body)?.[1]
    for (const url of ['/caseload', '/families/F1', '/families/F1/children/C1', `/alerts/${alertId}`, '/families/F1/record', '/families/F1/record/appointment', '/import', '/families/F1/export', '/families/F1/export.json', '/find-person', '/access-requests']) {
      const page = await b.get(url)
      expect(page.statusCode, `${url}\n${page.body.slice(0, 3000)}`).toBe(200)
    }
  })
})
