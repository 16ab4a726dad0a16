import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { createViews, humanise, lowerCaseWords, trimFilter } from './views.ts'

describe('humanise', () => {
  it.each([
    ['health_visitor', 'Health visitor'],
    ['gp', 'GP'],
    ['camhs_referral', 'CAMHS referral'],
    ['mash', 'MASH'],
    ['marac', 'MARAC'],
    ['plo', 'PLO'],
    ['nhs_number', 'NHS number'],
    ['upn', 'UPN'],
    ['seen_by_gp', 'Seen by GP'],
    ['mashed_potato', 'Mashed potato'],
    ['gp2_letter', 'GP2 letter'],
    ['nhs-gp', 'NHS GP'],
    ['upnorth', 'Upnorth'],
    ['smash', 'Smash'],
  ])('%s reads as %s', (code, words) => {
    expect(humanise(code)).toBe(words)
  })
})

describe('lowerCaseWords', () => {
  it('lowers words for the middle of a sentence but keeps initialisms in capitals', () => {
    expect(lowerCaseWords('NHS number')).toBe('NHS number')
    expect(lowerCaseWords('Service')).toBe('service')
    expect(lowerCaseWords(humanise('gp'))).toBe('GP')
  })
})

describe('trimFilter (in place of Nunjucks\'s own trim)', () => {
  // Nunjucks's own, kept here to compare against.
  const nunjucksTrim = (s: string) => s.replace(/^\s*|\s*$/g, '')
  const samples = ['', '   ', 'a', '  a  ', '\n\t a b \r\n', '\u00a0x\u2028', ' \ufeff y \u3000', `x${' '.repeat(5000)}y${'\n'.repeat(300)}`]

  it.each(samples.map((s) => [JSON.stringify(s).slice(0, 40), s]))('trims %s as Nunjucks does', (_, s) => {
    expect(trimFilter(s)).toBe(nunjucksTrim(s))
  })

  it('keeps text marked safe marked safe, and plain text plain', () => {
    const safe = trimFilter(new nunjucks.runtime.SafeString('  <b>x</b>  '))
    expect(safe).toBeInstanceOf(nunjucks.runtime.SafeString)
    expect(String(safe)).toBe('<b>x</b>')
    expect(trimFilter(' <b> ')).toBe('<b>')
    expect(trimFilter(undefined)).toBe('')
  })

  it('is the trim templates use: a GOV.UK macro renders the same as with Nunjucks\'s own', () => {
    expect(createViews().getFilter('trim')).toBe(trimFilter)
    const template = '{% from "govuk/components/button/macro.njk" import govukButton %}{{ govukButton({ text: "Save", attributes: { id: "b" } }) }}|{{ "  <i> " | trim }}'
    const ours = createViews().renderString(template, {})
    const theirs = createViews()
    theirs.addFilter('trim', (s: unknown) => {
      const text = nunjucksTrim(String(s))
      return s instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(text) : text
    })
    expect(ours).toBe(theirs.renderString(template, {}))
    expect(ours).toContain('|&lt;i&gt;')
  })
})
