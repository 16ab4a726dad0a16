import { describe, expect, it } from 'vitest'
import { parseJsonText } from './parseJsonText.ts'
import { lineAndColumn, scanJson } from './scanJson.ts'

describe('scanJson', () => {
  it.each([
    '{}', '[]', '0', '-0.5e+10', '"a\\u00e9\\n"', 'true', ' null ', '{"a": [1, {"b": false}], "c": "d"}',
  ])('accepts %s', (text) => {
    expect(scanJson(text)).toEqual({ ok: true })
    expect(() => JSON.parse(text) as unknown).not.toThrow()
  })

  it.each([
    ['{"a": 01}', 7, "unexpected '1'; expected ',' or '}'"],
    ['[1,]', 3, "unexpected ']' after ','; a trailing comma is not allowed"],
    ['{"a" 1}', 5, "unexpected '1'; expected ':' after a property name"],
    ["{'a': 1}", 1, "unexpected '''; expected a property name in double quotes"],
    ['"a\tb"', 2, 'a control character (such as a line break) inside a string; write it as an escape'],
    ['"\\x"', 1, 'a bad escape \\x in a string'],
    ['"\\u12"', 1, 'a bad \\u escape; expected four hex digits'],
    ['1.', 0, 'a malformed number'],
    ['NaN', 0, "unexpected 'N'; expected a value"],
    ['[1] [2]', 4, 'more text after the end of the JSON value'],
    ['[[[', 3, 'the text ends before the JSON value is complete (truncated?)'],
    ['', 0, 'no JSON value'],
  ])('refuses %s at offset %i', (text, offset, message) => {
    expect(scanJson(text)).toEqual({ ok: false, offset, message })
    expect(() => JSON.parse(text) as unknown).toThrow()
  })

  it('refuses nesting beyond the limit without recursion', () => {
    expect(scanJson('[[1]]', 2)).toEqual({ ok: true })
    expect(scanJson('[[[1]]]', 2)).toEqual({ ok: false, offset: 2, message: 'nested more than 2 levels deep; refused' })
    expect(scanJson(`${'['.repeat(1_000_000)}`).ok).toBe(false)
  })

  it('gives 1-based lines and columns', () => {
    expect(lineAndColumn('ab\ncd\nef', 0)).toEqual({ line: 1, column: 1 })
    expect(lineAndColumn('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 })
    expect(lineAndColumn('ab\ncd\nef', 8)).toEqual({ line: 3, column: 3 })
  })
})

describe('parseJsonText', () => {
  it('parses, skipping a byte order mark', () => {
    expect(parseJsonText('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } })
  })

  it('counts lines from the given first line and never quotes the input', () => {
    expect(parseJsonText('{"secret name": Smith}', 41)).toEqual({ ok: false, message: "line 41, column 17: invalid JSON: unexpected 'S'; expected a value" })
  })
})
