// Family documents out as JSON Lines, one canonical document per line,
// respecting the stream's backpressure.
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { serializeFamilyDocument } from './canonicalFamilyDocument.ts'
import type { FamilyDocument } from './schema.ts'

/** Writes every document; resolves with how many were written. Does not end `out`. */
export async function writeJsonLines(docs: AsyncIterable<FamilyDocument> | Iterable<FamilyDocument>, out: Writable): Promise<number> {
  let written = 0
  for await (const doc of docs) {
    if (!out.write(`${serializeFamilyDocument(doc)}\n`)) await once(out, 'drain')
    written++
  }
  return written
}
