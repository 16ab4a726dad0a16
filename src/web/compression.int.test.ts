// Pages go compressed to a browser that accepts it, and plain to one that
// does not; request bodies are never inflated.
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROTLI_QUALITY } from './compression.ts'
import { browser, TEST_PASSWORD } from './testing/appHarness.ts'
import { createTestWorld, type TestWorld } from './testing/testWorld.ts'

describe('compressed responses', () => {
  let t: TestWorld
  let cookie: string
  beforeAll(async () => {
    t = await createTestWorld({ app: { signInAttemptsPerMinute: 1000 } })
    const b = browser(t.app)
    await b.signIn('csc')
    cookie = b.cookie ?? ''
  })
  afterAll(async () => { await t.close() })

  const familyPage = (acceptEncoding?: string) => t.app.inject({
    method: 'GET', url: '/families/F1', headers: { cookie, ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }) },
  })

  it('sends the family page with Brotli to a browser that accepts it, the same page as uncompressed', async () => {
    const plain = await familyPage()
    const br = await familyPage('gzip, deflate, br, zstd')
    expect(plain.statusCode).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(br.statusCode).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3)
    const html = brotliDecompressSync(br.rawPayload).toString('utf8')
    // The forms' CSRF tokens and the scripts' nonces differ from response to response; the rest is the same page.
    const withoutTokens = (s: string) => s.replace(/name="_csrf" value="[^"]*"/g, '').replace(/_csrf=[^"&]*/g, '').replace(/nonce="[^"]*"/g, '')
    expect(withoutTokens(html)).toBe(withoutTokens(plain.body))
  })

  it('compresses a page in one call, so it goes with its length rather than in chunks', async () => {
    const br = await familyPage('gzip, deflate, br, zstd')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['transfer-encoding']).toBeUndefined()
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length)
  })

  it('compresses at BROTLI_QUALITY, not the plugin\'s default: the same bytes as Brotli at that quality, not at 4', async () => {
    const br = await familyPage('br')
    const html = brotliDecompressSync(br.rawPayload)
    const at = (quality: number) => brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } })
    expect(at(BROTLI_QUALITY).equals(at(4))).toBe(false)
    expect(br.rawPayload.equals(at(BROTLI_QUALITY))).toBe(true)
  })

  it('uses gzip when that is all the browser takes', async () => {
    const gz = await familyPage('gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toContain('</html>')
  })

  it('does not inflate a compressed request body: the form is refused, not read', async () => {
    // A sign-in that would succeed if the body were inflated: right password, right token.
    const b = browser(t.app)
    await b.get('/sign-in')
    const form = `username=csc&password=${encodeURIComponent(TEST_PASSWORD)}&_csrf=${encodeURIComponent(b.csrf ?? '')}`
    const post = (headers: Record<string, string>, payload: Buffer) => t.app.inject({
      method: 'POST', url: '/sign-in', payload,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookie ?? '', ...headers },
    })
    const gzipped = await post({ 'content-encoding': 'gzip' }, gzipSync(Buffer.from(form)))
    expect(gzipped.statusCode).not.toBe(302)
    expect(gzipped.statusCode).toBeLessThan(500)
    // The same form sent plain signs in, so the refusal above is the encoding's.
    expect((await post({}, Buffer.from(form))).statusCode).toBe(302)
  })

  it('masks the CSRF token anew in every compressed page, so its length cannot give it away (BREACH)', async () => {
    const tokens = await Promise.all([1, 2].map(async () => {
      const page = await familyPage('br')
      return /name="_csrf" value="([^"]+)"/.exec(brotliDecompressSync(page.rawPayload).toString('utf8'))?.[1]
    }))
    expect(tokens[0]).toBeDefined()
    expect(tokens[0]).not.toBe(tokens[1])
  })
})
