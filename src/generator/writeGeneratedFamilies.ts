// Writes generated families as JSON Lines (one family document per line),
// one family at a time, waiting for the stream to drain when it asks to.
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { childCount, generateFamilies, type GenerateOptions } from './generateFamilies.ts'

export interface GenerateSummary {
  families: number
  children: number
  events: number
  /** Bytes of JSON Lines written to `out`. */
  bytes: number
  planted: number
}

async function writeLine(stream: Writable, line: string): Promise<void> {
  if (stream.errored) throw stream.errored
  // A stream that fails while full emits 'close', never 'drain': wait for either.
  if (!stream.write(line)) {
    const waiting = new AbortController()
    try {
      await Promise.race([once(stream, 'drain', { signal: waiting.signal }), once(stream, 'close', { signal: waiting.signal })])
    } finally {
      waiting.abort()
    }
  }
  if (stream.errored) throw stream.errored
}

/**
 * Streams families to `out`; with `manifest`, also one line per family naming
 * its planted patterns (`{"family": ref, "planted": [...]}`, an empty list for
 * an ordinary family). Does not end either stream.
 */
export async function writeGeneratedFamilies(options: GenerateOptions, out: Writable, manifest?: Writable): Promise<GenerateSummary> {
  const summary: GenerateSummary = { families: 0, children: 0, events: 0, bytes: 0, planted: 0 }
  for (const family of generateFamilies(options)) {
    const line = `${JSON.stringify(family.doc)}\n`
    await writeLine(out, line)
    if (manifest) await writeLine(manifest, `${JSON.stringify({ family: family.doc.family.ref, planted: family.planted })}\n`)
    summary.families++
    summary.children += childCount(family)
    summary.events += family.doc.events.length
    summary.bytes += Buffer.byteLength(line)
    summary.planted += family.planted.length
  }
  return summary
}
