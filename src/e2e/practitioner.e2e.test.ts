// The practitioner's journey in Debian's Chromium, against the real app:
// sign in, caseload, a family imported from the scenarios, its alerts and
// timeline, record two missed appointments and see `was-not-brought` raised,
// acknowledge it, export the child's PDF, import a broken file, and be
// refused a family your agency has no part in; the administrator adds,
// resets and disables an account, whose user must change the temporary
// password before reaching the caseload. Every page is checked with
// axe-core (WCAG 2.2 A/AA) and screenshotted to test-results/screenshots/.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_USERS } from '../access/demoUsers.ts'
import { RULE_TEXT } from '../rules/ruleCatalogue.ts'
import { agencyName } from '../web/views.ts'
import { axeViolations, describeViolations } from './axeCheck.ts'
import type { AxeViolation } from './axeCheck.ts'
import { startE2eServer } from './e2eServer.ts'
import type { E2eServer } from './e2eServer.ts'
import { pdfText } from './pdfText.ts'

const executablePath = process.env.CHROMIUM_PATH ?? ''
const scenariosFolder = process.env.THROUGHLINE_SCENARIOS ?? ''
const SCREENSHOTS = resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots')
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/** Every page the journey visits; each is screenshotted and checked with axe. */
const PAGES = [
  'sign-in', 'sign-in-error', 'caseload', 'family', 'family-zoomed', 'child', 'record-choose', 'record-form', 'record-form-errors', 'record-saved',
  'alert', 'alert-acknowledged', 'export', 'import', 'import-errors', 'find-person', 'access-request-sent', 'page-not-found',
  'audit', 'figures', 'users', 'user-new', 'user-new-errors', 'user-added', 'user-reset-password', 'user-reset-password-errors', 'user-reset',
  'change-password', 'change-password-errors', 'forbidden', 'user-disable', 'user-disabled',
] as const
type PageName = (typeof PAGES)[number]

const WAS_NOT_BROUGHT = RULE_TEXT['was-not-brought'].title
const MISSED_SUMMARY = 'Not brought to a dental check-up (browser test)'

function demoUser(username: string) {
  const user = DEMO_USERS.find((u) => u.username === username)
  if (user === undefined) throw new Error(`No demo user ${username}`)
  return user
}

/** `days` before an ISO date, as day, month and year for a GOV.UK date input. */
function daysBefore(iso: string, days: number): { day: string; month: string; year: string; iso: string } {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - days)
  return { day: String(d.getUTCDate()), month: String(d.getUTCMonth() + 1), year: String(d.getUTCFullYear()), iso: d.toISOString().slice(0, 10) }
}

const skipReason = 'skipped: no Chromium (set CHROMIUM_PATH to its binary, e.g. /usr/bin/chromium; `npm test` does when it is installed)'

