// What route modules are given by createApp.
import type { CaseRepository, UserService } from '../../access/caseRepository.ts'
import type { SessionManager } from '../sessions.ts'

export interface RouteDeps {
  repository: CaseRepository
  users: UserService
  sessions: SessionManager
  clock: () => Date
  signInAttemptsPerMinute: number
  maxUploadBytes: number
  /** Cookies marked Secure (and the sign-in cookie `__Host-` prefixed). */
  secureCookies: boolean
}
