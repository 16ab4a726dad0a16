// The pages' own behaviour over the real repository: recording an event
// (errors per field, then the alert it raises), acting on an alert, import
// (errors per event, or what changed), exports, asking for and granting
// access, break-glass, audit and figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FORMAT, type FamilyDocument } from '../exchange/schema.ts'
import { addDays } from '../rules/calendar.ts'
import { buildAdult, buildChild, buildEvent, buildFamily } from '../rules/testing.ts'
import { countAuditRows } from '../store/auditQueries.ts'
import { browser, type Browser } from './testing/appHarness.ts'
import { CANARY, familyOne } from './testing/fixtures.ts'
import { createTestWorld, type TestWorld } from './testing/testWorld.ts'

function multipart(fields: Record<string, string>, file?: { name: string; content: string }): { payload: Buffer; contentType: string } {
  const boundary = '----throughline-test-boundary'
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
  if (file !== undefined) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/json\r\n\r\n${file.content}\r\n`)
  return { payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** As the import form sends it: the CSRF token in the action URL, the file in the multipart body. */
async function upload(t: TestWorld, b: Browser, file?: { name: string; content: string }, csrf = b.csrf) {
  const body = multipart({}, file)
  const url = csrf !== undefined ? `/import?_csrf=${encodeURIComponent(csrf)}` : '/import'
  return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { 'content-type': body.contentType, cookie: b.cookie ?? '' } })
}

describe('pages', () => {
  let t: TestWorld
  beforeAll(async () => { t = await createTestWorld({ app: { signInAttemptsPerMinute: 1000 } }) })
  afterAll(async () => { await t.close() })

  it('lists every bad field of a new event with the GOV.UK error summary, keeping what was typed', async () => {
    const b = browser(t.app)
    await b.signIn('housing')
    const form = await b.get('/families/F2/record/appointment')
    expect(form.body).toContain('name="date-day"')
    expect(form.body).toContain('name="subjects"')
    expect(form.body).toContain('name="status"')
    const res = await b.post('/families/F2/record/appointment', { 'date-day': '31', 'date-month': '2', 'date-year': '2024', summary: 'Kept text', service: 'gp' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toContain('href="#date-day"')
    expect(res.body).toContain('href="#subjects">Select who it is about')
    expect(res.body).toContain('href="#status">Select status')
    expect(res.body).toContain('Kept text')
    expect(res.body).toMatch(/<title>Error: /)
  })

  it('records a missed appointment, re-evaluates the family and shows the alert it raised', async () => {
    const b = browser(t.app)
    await b.signIn('housing')
    await b.get('/families/F2/record/appointment')
    const missed = (day: string) => ({ 'date-day': day, 'date-month': '6', 'date-year': '2024', subjects: 'C1', service: 'dental', status: 'was_not_brought', summary: 'Ben was not brought to the dentist.' })
    const firstPost = await b.post('/families/F2/record/appointment', missed('3'))
    expect(firstPost.statusCode, firstPost.body.slice(0, 2000)).toBe(303)
    const first = await b.get(String(firstPost.headers.location))
    expect(first.statusCode).toBe(200)
    expect(first.body).toContain('Event recorded')
    expect(first.body).toContain('No new alerts were raised.')
    await b.get('/families/F2/record/appointment')
    const secondPost = await b.post('/families/F2/record/appointment', missed('17'))
    expect(secondPost.statusCode).toBe(303)
    const second = await b.get(String(secondPost.headers.location))
    expect(second.statusCode).toBe(200)
    expect(second.body).toContain('Missed health appointments')
    expect(second.body).toContain('Ben Jones')
    const alertId = /href="\/alerts\/(\d+)"/.exec(second.body)?.[1]
    expect(alertId).toBeDefined()
    const family = await b.get('/families/F2')
    expect(family.body).toContain(`href="/alerts/${alertId}"`)
  })

  it('writes exactly one audit row (record) for a saved event, and shows a person not in the family on its field', async () => {
    const b = browser(t.app)
    await b.signIn('housing')
    await b.get('/families/F2/record/note')
    const note = { 'date-day': '4', 'date-month': '6', 'date-year': '2024', subjects: 'C1', summary: 'Ben was seen at the housing office.' }
    const before = await countAuditRows(t.store.db)
    const beforeRecord = await countAuditRows(t.store.db, { action: 'record' })
    const saved = await b.post('/families/F2/record/note', note)
    expect(saved.statusCode, saved.body.slice(0, 1500)).toBe(303)
    expect(await countAuditRows(t.store.db)).toBe(before + 1)
    expect(await countAuditRows(t.store.db, { action: 'record' })).toBe(beforeRecord + 1)

    await b.get('/families/F2/record/note')
    const stranger = await b.post('/families/F2/record/note', { ...note, subjects: 'Z9' })
    expect(stranger.statusCode).toBe(400)
    expect(stranger.body).toContain('href="#subjects"')
    expect(stranger.body).toContain('Z9 is not in people')
    expect(await countAuditRows(t.store.db, { action: 'record' })).toBe(beforeRecord + 1)
  })

  it('shows on the saved page only alerts of the family named', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    const f1 = await b.get('/families/F1')
    const alertId = /href="\/alerts\/(\d+)"/.exec(f1.body)?.[1] ?? ''
    const b2 = browser(t.app)
    await b2.signIn('housing')
    const page = await b2.get(`/families/F2/recorded?event=web-x&type=note&alerts=${alertId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain(`/alerts/${alertId}"`)
    expect(page.body).toContain('No new alerts were raised.')
  })

  it('asks for a reason to acknowledge an alert, then records it in the history', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    const family = await b.get('/families/F1')
    const alertId = /href="\/alerts\/(\d+)"/.exec(family.body)?.[1] ?? ''
    const page = await b.get(`/alerts/${alertId}`)
    expect(page.body).toContain('Missed health appointments')
    expect(page.body).toMatch(/href="\/families\/F1\?event=[^"#]+#event-[^"]+"/)
    // No action is chosen for the user; after an error the one they chose still is.
    expect(page.body).toContain('value="acknowledge"')
    expect(page.body).not.toMatch(/name="action"[^>]*checked/)
    const missing = await b.post(`/alerts/${alertId}`, { action: 'acknowledge', reason: '  ' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('href="#reason">Enter a reason')
    expect(missing.body).toMatch(/name="action" type="radio" value="acknowledge" checked/)
    const done = await b.post(`/alerts/${alertId}`, { action: 'acknowledge', reason: 'Discussed with the health visitor today.' })
    expect(done.statusCode).toBe(303)
    const after = await b.get(String(done.headers.location))
    expect(after.body).toContain('Alert acknowledged')
    expect(after.body).toContain('Discussed with the health visitor today.')
    // Their own entry by name and agency, and another user sees the same name.
    expect(after.body).toContain('Sam Teacher, School<br><span class="govuk-body-s app-muted">school</span>')
    const other = browser(t.app)
    await other.signIn('csc')
    const seen = await other.get(`/alerts/${alertId}`)
    expect(seen.body).toContain('Sam Teacher, School<br><span class="govuk-body-s app-muted">school</span></td><td class="govuk-table__cell">Discussed with the health visitor today.</td>')
  })

  it('lists every problem of a broken import file by family, event and field, and saves nothing', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    await b.get('/import')
    const broken = {
      format: FORMAT, family: { ref: 'F9' }, people: [{ ref: 'C1', given_name: 'Zed', role: 'child' }],
      events: [
        { id: 'X1', type: 'appointment', date: '2024-02-30', agency: 'school', subjects: ['C1'], summary: 'Bad date', service: 'gp', status: 'attended' },
        { id: 'X2', type: 'appointment', date: '2024-02-01', agency: 'school', subjects: ['C1'], summary: 'Bad status', service: 'gp', status: 'maybe' },
      ],
    }
    const res = await upload(t, b, { name: 'broken.json', content: JSON.stringify(broken) })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('The file could not be imported')
    expect(res.body).toMatch(/<td class="govuk-table__cell">broken\.json<\/td><td class="govuk-table__cell">F9<\/td><td class="govuk-table__cell">X1<\/td>/)
    expect(res.body).toContain('X2')
    expect(res.body).toContain('<code>status</code>')
    expect((await b.get('/families/F9')).statusCode).toBe(404)
  })

  it('imports a good file and shows what changed', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    await b.get('/import')
    const good = {
      format: FORMAT, family: { ref: 'F8', name: 'Family Eight' }, people: [{ ref: 'C1', given_name: 'Ivy', role: 'child', born: '2016-01-01' }],
      events: [{ id: 'S1', type: 'note', date: '2024-02-01', agency: 'school', subjects: ['C1'], summary: 'Ivy arrived hungry.' }],
    }
    const res = await upload(t, b, { name: 'school-2024.json', content: JSON.stringify(good) })
    expect(res.statusCode, res.body.slice(0, 1500)).toBe(200)
    expect(res.body).toContain('File imported')
    expect(res.body).toContain('href="/families/F8"')
    expect((await b.get('/families/F8')).statusCode).toBe(200)
  })

  it('asks for a file, and refuses an upload without a CSRF token', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    await b.get('/import')
    const none = await upload(t, b)
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('Choose a file to import')
    const forged = await upload(t, b, { name: 'x.json', content: '{}' }, 'not-a-token')
    expect(forged.statusCode).toBe(403)
  })

  it('downloads exports as attachments, without restricted content the user may not read', async () => {
    const school = browser(t.app)
    await school.signIn('school')
    const json = await school.get('/families/F1/export.json')
    expect(json.statusCode).toBe(200)
    expect(json.headers['content-disposition']).toBe('attachment; filename="family-F1.json"')
    expect(JSON.parse(json.body).format).toBe(FORMAT)
    expect(json.body).not.toContain(CANARY)
    const csv = await school.get('/families/F1/export.csv?child=C1')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="family-F1-C1.csv"')
    expect(csv.body).not.toContain(CANARY)
    const pdf = await school.get('/families/F1/export.pdf')
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    const csc = browser(t.app)
    await csc.signIn('csc')
    expect((await csc.get('/families/F1/export.json')).body).toContain(CANARY)
  })

  it('finds a person another agency knows, asks for access, and children\'s social care grants it', async () => {
    const dental = browser(t.app)
    await dental.signIn('dental')
    expect((await dental.get('/families/F1')).statusCode).toBe(404)
    await dental.get('/find-person')
    const found = await dental.post('/find-person', { name: 'Amy Smith', 'born-day': '3', 'born-month': '2', 'born-year': '2018' })
    expect(found.body).toContain('is known to another agency')
    expect(found.body).not.toContain('/families/F1')
    const matchId = /name="matchId" value="([^"]+)"/.exec(found.body)?.[1] ?? ''
    const asked = await dental.post('/access-requests', { matchId, reason: 'Amy has a dental referral for urgent treatment.' })
    expect(asked.statusCode).toBe(303)
    const csc = browser(t.app)
    await csc.signIn('csc')
    const list = await csc.get('/access-requests')
    const requestId = /action="\/access-requests\/(\d+)"/.exec(list.body)?.[1]
    expect(list.body).toContain('Amy has a dental referral')
    const granted = await csc.post(`/access-requests/${requestId}`, { decision: 'grant', reason: 'Needed for treatment.' })
    expect(granted.statusCode).toBe(303)
    expect((await dental.get('/families/F1')).statusCode).toBe(200)
  })

  it('opens a family by break-glass with a warning, and shows it in the audit', async () => {
    const gp = browser(t.app)
    await gp.signIn('housing')
    expect((await gp.get('/families/F1')).statusCode).toBe(404)
    await gp.get('/families/F1/break-glass')
    const short = await gp.post('/families/F1/break-glass', { reason: 'now' })
    expect(short.statusCode).toBe(400)
    const opened = await gp.post('/families/F1/break-glass', { reason: 'Child at risk tonight, CSC out of hours asked us to check.' })
    expect(opened.statusCode).toBe(302)
    const page = await gp.get('/families/F1')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('You opened this record by break-glass')
    const manager = browser(t.app)
    await manager.signIn('schoolmanager')
    const audit = await manager.get('/audit?action=break-glass')
    expect(audit.statusCode).toBe(200)
    expect(audit.body).toContain('Child at risk tonight')
    const csv = await manager.get('/audit?action=break-glass&format=csv')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="audit.csv"')
    expect(csv.body.split('\n')[0]).toBe('at,username,agency,roles,action,family,child,event,alert,reason')
    expect(csv.body).toContain('housing')
  })

  it('shows partnership analysts counts only', async () => {
    const b = browser(t.app)
    await b.signIn('analyst')
    const res = await b.get('/figures')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Alerts by practice rule')
    expect(res.body).not.toMatch(/Amy|Smith|families\/F1|Family F1/)
    expect((await b.get('/audit')).statusCode).toBe(403)
  })

  it('searches and filters the caseload without JavaScript', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    expect((await b.get('/caseload?search=2018-02-03')).body).toContain('Amy Smith')
    expect((await b.get('/caseload?search=Nobody')).body).toContain('No families match')
    expect((await b.get('/caseload?rule=was-not-brought')).body).toContain('Amy Smith')
    expect((await b.get('/caseload?plan=child_protection')).body).not.toContain('Amy Smith')
    expect((await b.get('/caseload?rule=not-a-rule')).statusCode).toBe(400)
  })

  it('filters the chronology table, and marks a restricted entry without its content', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    const all = await b.get('/families/F1')
    expect(all.body).toContain('Restricted: recorded by Police')
    expect(all.body).toMatch(/<tr class="govuk-table__row app-restricted" id="event-/)
    const onlyPolice = await b.get('/families/F1?agency=police')
    expect(onlyPolice.body).toContain('Chronology: 1 entry')
    const byType = await b.get('/families/F1?type=appointment')
    expect(byType.body).toContain('Chronology: 3 entries')
    expect(byType.body).not.toContain('Restricted: recorded by')
    const byDate = await b.get('/families/F1?from=2024-05-01&to=2024-05-31')
    expect(byDate.body).toContain('Chronology: 2 entries')
    expect((await b.get('/families/F1?from=2024-02-30')).statusCode).toBe(400)
  })
})

