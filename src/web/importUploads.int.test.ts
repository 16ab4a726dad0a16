// Uploads touch the disk only for a signed-in user allowed to import whose
// form's CSRF token matched, and never outlive their request.
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FORMAT } from '../exchange/schema.ts'
import { browser } from './testing/appHarness.ts'
import type { Browser } from './testing/appHarness.ts'
import { createTestWorld, type TestWorld } from './testing/testWorld.ts'

const MAX_UPLOAD = 4096

function multipart(fields: Record<string, string>, file: { name: string; content: string }): { payload: Buffer; contentType: string } {
  const boundary = '----throughline-upload-boundary'
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/json\r\n\r\n${file.content}\r\n`)
  return { payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` }
}

const goodFile = () => JSON.stringify({
  format: FORMAT, family: { ref: 'F7' }, people: [{ ref: 'C1', given_name: 'Ola', role: 'child', born: '2017-01-01' }],
  events: [{ id: 'U1', type: 'note', date: '2024-02-01', agency: 'school', subjects: ['C1'], summary: 'Ola arrived cold.' }],
})

describe('import uploads', () => {
  let t: TestWorld
  let uploadsDir: string
  const previousTmp = process.env.TMPDIR
  const uploadFolders = async () => (await readdir(uploadsDir)).filter((n) => n.startsWith('throughline-upload-'))

  beforeAll(async () => {
    // Uploads go to os.tmpdir(): a folder of this test's own, so other tests' uploads cannot be counted.
    uploadsDir = await mkdtemp(join(tmpdir(), 'throughline-upload-test-'))
    process.env.TMPDIR = uploadsDir
    t = await createTestWorld({ app: { maxUploadBytes: MAX_UPLOAD, signInAttemptsPerMinute: 1000 } })
  })
  afterAll(async () => {
    await t.close()
    if (previousTmp === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previousTmp
    await rm(uploadsDir, { recursive: true, force: true })
  })

  async function post(b: Browser, file: { name: string; content: string }, options: { tokenInUrl?: string; tokenInBody?: string } = {}) {
    const body = multipart(options.tokenInBody !== undefined ? { _csrf: options.tokenInBody } : {}, file)
    const url = options.tokenInUrl !== undefined ? `/import?_csrf=${encodeURIComponent(options.tokenInUrl)}` : '/import'
    return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { 'content-type': body.contentType, ...(b.cookie !== undefined ? { cookie: b.cookie } : {}) } })
  }

  it('puts the CSRF token in the form action, so it is checked before the body is read', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    const form = await b.get('/import')
    expect(form.body).toMatch(/<form method="post" action="\/import\?_csrf=[^"]+" enctype="multipart\/form-data"/)
  })

  it('writes nothing to disk for a visitor without a session, whatever the body says', async () => {
    const before = await uploadFolders()
    const res = await post(browser(t.app), { name: 'x.json', content: 'x'.repeat(MAX_UPLOAD - 100) }, { tokenInBody: 'forged' })
    expect(res.statusCode).toBe(403)
    expect(await uploadFolders()).toEqual(before)
  })

  it('writes nothing to disk for a visitor holding only the sign-in form and its token', async () => {
    const b = browser(t.app)
    const signIn = await b.get('/sign-in')
    expect(b.csrf).toBeDefined()
    expect(signIn.statusCode).toBe(200)
    const before = await uploadFolders()
    const res = await post(b, { name: 'x.json', content: goodFile() }, { tokenInUrl: b.csrf ?? '' })
    expect([302, 401, 403]).toContain(res.statusCode)
    expect(await uploadFolders()).toEqual(before)
  })

  it('writes nothing to disk for a signed-in user without a token in the action URL', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    await b.get('/import')
    const before = await uploadFolders()
    const res = await post(b, { name: 'x.json', content: goodFile() }, { tokenInBody: b.csrf ?? '' })
    expect(res.statusCode).toBe(403)
    expect(await uploadFolders()).toEqual(before)
  })

  it('writes nothing to disk for a user who may not import', async () => {
    const b = browser(t.app)
    await b.signIn('analyst')
    await b.get('/caseload')
    await b.get('/sign-in')
    const before = await uploadFolders()
    const res = await post(b, { name: 'x.json', content: goodFile() }, { tokenInUrl: b.csrf ?? '' })
    expect(res.statusCode).toBe(403)
    expect(await uploadFolders()).toEqual(before)
  })

  it('refuses a file over the limit with 413 and leaves no folder behind', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    await b.get('/import')
    const before = await uploadFolders()
    const res = await post(b, { name: 'big.json', content: 'x'.repeat(MAX_UPLOAD * 3) }, { tokenInUrl: b.csrf ?? '' })
    expect(res.statusCode).toBe(413)
    expect(res.body).toContain('The file is too large')
    expect(await uploadFolders()).toEqual(before)
  })

  it('imports a good file and removes its folder afterwards', async () => {
    const b = browser(t.app)
    await b.signIn('school')
    await b.get('/import')
    const before = await uploadFolders()
    const res = await post(b, { name: 'good.json', content: goodFile() }, { tokenInUrl: b.csrf ?? '' })
    expect(res.statusCode, res.body.slice(0, 1500)).toBe(200)
    expect(res.body).toContain('File imported')
    expect(await uploadFolders()).toEqual(before)
  })
})
