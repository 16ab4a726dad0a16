// Every method of CaseRepository, by name. Adding a method to the interface
// fails the type check here until it is listed, and then fails the access
// matrix test (store/createCaseRepository.matrix.test.ts) until it is covered.
import type { CaseRepository } from './caseRepository.ts'

export type CaseRepositoryMethod = keyof CaseRepository

const METHODS: Record<CaseRepositoryMethod, true> = {
  caseload: true,
  family: true,
  familyPage: true,
  child: true,
  alert: true,
  actOnAlert: true,
  recordEvent: true,
  importFile: true,
  exportFamily: true,
  replay: true,
  findPerson: true,
  requestAccess: true,
  accessRequests: true,
  decideAccessRequest: true,
  breakGlass: true,
  audit: true,
  figures: true,
}

// The record's keys are exactly the interface's.
export const CASE_REPOSITORY_METHODS = Object.keys(METHODS) as CaseRepositoryMethod[]
