import { describe, expect, it } from 'vitest'
import { safeNext } from './authRoutes.ts'

describe('safeNext', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeNext('/families/F1')).toBe('/families/F1')
    expect(safeNext('/caseload?search=Smith')).toBe('/caseload?search=Smith')
  })

  it.each([
    ['a tab', '/\t/evil.example'],
    ['a newline', '/\n/evil.example'],
    ['a carriage return', '/\r/evil.example'],
    ['a NUL', '/\u0000/evil.example'],
    ['a backslash', '/\\evil.example'],
    ['a backslash after the slash', '/\\/evil.example'],
    ['two slashes', '//evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a scheme-relative URL with a path', '//evil.example/families'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'families/F1'],
    ['nothing', ''],
  ])('sends %s to the start page', (_label, next) => {
    expect(safeNext(next)).toBe('/')
  })

  it('sends a missing next to the start page', () => {
    expect(safeNext(undefined)).toBe('/')
  })
})
