import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFakeCase } from './testing/fakeRepository.ts'
import { browser, createTestApp, type TestApp } from './testing/appHarness.ts'
import { AS_OF, familyOne, familyTwo, testUsers } from './testing/fixtures.ts'

describe('smoke', () => {
  let t: TestApp
  beforeAll(async () => {
    const fake = createFakeCase({ families: [familyOne(), familyTwo()], users: testUsers(), asOf: AS_OF })
    t = await createTestApp({ repository: fake.repository, users: fake.users })
  })
  afterAll(async () => { await t.close() })

  it('signs in and shows pages', async () => {
    const b = browser(t.app)
    const res = await b.signIn('csc')
    expect(res.statusCode, res.body).toBe(302)
    for (const url of ['/caseload', '/families/F1', '/families/F1/children/C1', '/alerts/1', '/families/F1/record', '/families/F1/record/appointment', '/import', '/families/F1/export', '/find-person', '/access-requests']) {
      const page = await b.get(url)
      expect(page.statusCode, `${url}\n${page.body.slice(0, 3000)}`).toBe(200)
    }
  })
})