describe.skipIf(executablePath === '')(`the practitioner's journey in Chromium${executablePath === '' ? ` (${skipReason})` : ''}`, () => {
  let server: E2eServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  let page: Page
  const checked = new Map<PageName, AxeViolation[]>()
  const scriptErrors: string[] = []
  let shot = 0

  async function newSession(): Promise<Page> {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } })
    contexts.push(context)
    // Fail in seconds, not Playwright's 30, so one broken step does not stall the run.
    context.setDefaultTimeout(15_000)
    const p = await context.newPage()
    // A page answering 404 on purpose logs "Failed to load resource": counted below only for what the page loads.
    p.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) scriptErrors.push(`${p.url()}: ${m.text()}`) })
    p.on('pageerror', (e) => { scriptErrors.push(`${p.url()}: ${e.message}`) })
    p.on('response', (r) => { if (r.status() >= 400 && r.request().resourceType() !== 'document') scriptErrors.push(`${p.url()}: ${r.url()} answered ${r.status()}`) })
    // ERR_ABORTED: the next navigation cancelled it (the favicon, typically), not a fault of the page.
    p.on('requestfailed', (r) => { if (r.resourceType() !== 'document' && r.failure()?.errorText !== 'net::ERR_ABORTED') scriptErrors.push(`${p.url()}: ${r.url()} failed: ${r.failure()?.errorText ?? ''}`) })
    return p
  }

  /** Waits until `ready` shows and the page has loaded, then screenshots it and runs axe. */
  async function capture(p: Page, name: PageName, ready: Locator): Promise<void> {
    await ready.first().waitFor()
    await p.waitForLoadState('load')
    shot += 1
    await p.screenshot({ path: join(SCREENSHOTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true })
    checked.set(name, await axeViolations(p))
  }

  async function signIn(p: Page, username: string): Promise<void> {
    await p.goto(`${server.baseUrl}/sign-in`)
    await p.getByLabel('Username').fill(username)
    await p.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
    await p.getByRole('button', { name: 'Sign in' }).click()
    await p.locator('.app-who').waitFor()
  }

  const heading = (p: Page, name: string | RegExp) => p.getByRole('heading', { level: 1, name })

  /**
   * What the chronology table's caption says ("Chronology: N entries[ matching
   * the filter][, showing X to Y ...]"), checked against the rows on the page.
   */
  async function chronologyCounts(p: Page): Promise<{ total: number; filtered: boolean }> {
    const caption = await p.locator('table.app-chronology caption').innerText()
    const stated = /^Chronology: (\d+) entr(?:y|ies)( matching the filter)?(?:, showing (\d+) to (\d+))?/.exec(caption)
    expect(stated, caption).not.toBeNull()
    const total = Number(stated?.[1])
    const shown = stated?.[3] === undefined ? total : Number(stated[4]) - Number(stated[3]) + 1
    expect(await p.locator('table.app-chronology tbody tr').count(), caption).toBe(shown)
    return { total, filtered: stated?.[2] !== undefined }
  }

  beforeAll(async () => {
    rmSync(SCREENSHOTS, { recursive: true, force: true })
    mkdirSync(SCREENSHOTS, { recursive: true })
    if (scenariosFolder === '') console.warn('THROUGHLINE_SCENARIOS is empty: the browser tests use a family from the demo caseload instead of a scenario')
    server = await startE2eServer({ scenariosFolder })
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
    page = await newSession()
  })

  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await server?.close()
  })

  it('signs in as the social worker; the header says who and which agency', async () => {
    await page.goto(`${server.baseUrl}/`)
    await capture(page, 'sign-in', heading(page, 'Sign in to Throughline'))
    // The GOV.UK stylesheet is applied, not just linked.
    const fontFamily = await heading(page, 'Sign in to Throughline').evaluate((h) => getComputedStyle(h).fontFamily)
    expect.soft(fontFamily).toMatch(/GDS Transport/)

    await page.getByLabel('Username').fill('sam.social')
    await page.getByLabel('Password', { exact: true }).fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await capture(page, 'sign-in-error', page.locator('.govuk-error-summary'))

    await signIn(page, 'sam.social')
    const sam = demoUser('sam.social')
    const who = await page.locator('.app-who').innerText()
    expect(who).toContain(sam.displayName)
    expect(who).toContain(agencyName(sam.agency))
  })

  it('finds the imported family in the caseload by a child\'s name and opens it', async () => {
    const { family } = server
    await page.getByRole('link', { name: 'Caseload', exact: true }).first().click()
    await heading(page, 'Caseload').waitFor()
    await page.getByLabel(/Search by name/).fill(family.child.given_name ?? family.childName)
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    await page.waitForURL(/search=/)
    const row = page.locator('table.app-caseload tbody tr', { hasText: family.ref })
    await capture(page, 'caseload', row)
    expect(await row.count()).toBe(1)
    await row.getByRole('link', { name: family.name }).click()
    await capture(page, 'family', heading(page, family.name))
    expect(page.url()).toBe(`${server.baseUrl}/families/${encodeURIComponent(family.ref)}`)
  })

  it('shows the family\'s open alerts, the swimlane timeline and the chronology table', async () => {
    const { family } = server
    const alertItems = page.locator('.app-alert-list__item')
    const titles = await alertItems.allInnerTexts()
    expect(titles.length).toBeGreaterThan(0)
    // The alerts the import raised and still holding are listed by their titles.
    const expectedTitles = [...new Set(family.alertsAfterImport.map((a) => RULE_TEXT[a.rule as keyof typeof RULE_TEXT]?.title).filter((t) => t !== undefined))]
    expect(expectedTitles.some((t) => titles.some((line) => line.includes(t)))).toBe(true)

    const timeline = page.locator('figure.app-timeline svg')
    await timeline.waitFor()
    expect(await timeline.isVisible()).toBe(true)
    const box = await timeline.boundingBox()
    expect(box?.width ?? 0).toBeGreaterThan(300)
    expect(await timeline.locator('.tl-lane').count()).toBeGreaterThan(1)
    expect(await timeline.locator('.tl-mark').count()).toBeGreaterThan(5)

    const rows = page.locator('table.app-chronology tbody tr')
    expect(await rows.count()).toBeGreaterThan(5)
    expect(await page.locator('table.app-chronology caption').innerText()).toMatch(/^Chronology: \d+ entries/)
  })

  it('zooms the timeline from its opening view (the last two years of a long history) to the last six months', async () => {
    const timeline = page.locator('figure.app-timeline svg')
    const openingTicks = await timeline.locator('.tl-axis text').allInnerTexts()
    await page.getByRole('navigation', { name: 'Timeline zoom' }).getByRole('link', { name: 'Last 6 months' }).click()
    await page.waitForURL(/zoom=6m/)
    await capture(page, 'family-zoomed', timeline)
    expect(await page.getByRole('navigation', { name: 'Timeline zoom' }).locator('[aria-current]').innerText()).toBe('Last 6 months')
    const zoomedTicks = await page.locator('figure.app-timeline svg .tl-axis text').allInnerTexts()
    expect(zoomedTicks).not.toEqual(openingTicks)
    expect(await page.locator('figure.app-timeline svg .tl-mark').count()).toBeGreaterThan(0)
  })

  it('works without JavaScript: the chronology filters by child on the server', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    contexts.push(context)
    const noScript = await context.newPage()
    await signIn(noScript, 'sam.social')
    const { family } = server
    await noScript.goto(`${server.baseUrl}/families/${encodeURIComponent(family.ref)}`)
    // The table shows a page at a time: compare the counts its caption states, and check the page's rows agree with it.
    const before = await chronologyCounts(noScript)
    expect(before.filtered).toBe(false)
    await noScript.getByLabel('Child', { exact: true }).selectOption(family.child.ref)
    await noScript.getByRole('button', { name: 'Filter chronology' }).click()
    await noScript.waitForURL(/child=/)
    const after = await chronologyCounts(noScript)
    expect(after.filtered).toBe(true)
    expect(after.total).toBeGreaterThan(0)
    expect(after.total).toBeLessThan(before.total)
  })

  it('opens the child\'s page', async () => {
    const { family } = server
    await page.locator('table.govuk-table').getByRole('link', { name: family.childName, exact: true }).first().click()
    await capture(page, 'child', heading(page, family.childName))
  })

  async function recordMissedAppointment(daysAgo: number, withErrors: boolean): Promise<void> {
    const { family } = server
    await page.goto(`${server.baseUrl}/families/${encodeURIComponent(family.ref)}`)
    await page.getByRole('link', { name: 'Record an event' }).click()
    const choose = heading(page, 'What do you want to record?')
    if (withErrors) await capture(page, 'record-choose', choose)
    else await choose.waitFor()
    await page.getByLabel('Appointment', { exact: true }).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/record\/appointment$/)
    if (withErrors) {
      await capture(page, 'record-form', heading(page, 'Record appointment'))
      await page.getByRole('button', { name: 'Save event' }).click()
      const summary = page.locator('.govuk-error-summary')
      await capture(page, 'record-form-errors', summary)
      const listed = await summary.locator('li').allInnerTexts()
      expect(listed.length).toBeGreaterThanOrEqual(3)
      // Each message links to its field.
      expect(await summary.locator('a[href^="#"]').count()).toBe(listed.length)
    }
    const when = daysBefore(family.asOf, daysAgo)
    await page.locator('#date-day').fill(when.day)
    await page.locator('#date-month').fill(when.month)
    await page.locator('#date-year').fill(when.year)
    await page.getByRole('group', { name: /Who is it about/ }).getByLabel(family.childName, { exact: true }).check()
    await page.getByLabel('Service', { exact: true }).selectOption('dental')
    await page.getByLabel('Was not brought', { exact: true }).check()
    await page.getByLabel('What happened', { exact: true }).fill(`${MISSED_SUMMARY} on ${when.iso}`)
    await page.getByRole('button', { name: 'Save event' }).click()
    await heading(page, 'Event recorded').waitFor()
  }

  const newAlertLink = () => page.locator('main a[href^="/alerts/"]', { hasText: WAS_NOT_BROUGHT })
  const alertLineFor = (childName: string) => page.locator('main li', { hasText: WAS_NOT_BROUGHT }).filter({ hasText: childName })

  it('records a missed appointment (with the error summary on the way) and then a second, which raises was-not-brought', async () => {
    const { family } = server
    await recordMissedAppointment(70, true)
    expect(await alertLineFor(family.childName).count()).toBe(0)

    await recordMissedAppointment(14, false)
    const raised = alertLineFor(family.childName)
    await capture(page, 'record-saved', raised)
    expect(await raised.count()).toBe(1)
    expect(await newAlertLink().count()).toBeGreaterThan(0)

    await page.goto(`${server.baseUrl}/families/${encodeURIComponent(family.ref)}`)
    const onFamily = page.locator('.app-alert-list__item', { hasText: WAS_NOT_BROUGHT }).filter({ hasText: family.childName })
    await onFamily.waitFor()
    expect(await onFamily.innerText()).toContain('Open')
    // The two appointments are in the chronology table, and marked as missed in the child's lane of the timeline.
    expect(await page.locator('table.app-chronology tbody tr', { hasText: MISSED_SUMMARY }).count()).toBe(2)
    const lane = page.locator(`figure.app-timeline svg .tl-marks[data-lane="${family.child.ref}"]`)
    expect(await lane.locator('.tl-mark[data-kind="missed"]').count()).toBeGreaterThanOrEqual(2)
  })

  it('opens the alert, acknowledges it with a reason, and sees the state and the history change', async () => {
    const { family } = server
    await page.locator('.app-alert-list__item', { hasText: WAS_NOT_BROUGHT }).filter({ hasText: family.childName }).getByRole('link', { name: WAS_NOT_BROUGHT }).click()
    const title = heading(page, new RegExp(WAS_NOT_BROUGHT))
    await capture(page, 'alert', title)
    expect(await title.innerText()).toMatch(/Open/)
    // The contributing events are the two appointments just recorded.
    expect(await page.locator('table', { hasText: 'Contributing events' }).locator('tbody tr', { hasText: MISSED_SUMMARY }).count()).toBe(2)

    const reason = 'Discussed with the dental practice; a home visit is booked for this week.'
    await page.getByLabel(/Acknowledge it/).check()
    await page.getByLabel('Reason', { exact: true }).fill(reason)
    await page.getByRole('button', { name: 'Save' }).click()
    const banner = page.locator('.govuk-notification-banner--success')
    await capture(page, 'alert-acknowledged', banner)
    expect(await banner.innerText()).toContain('Alert acknowledged')
    expect(await heading(page, new RegExp(WAS_NOT_BROUGHT)).innerText()).toMatch(/Acknowledged/)
    const history = page.locator('table', { hasText: 'What happened to this alert' }).locator('tbody tr', { hasText: reason })
    expect(await history.count()).toBe(1)
    const entry = await history.innerText()
    expect(entry).toMatch(/Acknowledge/)
    // Who acted, by name and agency; the alert was raised by the automatic evaluation.
    const sam = demoUser('sam.social')
    expect(entry).toContain(`${sam.displayName}, ${agencyName(sam.agency)}`)
    const raised = page.locator('table', { hasText: 'What happened to this alert' }).locator('tbody tr', { hasText: 'Raised' }).first()
    expect(await raised.innerText()).toContain('Throughline (automatic evaluation)')
  })

  it('exports the child\'s chronology as a PDF that opens and names the child', async () => {
    const { family } = server
    await page.goto(`${server.baseUrl}/families/${encodeURIComponent(family.ref)}/children/${encodeURIComponent(family.child.ref)}`)
    await page.getByRole('link', { name: /^Export .*chronology$/ }).click()
    const link = page.getByRole('link', { name: /Download as PDF/ })
    await capture(page, 'export', link)
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    expect(download.suggestedFilename()).toMatch(/\.pdf$/)
    const path = await download.path()
    const pdf = readFileSync(path)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.subarray(-8).toString('latin1')).toContain('%%EOF')
    const text = pdfText(pdf)
    expect(text).toContain(family.childName)
    expect(text).toContain(MISSED_SUMMARY)
    // Where poppler is installed, a real PDF reader opens it too.
    const poppler = spawnSync('pdftotext', [path, '-'], { encoding: 'utf8' })
    if (poppler.error === undefined) {
      expect(poppler.status, poppler.stderr).toBe(0)
      expect(poppler.stdout).toContain(family.childName)
    }
  })

  it('lists every problem of a broken file on the import page, by file, event and field', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).first().click()
    await capture(page, 'import', heading(page, 'Import a chronology file'))
    const broken = {
      format: 'chronology-exchange/1',
      family: { ref: 'F-BROKEN', name: 'Broken test family' },
      people: [{ ref: 'kid', given_name: 'Kim', family_name: 'Broken', born: '2019-04-12', role: 'child' }],
      events: [
        { id: 'broken-1', date: '2024-02-30', agency: 'school', type: 'attendance', subjects: ['kid'], summary: 'Impossible date' },
        { id: 'broken-2', date: '2024-03-01', agency: 'gp', type: 'appointment', subjects: ['nobody'], summary: 'Unknown child', service: 'gp', status: 'maybe' },
      ],
    }
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'broken-family.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) })
    await page.getByRole('button', { name: 'Import file' }).click()
    const problems = page.locator('table.app-problems tbody tr')
    await capture(page, 'import-errors', problems)
    expect(await heading(page, 'The file could not be imported').count()).toBe(1)
    const rows = await problems.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')))
    expect(rows.length).toBeGreaterThanOrEqual(3)
    for (const [file] of rows) expect(file).toBe('broken-family.json')
    const byEvent = (id: string) => rows.filter((r) => r[2] === id).map((r) => r[3])
    expect(byEvent('broken-1')).toContain('date')
    expect(byEvent('broken-2')).toEqual(expect.arrayContaining(['status']))
    expect(byEvent('broken-2').some((f) => f?.startsWith('subjects'))).toBe(true)
  })

  it('answers "Page not found" to a user of an agency with no part in a family, who can still ask for access', async () => {
    const outsider = await newSession()
    await signIn(outsider, server.outsider.username)
    const response = await outsider.goto(`${server.baseUrl}/families/${encodeURIComponent(server.outsider.familyRef)}`)
    await capture(outsider, 'page-not-found', heading(outsider, 'Page not found'))
    expect(response?.status()).toBe(404)
    expect(await outsider.locator('main').innerText()).not.toContain(server.outsider.familyRef)

    await outsider.getByRole('link', { name: 'Find a person', exact: true }).first().click()
    await capture(outsider, 'find-person', heading(outsider, 'Find a person'))
    await outsider.getByLabel('Name', { exact: true }).fill(server.outsider.childName)
    await outsider.locator('#born-day').fill(String(Number(server.outsider.childBorn.slice(8, 10))))
    await outsider.locator('#born-month').fill(String(Number(server.outsider.childBorn.slice(5, 7))))
    await outsider.locator('#born-year').fill(server.outsider.childBorn.slice(0, 4))
    await outsider.getByRole('button', { name: 'Search', exact: true }).click()
    const match = outsider.locator('.app-match').first()
    await match.waitFor()
    expect(await match.innerText()).toContain('known to another agency')
    await match.getByLabel('Why do you need access?').fill('Police attended an incident at this address and need the context before a joint visit.')
    await match.getByRole('button', { name: 'Ask for access' }).click()
    await capture(outsider, 'access-request-sent', outsider.locator('.govuk-notification-banner--success'))
  })

  it('shows the manager the audit of what was done, and the figures', async () => {
    const manager = await newSession()
    await signIn(manager, 'tara.manager')
    await manager.goto(`${server.baseUrl}/audit?familyRef=${encodeURIComponent(server.family.ref)}`)
    const rows = manager.locator('main table tbody tr')
    await capture(manager, 'audit', heading(manager, 'Audit'))
    const audit = (await rows.allInnerTexts()).join('\n')
    expect(audit).toContain('sam.social')
    expect(audit).toContain(demoUser('sam.social').displayName)
    expect(audit).toMatch(/Acknowledge/)
    await manager.getByRole('link', { name: 'Figures', exact: true }).first().click()
    await capture(manager, 'figures', heading(manager, 'Figures'))
  })

  it('lets the administrator add an account, set a temporary password, and disable it, which signs its user out', async () => {
    const admin = await newSession()
    await signIn(admin, 'alex.admin')
    await admin.getByRole('link', { name: 'Users', exact: true }).first().click()
    await capture(admin, 'users', heading(admin, 'Users'))
    expect(await admin.locator('main table').innerText()).toContain(demoUser('sam.social').displayName)

    await admin.getByRole('button', { name: 'Add a user' }).click()
    await capture(admin, 'user-new', heading(admin, 'Add a user'))
    await admin.getByRole('button', { name: 'Add user' }).click()
    await capture(admin, 'user-new-errors', admin.locator('.govuk-error-summary'))
    expect(await admin.locator('.govuk-error-summary').innerText()).toContain('Enter their full name')

    const password = 'browser test temporary passphrase'
    await admin.getByLabel('Full name').fill('Nia Brown')
    await admin.getByLabel('Username').fill('nia.brown')
    await admin.getByLabel('Agency').fill('school')
    await admin.getByLabel('Practitioner').check()
    await admin.getByLabel('Temporary password', { exact: true }).fill('browser test first passphrase')
    await admin.getByLabel('Temporary password again').fill('browser test first passphrase')
    await admin.getByRole('button', { name: 'Add user' }).click()
    await capture(admin, 'user-added', admin.locator('.govuk-notification-banner--success'))
    expect(await admin.locator('.govuk-notification-banner--success').innerText()).toContain('Account added for Nia Brown (nia.brown)')

    await admin.getByRole('link', { name: 'Reset password of Nia Brown' }).click()
    await capture(admin, 'user-reset-password', heading(admin, 'Reset the password of Nia Brown'))
    await admin.getByLabel('New password', { exact: true }).fill('too short')
    await admin.getByLabel('New password again').fill('not the same')
    await admin.getByRole('button', { name: 'Reset password' }).click()
    await capture(admin, 'user-reset-password-errors', admin.locator('.govuk-error-summary'))
    expect(await admin.locator('.govuk-error-summary').innerText()).toContain('Password must be 12 characters or more')
    await admin.getByLabel('New password', { exact: true }).fill(password)
    await admin.getByLabel('New password again').fill(password)
    await admin.getByRole('button', { name: 'Reset password' }).click()
    await capture(admin, 'user-reset', admin.locator('.govuk-notification-banner--success'))

    // Nia signs in with the temporary password, and must choose her own before anything else...
    const nia = await newSession()
    await nia.goto(`${server.baseUrl}/sign-in`)
    await nia.getByLabel('Username').fill('nia.brown')
    await nia.getByLabel('Password', { exact: true }).fill(password)
    await nia.getByRole('button', { name: 'Sign in' }).click()
    await nia.locator('.app-who').waitFor()
    await capture(nia, 'change-password', heading(nia, 'Change your password'))
    expect(new URL(nia.url()).pathname).toBe('/account/password')
    await nia.goto(`${server.baseUrl}/caseload`)
    await heading(nia, 'Change your password').waitFor()
    const own = 'a passphrase only Nia knows'
    await nia.getByLabel('Current password', { exact: true }).fill('not what I was given')
    await nia.getByLabel('New password', { exact: true }).fill(own)
    await nia.getByLabel('New password again').fill(own)
    await nia.getByRole('button', { name: 'Change password' }).click()
    await capture(nia, 'change-password-errors', nia.locator('.govuk-error-summary'))
    expect(await nia.locator('.govuk-error-summary').innerText()).toContain('Your current password is not right')
    await nia.getByLabel('Current password', { exact: true }).fill(password)
    await nia.getByLabel('New password', { exact: true }).fill(own)
    await nia.getByLabel('New password again').fill(own)
    await nia.getByRole('button', { name: 'Change password' }).click()
    await heading(nia, 'Caseload').waitFor()
    // ...after which she works as any practitioner: her agency's caseload, but not the administrator's pages.
    const refused = await nia.goto(`${server.baseUrl}/users`)
    await capture(nia, 'forbidden', heading(nia, 'You do not have permission to see this page'))
    expect(refused?.status()).toBe(403)

    await admin.getByRole('link', { name: "Disable Nia Brown's account" }).click()
    await capture(admin, 'user-disable', heading(admin, /Are you sure you want to disable Nia Brown/))
    await admin.getByRole('button', { name: 'Disable account' }).click()
    await capture(admin, 'user-disabled', admin.locator('.govuk-notification-banner--success'))
    expect(await admin.locator('main table tbody tr', { hasText: 'nia.brown' }).innerText()).toContain('Disabled')

    // ...and is signed out once the account is disabled.
    await nia.goto(`${server.baseUrl}/caseload`)
    await heading(nia, 'Sign in to Throughline').waitFor()
  })

  for (const name of PAGES) {
    it(`axe finds no WCAG 2.2 A/AA violations on the ${name} page`, () => {
      const violations = checked.get(name)
      expect(violations, `the journey did not reach the ${name} page`).toBeDefined()
      expect(describeViolations(name, violations ?? [])).toBe('')
    })
  }

  it('runs every page without a script error or a blocked resource', () => {
    expect(scriptErrors.join('\n')).toBe('')
  })
})
