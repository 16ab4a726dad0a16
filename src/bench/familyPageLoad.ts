// The family page under load: users sign in through the real sign-in form
// (session cookie and CSRF token), then autocannon keeps one connection per
// user busy asking for a family's page.
import type { EventEmitter } from 'node:events'
import type autocannon from 'autocannon'
import { percentile } from './benchTargets.ts'

export interface PageLoad {
  /** One user alone, one request at a time: the page's own server time (issue 5: under 100 ms), median of ALONE_REQUESTS. */
  aloneMs: number
  p50Ms: number
  p95Ms: number
  perSecond: number
  requests: number
}

const SESSION_COOKIE = /throughline_session=([^;]+)/

/** What Chromium and Firefox send. */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd'

/** Requests made one after another, before the load, to time the page on its own. */
export const ALONE_REQUESTS = 30

/** Every cookie a response sets, as a Cookie request header (name=value; ...). */
function cookiesSet(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
}

/**
 * Signs in through GET and POST /sign-in as a browser would: whatever cookies
 * the form's page sets (the sign-in form's CSRF cookie) go back with the POST;
 * returns the signed-in session's cookie header.
 */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const form = await fetch(`${baseUrl}/sign-in`, { redirect: 'manual' })
  const formCookies = cookiesSet(form)
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1]
  if (token === undefined) throw new Error('The sign-in form carries no CSRF token')
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: formCookies },
    body: new URLSearchParams({ username, password, _csrf: token }).toString(),
  })
  if (response.status !== 302) throw new Error(`Signing in as ${username} answered ${response.status}`)
  await response.arrayBuffer()
  const session = response.headers.getSetCookie().map((c) => SESSION_COOKIE.exec(c)).find((m) => m !== null)?.[1]
  if (session === undefined) throw new Error('Signing in set no session cookie')
  return `throughline_session=${session}`
}

/** Loads `path` with one connection per cookie for `seconds`; any answer but 200 fails the run. */
export async function loadPage(baseUrl: string, path: string, cookies: readonly string[], seconds: number): Promise<PageLoad> {
  const check = await fetch(`${baseUrl}${path}`, { headers: { cookie: cookies[0] ?? '' }, redirect: 'manual' })
  await check.arrayBuffer()
  if (check.status !== 200) throw new Error(`${path} answered ${check.status} for a signed-in user`)
  const alone: number[] = []
  for (let i = 0; i < ALONE_REQUESTS; i++) {
    const started = performance.now()
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie: cookies[0] ?? '' }, redirect: 'manual' })
    await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`${path} answered ${response.status} for a signed-in user`)
    alone.push(performance.now() - started)
  }
  // A dev dependency, loaded only when the benchmark runs.
  const { default: run } = await import('autocannon')
  const latencies: number[] = []
  let failures = 0
  // One connection per signed-in user, each with its own session cookie,
  // asking for the page as a browser does (compressed; fetch above does too).
  const results = await Promise.all(cookies.map((cookie) => new Promise<autocannon.Result>((resolve, reject) => {
    const instance = run({ url: `${baseUrl}${path}`, connections: 1, duration: seconds, headers: { cookie, 'accept-encoding': BROWSER_ACCEPT_ENCODING } }, (error, done) => {
      if (error !== null && error !== undefined) reject(error instanceof Error ? error : new Error(String(error)))
      else resolve(done)
    })
    // autocannon emits (client, statusCode, bytes, responseTime ms); its typings leave out the client.
    ;(instance as unknown as EventEmitter).on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode === 200) latencies.push(responseTime)
      else failures++
    })
  })))
  const errors = results.reduce((sum, r) => sum + r.errors, 0)
  const timeouts = results.reduce((sum, r) => sum + r.timeouts, 0)
  const result = { errors, timeouts, duration: Math.max(...results.map((r) => r.duration)) }
  if (failures > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${path}: ${failures} answers other than 200, ${result.errors} errors, ${result.timeouts} timeouts under load`)
  }
  const elapsed = result.duration > 0 ? result.duration : seconds
  return { aloneMs: percentile(alone, 50), p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), perSecond: latencies.length / elapsed, requests: latencies.length }
}
