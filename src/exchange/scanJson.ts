// An iterative JSON syntax check. JSON.parse says neither where an error is
// (for every kind of error) nor anything safe to show (its messages quote the
// input, which is the most sensitive data there is), and the rest of the code
// must never meet a value nested deeper than it can walk. This check runs
// first, in one pass, without recursion, so any nesting depth is safe.

export const MAX_JSON_DEPTH = 64

export type JsonScan =
  | { ok: true }
  | { ok: false; offset: number; message: string }

const WS_SPACE = 0x20, WS_TAB = 0x09, WS_LF = 0x0a, WS_CR = 0x0d
const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a
const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d
const MINUS = 0x2d, PLUS = 0x2b, DOT = 0x2e, ZERO = 0x30, NINE = 0x39

/** What may come next. */
const EXPECT = {
  value: 0,
  valueOrClose: 1, // just after '['
  keyOrClose: 2, // just after '{'
  key: 3, // after ',' in an object
  colon: 4,
  commaOrClose: 5,
  end: 6, // after the top-level value
} as const
type Expect = (typeof EXPECT)[keyof typeof EXPECT]

function isWhitespace(c: number): boolean {
  return c === WS_SPACE || c === WS_TAB || c === WS_LF || c === WS_CR
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
}

/** One character as it may be shown: printable ASCII quoted, anything else as U+XXXX. */
export function showCharacter(c: number): string {
  return c > 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`
}

/** End offset of the string starting at `start` (its opening quote), or an error. */
function scanString(text: string, start: number): number | { offset: number; message: string } {
  let i = start + 1
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) return i + 1
    if (c < 0x20) return { offset: i, message: 'a control character (such as a line break) inside a string; write it as an escape' }
    if (c === BACKSLASH) {
      const e = text.charCodeAt(i + 1)
      if (e === 0x75 /* u */) {
        for (let k = 2; k < 6; k++) {
          if (!isHex(text.charCodeAt(i + k))) return { offset: i, message: 'a bad \\u escape; expected four hex digits' }
        }
        i += 6
        continue
      }
      // " \ / b f n r t
      if ([QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74].includes(e)) {
        i += 2
        continue
      }
      if (Number.isNaN(e)) break
      return { offset: i, message: `a bad escape \\${String.fromCharCode(e)} in a string` }
    }
    i++
  }
  return { offset: text.length, message: 'a string that is never closed' }
}

/** End offset of the number starting at `start`, or an error. */
function scanNumber(text: string, start: number): number | { offset: number; message: string } {
  let i = start
  const bad = { offset: start, message: 'a malformed number' }
  if (text.charCodeAt(i) === MINUS) i++
  if (text.charCodeAt(i) === ZERO) i++
  else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++
  else return bad
  if (text.charCodeAt(i) === DOT) {
    i++
    if (!isDigit(text.charCodeAt(i))) return bad
    while (isDigit(text.charCodeAt(i))) i++
  }
  const e = text.charCodeAt(i)
  if (e === 0x65 || e === 0x45) {
    i++
    const sign = text.charCodeAt(i)
    if (sign === PLUS || sign === MINUS) i++
    if (!isDigit(text.charCodeAt(i))) return bad
    while (isDigit(text.charCodeAt(i))) i++
  }
  return i
}

const LITERALS = ['true', 'false', 'null'] as const

/**
 * Checks that `text` is exactly one JSON value nested at most `maxDepth`
 * levels deep. On failure gives the offset of the first problem and a message
 * that never quotes the input beyond one character.
 */
export function scanJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonScan {
  const stack: number[] = [] // OPEN_BRACE or OPEN_BRACKET
  let expect: Expect = EXPECT.value
  let i = 0
  const fail = (offset: number, message: string): JsonScan => ({ ok: false, offset, message })
  const afterValue = (): Expect => (stack.length === 0 ? EXPECT.end : EXPECT.commaOrClose)

  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (isWhitespace(c)) {
      i++
      continue
    }
    switch (expect) {
      case EXPECT.end:
        return fail(i, 'more text after the end of the JSON value')
      case EXPECT.colon:
        if (c !== COLON) return fail(i, `unexpected ${showCharacter(c)}; expected ':' after a property name`)
        i++
        expect = EXPECT.value
        continue
      case EXPECT.commaOrClose: {
        const top = stack[stack.length - 1]
        const close = top === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET
        if (c === COMMA) {
          i++
          expect = top === OPEN_BRACE ? EXPECT.key : EXPECT.value
          continue
        }
        if (c === close) {
          stack.pop()
          i++
          expect = afterValue()
          continue
        }
        return fail(i, `unexpected ${showCharacter(c)}; expected ',' or '${top === OPEN_BRACE ? '}' : ']'}'`)
      }
      case EXPECT.keyOrClose:
      case EXPECT.key: {
        if (c === CLOSE_BRACE && expect === EXPECT.keyOrClose) {
          stack.pop()
          i++
          expect = afterValue()
          continue
        }
        if (c !== QUOTE) {
          return fail(i, c === CLOSE_BRACE
            ? "unexpected '}' after ','; a trailing comma is not allowed"
            : `unexpected ${showCharacter(c)}; expected a property name in double quotes`)
        }
        const end = scanString(text, i)
        if (typeof end !== 'number') return fail(end.offset, end.message)
        i = end
        expect = EXPECT.colon
        continue
      }
      case EXPECT.value:
      case EXPECT.valueOrClose: {
        if (c === CLOSE_BRACKET && expect === EXPECT.valueOrClose) {
          stack.pop()
          i++
          expect = afterValue()
          continue
        }
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          if (stack.length >= maxDepth) return fail(i, `nested more than ${maxDepth} levels deep; refused`)
          stack.push(c)
          i++
          expect = c === OPEN_BRACE ? EXPECT.keyOrClose : EXPECT.valueOrClose
          continue
        }
        if (c === QUOTE) {
          const end = scanString(text, i)
          if (typeof end !== 'number') return fail(end.offset, end.message)
          i = end
          expect = afterValue()
          continue
        }
        if (c === MINUS || isDigit(c)) {
          const end = scanNumber(text, i)
          if (typeof end !== 'number') return fail(end.offset, end.message)
          i = end
          expect = afterValue()
          continue
        }
        const literal = LITERALS.find((w) => text.startsWith(w, i))
        if (literal !== undefined) {
          i += literal.length
          expect = afterValue()
          continue
        }
        if (c === CLOSE_BRACKET) return fail(i, "unexpected ']' after ','; a trailing comma is not allowed")
        return fail(i, `unexpected ${showCharacter(c)}; expected a value`)
      }
    }
  }
  if (expect === EXPECT.end) return { ok: true }
  return fail(text.length, stack.length === 0 && expect === EXPECT.value
    ? 'no JSON value'
    : 'the text ends before the JSON value is complete (truncated?)')
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
}
