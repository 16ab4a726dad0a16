// Lines of a byte stream with bounded memory: a line longer than the limit is
// not kept, only counted, so one hostile line cannot fill the memory.

export interface RawLine {
  /** 1-based line number. */
  number: number
  /** The line's bytes without its line break; undefined when it is longer than the limit. */
  bytes: Buffer | undefined
  /** The line's length in bytes. */
  length: number
}

const LF = 0x0a
const CR = 0x0d

export async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  maxLineBytes: number,
  onBytes: (n: number) => void = () => {},
): AsyncGenerator<RawLine> {
  let parts: Buffer[] = []
  let length = 0
  let tooLong = false
  let number = 1
  const finish = (): RawLine => {
    let bytes = tooLong ? undefined : Buffer.concat(parts, length)
    if (bytes !== undefined && bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1)
    const line = { number, bytes, length }
    number++
    parts = []
    length = 0
    tooLong = false
    return line
  }
  for await (const chunk of chunks) {
    onBytes(chunk.length)
    let start = 0
    for (;;) {
      const newline = chunk.indexOf(LF, start)
      const piece = chunk.subarray(start, newline === -1 ? chunk.length : newline)
      if (!tooLong && length + piece.length > maxLineBytes) {
        tooLong = true
        parts = []
      }
      if (!tooLong) parts.push(piece)
      length += piece.length
      if (newline === -1) break
      yield finish()
      start = newline + 1
    }
  }
  if (length > 0) yield finish()
}
