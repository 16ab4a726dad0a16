// The family page read two ways gives the same page: whole in one statement
// (a family of few events) and in outline, with the content of the events
// shown read in a second statement (a large family). The same family is read
// both ways by two apps over one store, one told to read no family whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createUserService } from '../access/createUserService.ts'
import type { ChronologyEvent } from '../exchange/schema.ts'
import { addDays } from '../rules/calendar.ts'
import { buildAdult, buildChild, buildEvent, buildFamily } from '../rules/testing.ts'
import { createCaseRepository } from '../store/createCaseRepository.ts'
import { createApp } from './createApp.ts'
import { browser } from './testing/appHarness.ts'
import type { Browser } from './testing/appHarness.ts'
import { CANARY } from './testing/fixtures.ts'
import { createTestWorld } from './testing/testWorld.ts'
import type { TestWorld } from './testing/testWorld.ts'

/**
 * 131 entries over a year and a half: notes about two children, visits, a
 * plan started and ended and one still open, a birth (the only record of the
 * baby's date of birth), a restricted police report. At six weeks the
 * timeline's span holds neither plan nor birth, which still shape it.
 */
function largeFamily() {
  const events: ChronologyEvent[] = Array.from({ length: 120 }, (_, i) => buildEvent('note', {
    id: `N${String(i).padStart(3, '0')}`, date: addDays('2023-01-02', i * 4), agency: i % 3 === 0 ? 'school' : 'childrens_social_care',
    subjects: [i % 2 === 0 ? 'C1' : 'C2'], summary: `Note ${i} about the children.`,
  }))
  events.push(
    buildEvent('plan', { id: 'P1', date: '2023-03-01', agency: 'childrens_social_care', subjects: ['C1'], plan: 'child_protection', change: 'start', summary: 'Child protection plan.' }),
    buildEvent('plan', { id: 'P2', date: '2024-02-01', agency: 'childrens_social_care', subjects: ['C1'], plan: 'child_protection', change: 'end', summary: 'Plan ended.' }),
    buildEvent('plan', { id: 'P3', date: '2023-05-01', agency: 'childrens_social_care', subjects: ['C2'], plan: 'child_in_need', change: 'start', summary: 'Child in need plan.' }),
    buildEvent('birth', { id: 'B1', date: '2023-06-10', agency: 'health_visitor', subjects: ['M1'], child: 'C3', summary: 'Baby born.' }),
    buildEvent('police_incident', { id: 'R1', date: '2024-03-03', agency: 'police', category: 'domestic_abuse', restricted: true, subjects: ['M1'], children_present: ['C2'], summary: `Restricted ${CANARY}.` }),
    ...Array.from({ length: 6 }, (_, i) => buildEvent('visit', {
      id: `V${i}`, date: addDays('2024-01-05', i * 20), agency: 'childrens_social_care', access: 'full', child_seen: ['C2'], subjects: ['C1'], summary: `Visit ${i}.`,
    })),
  )
  return buildFamily({
    ref: 'FL',
    people: [buildAdult('M1', { given_name: 'Mary' }), buildChild('C1', { given_name: 'Amy', born: '2016-01-01' }), buildChild('C2', { given_name: 'Bo', born: '2019-05-05' }), buildChild('C3', { given_name: 'Cy', born: undefined })],
    events,
  })
}

describe('the family page, whole or in outline', () => {
  let world: TestWorld
  let outlined: FastifyInstance

  beforeAll(async () => {
    world = await createTestWorld({ families: [largeFamily()] })
    const now = () => world.clock.now
    outlined = createApp({
      store: world.store, repository: createCaseRepository(world.store, { clock: now, wholeFamilyEvents: 0 }),
      users: createUserService(world.store, { clock: now }), clock: now, logLevel: 'silent',
    })
    await outlined.ready()
  })

  afterAll(async () => {
    await outlined.close()
    await world.close()
  })

  /** The page without what differs by request: nonces and CSRF tokens. */
  const stable = (html: string) => html.replace(/nonce="[^"]+"/g, 'nonce').replace(/name="_csrf" value="[^"]+"/g, '_csrf')

  const urls = [
    '/families/FL', '/families/FL?page=1', '/families/FL?page=2', '/families/FL?zoom=all', '/families/FL?zoom=6w', '/families/FL?event=N010',
    '/families/FL?child=C2', '/families/FL?child=C2&event=V3', '/families/FL?child=C3', '/families/FL?type=visit', '/families/FL?type=police_incident',
    '/families/FL?agency=police', '/families/FL?from=2023-03-01&to=2023-09-30&page=1', '/families/FL?child=C1&zoom=all&page=2',
  ]

  for (const username of ['csc', 'school']) {
    it(`gives ${username} the same page both ways, for every filter, page and zoom`, async () => {
      const whole: Browser = browser(world.app)
      const inOutline: Browser = browser(outlined)
      await whole.signIn(username)
      await inOutline.signIn(username)
      for (const url of urls) {
        const a = await whole.get(url)
        const b = await inOutline.get(url)
        expect([a.statusCode, b.statusCode], url).toEqual([200, 200])
        expect(stable(b.body), url).toBe(stable(a.body))
        // The school may not read the police's restricted report (children's social care reads every entry).
        if (username === 'school') expect(b.body.includes(CANARY), url).toBe(false)
      }
    })
  }

  it('shows the large family\'s chronology and timeline read in outline', async () => {
    const csc = browser(outlined)
    await csc.signIn('csc')
    const page = (await csc.get('/families/FL?zoom=all')).body
    expect(page).toContain(CANARY)
    expect(page).toContain('Chronology: 131 entries')
    expect(page).toContain('class="tl-mark"')
    expect((await csc.get('/families/FL?child=C2')).body).toContain('Visit 5.')
    const sixWeeks = (await csc.get('/families/FL?zoom=6w')).body
    expect(sixWeeks).toContain('Born 10 Jun 2023')
    expect(sixWeeks).toMatch(/Child in need/i)
  })
})
