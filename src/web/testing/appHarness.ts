// A whole app over a fresh in-memory store, with a browser-like client that
// keeps the cookies it is sent and the last page's CSRF token. Test code only.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { CaseRepository, UserService } from '../../access/caseRepository.ts'
import type { Store } from '../../store/createStore.ts'
import { createTestStore } from '../../store/testStore.ts'
import { createApp } from '../createApp.ts'
import type { AppServices } from '../createApp.ts'

export const TEST_PASSWORD = 'correct horse battery staple'

export interface TestApp {
  app: FastifyInstance
  store: Store
  close(): Promise<void>
}

export async function createTestApp(services: { repository: CaseRepository; users: UserService } & Partial<Omit<AppServices, 'store'>>): Promise<TestApp> {
  const store = await createTestStore()
  const app = createApp({ store, logLevel: 'silent', ...services })
  await app.ready()
  return { app, store, async close() { await app.close(); await store.close() } }
}

export function csrfTokenIn(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
}

export function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x)
  return params.toString()
}

export interface Browser {
  cookie: string | undefined
  csrf: string | undefined
  get(url: string): Promise<LightMyRequestResponse>
  /** Posts a form with the last page's CSRF token unless `_csrf` is given (or `null` to leave it out). */
  post(url: string, fields: Record<string, string | string[]>, options?: { csrf?: string | null }): Promise<LightMyRequestResponse>
  signIn(username: string, password?: string): Promise<LightMyRequestResponse>
}

export function browser(app: FastifyInstance): Browser {
  const b: Browser = {
    cookie: undefined,
    csrf: undefined,
    async get(url) {
      const res = await app.inject({ method: 'GET', url, headers: b.cookie !== undefined ? { cookie: b.cookie } : {} })
      remember(res)
      return res
    },
    async post(url, fields, options = {}) {
      const token = options.csrf === null ? undefined : options.csrf ?? b.csrf
      const res = await app.inject({
        method: 'POST', url, payload: formBody({ ...fields, ...(token !== undefined ? { _csrf: token } : {}) }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(b.cookie !== undefined ? { cookie: b.cookie } : {}) },
      })
      remember(res)
      return res
    },
    async signIn(username, password = TEST_PASSWORD) {
      await b.get('/sign-in')
      return b.post('/sign-in', { username, password })
    },
  }
  // Every cookie the app sets (the session, the sign-in form's token), as a browser keeps them.
  const jar = new Map<string, string>()
  function remember(res: LightMyRequestResponse): void {
    for (const set of res.cookies) {
      if (set.value === '' || (set.expires !== undefined && set.expires.getTime() <= Date.now())) jar.delete(set.name)
      else jar.set(set.name, set.value)
    }
    b.cookie = jar.size === 0 ? undefined : [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const token = csrfTokenIn(res.body)
    if (token !== undefined) b.csrf = token
  }
  return b
}
