import { describe, expect, it } from 'vitest'
import { chronologyEntryHref, eventAnchor } from './chronologyEntryHref.ts'

describe('chronologyEntryHref', () => {
  it('opens the family page at the entry, its row anchored by the same id', () => {
    expect(chronologyEntryHref('F1', 'e7')).toBe(`/families/F1?event=e7#${eventAnchor('e7')}`)
  })

  it('encodes the family ref and the id in the address', () => {
    expect(chronologyEntryHref('F 1/2', 'src:e&7')).toBe('/families/F%201%2F2?event=src%3Ae%267#event-src:e&7')
  })
})
