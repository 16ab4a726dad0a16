// The text of a PDF drawn with the standard fonts, read without a PDF
// library: inflate the FlateDecode streams (node:zlib), then join the hex
// strings of each TJ array (pdfkit splits runs where it kerns). Enough to
// check what a PDF says in tests; not a general PDF reader.
import { inflateSync } from 'node:zlib'

/** The standard fonts' encoding (Windows-1252); Node's decoders read 0x80-0x9f as control characters. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'

function fromWinAnsi(byte: number): string {
  return byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH.charAt(byte - 0x80) : String.fromCharCode(byte)
}

/** Every stream's content, inflated where it is FlateDecode. */
export function pdfStreams(pdf: Buffer): Buffer[] {
  const streams: Buffer[] = []
  const source = pdf.toString('latin1')
  const pattern = /<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g
  for (let m = pattern.exec(source); m !== null; m = pattern.exec(source)) {
    const start = m.index + m[0].length
    const end = source.indexOf('endstream', start)
    if (end < 0) break
    const raw = pdf.subarray(start, end)
    if (/\/FlateDecode/.test(m[1] ?? '')) {
      try {
        streams.push(inflateSync(raw))
      } catch {
        // A truncated stream (trailing newline before endstream is optional): inflate what is there.
        streams.push(inflateSync(raw, { finishFlush: 2 }))
      }
    } else {
      streams.push(raw)
    }
    pattern.lastIndex = end
  }
  return streams
}

/** The text runs of every page, one line per TJ or Tj operator. */
export function pdfText(pdf: Buffer): string {
  const lines: string[] = []
  for (const stream of pdfStreams(pdf)) {
    const content = stream.toString('latin1')
    for (const [, array, single] of content.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hex = array !== undefined ? [...array.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1] ?? '').join('') : (single ?? '')
      lines.push([...Buffer.from(hex, 'hex')].map(fromWinAnsi).join(''))
    }
  }
  return lines.join('\n')
}