describe('the family page\'s chronology, a page at a time', () => {
  // 120 records, one a day from 2023-01-01 (e000 ... e119), alternately about C1 and C2; the first two were missed appointments.
  const longFamily = (): FamilyDocument => buildFamily({
    ref: 'F7',
    people: [buildAdult('M1'), buildChild('C1', { born: '2019-01-01' }), buildChild('C2', { born: '2020-01-01' })],
    events: Array.from({ length: 120 }, (_, i) => {
      const fields = { id: `e${String(i).padStart(3, '0')}`, date: addDays('2023-01-01', i), agency: i % 3 === 0 ? 'school' : 'gp', subjects: [i % 2 === 0 ? 'C1' : 'C2'] }
      return i === 0 || i === 2
        ? buildEvent('appointment', { ...fields, agency: 'gp', service: 'gp', status: 'was_not_brought', summary: 'Not brought to the GP.' })
        : buildEvent('note', { ...fields, summary: `Note ${i}.` })
    }),
  })
  let t: TestWorld
  let b: Browser
  beforeAll(async () => {
    t = await createTestWorld({ families: [familyOne(), longFamily()] })
    b = browser(t.app)
    // The school recorded on the family, so its practitioner sees it.
    await b.signIn('school')
  })
  afterAll(async () => { await t.close() })

  const rowIds = (html: string) => [...html.matchAll(/<tr class="govuk-table__row[^"]*" id="event-([^"]+)"/g)].map((m) => m[1])

  it('opens at the latest entries, with GOV.UK pagination back to the earlier ones', async () => {
    const res = await b.get('/families/F7')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Chronology: 120 entries, showing 71 to 120 (oldest first)')
    const ids = rowIds(res.body)
    expect(ids).toHaveLength(50)
    expect([ids[0], ids.at(-1)]).toEqual(['e070', 'e119'])
    expect(res.body).toContain('class="govuk-pagination"')
    expect(res.body).toContain('href="/families/F7?page=2#chronology"')
    const first = await b.get('/families/F7?page=1')
    expect(rowIds(first.body)).toEqual(Array.from({ length: 20 }, (_, i) => `e${String(i).padStart(3, '0')}`))
  })

  it('keeps the filter and the zoom in the pages\' links, and the page in the zoom links', async () => {
    const res = await b.get('/families/F7?child=C2&zoom=all&page=1')
    expect(res.body).toContain('Chronology: 60 entries matching the filter, showing 1 to 10 (oldest first)')
    expect(rowIds(res.body).every((id) => Number(id?.slice(1)) % 2 === 1)).toBe(true)
    expect(res.body).toContain('href="/families/F7?zoom=all&amp;child=C2#chronology"')
    expect(res.body).toContain('href="/families/F7?zoom=6m&amp;child=C2&amp;page=1#timeline"')
    expect(res.body).toContain('<input type="hidden" name="zoom" value="all">')
    expect(res.body).toContain('href="/families/F7?zoom=all#chronology">Clear filters')
  })

  it('links each timeline mark to the page of the table holding its row', async () => {
    const res = await b.get('/families/F7?zoom=all')
    expect(res.body).toContain('href="/families/F7?zoom=all&amp;page=1#event-e000"')
    expect(res.body).toContain('href="#event-e119"')
  })

  it('opens at the page holding an alert\'s evidence when asked for the entry', async () => {
    const family = await b.get('/families/F7')
    const alertId = /href="\/alerts\/(\d+)"/.exec(family.body)?.[1]
    expect(alertId).toBeDefined()
    const alert = await b.get(`/alerts/${alertId}`)
    const evidence = [...alert.body.matchAll(/href="(\/families\/F7\?event=e\d+)#event-(e\d+)"/g)].map((m) => [m[1], m[2]])
    expect(evidence.map(([, id]) => id)).toEqual(['e000', 'e002'])
    expect(rowIds(family.body)).not.toContain('e002')
    const page = await b.get(String(evidence[1]?.[0]))
    expect(rowIds(page.body)).toContain('e002')
  })
})
