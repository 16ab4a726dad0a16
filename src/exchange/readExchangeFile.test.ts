import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatProblem } from '../errors/errors.ts'
import { buildFamilyDocument } from './buildFamilyDocument.ts'
import { readExchangeFile } from './readExchangeFile.ts'
import type { ExchangeItem, ReadExchangeOptions } from './readExchangeFile.ts'
import type { FamilyDocument } from './schema.ts'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'throughline-exchange-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function readAll(name: string, content: string | Buffer, opts?: ReadExchangeOptions): Promise<ExchangeItem[]> {
  const path = join(dir, name)
  await writeFile(path, content)
  const items: ExchangeItem[] = []
  for await (const item of readExchangeFile(path, opts)) items.push(item)
  return items
}

/** Each item as `index: ok REF` or its problems, formatted. */
function summary(items: ExchangeItem[]): string[] {
  return items.flatMap((it) => (it.result.ok ? [`${it.index}: ok ${it.result.doc.family.ref}`] : it.result.problems.map((p) => `${it.index}: ${formatProblem(p)}`)))
}

const doc = (ref: string): FamilyDocument => buildFamilyDocument({ family: { ref } })
const line = (ref: string): string => JSON.stringify(doc(ref))

describe('readExchangeFile: shapes of file', () => {
  it('reads a single pretty-printed document', async () => {
    expect(summary(await readAll('one.json', JSON.stringify(doc('F1'), null, 2)))).toEqual(['0: ok F1'])
  })

  it('reads a single document on one line', async () => {
    expect(summary(await readAll('one-line.json', `${line('F1')}\n\n`))).toEqual(['0: ok F1'])
  })

  it('reads a batch', async () => {
    const batch = { format: 'chronology-exchange/1', families: [doc('F1'), doc('F2')] }
    expect(summary(await readAll('batch.json', JSON.stringify(batch)))).toEqual(['0: ok F1', '1: ok F2'])
  })

  it('detects JSON Lines by content, whatever the extension', async () => {
    const items = await readAll('lines.json', `${line('F1')}\n${line('F2')}\n`)
    expect(summary(items)).toEqual(['0: ok F1', '1: ok F2'])
    expect(items.map((i) => i.line)).toEqual([1, 2])
  })

  it('reads JSON Lines by extension, skipping blank lines and CRLF endings', async () => {
    const items = await readAll('lines.ndjson', `\r\n${line('F1')}\r\n   \r\n${line('F2')}`)
    expect(summary(items)).toEqual(['0: ok F1', '1: ok F2'])
    expect(items.map((i) => i.line)).toEqual([2, 4])
  })

  it('accepts a byte order mark', async () => {
    expect(summary(await readAll('bom.json', `\uFEFF${JSON.stringify(doc('F1'), null, 2)}`))).toEqual(['0: ok F1'])
    expect(summary(await readAll('bom.jsonl', `\uFEFF${line('F1')}\n${line('F2')}\n`))).toEqual(['0: ok F1', '1: ok F2'])
  })

  it('ignores the derived section on import', async () => {
    const items = await readAll('derived.json', JSON.stringify({ ...doc('F1'), derived: { alerts: [{ rule: 'R1' }] } }))
    const first = items[0]?.result
    expect(first?.ok && 'derived' in first.doc).toBe(false)
  })
})

describe('readExchangeFile: broken files, one exact message each', () => {
  const cases: [name: string, file: string, content: string | Buffer, expected: string[]][] = [
    ['bad JSON', 'bad.json', '{\n  "format": "chronology-exchange/1",\n  "family": { "ref": tru }\n}', ["0: bad.json: line 3, column 22: invalid JSON: unexpected 't'; expected a value"]],
    ['a trailing comma', 'comma.json', '{"format": "chronology-exchange/1",}', ["0: comma.json: line 1, column 36: invalid JSON: unexpected '}' after ','; a trailing comma is not allowed"]],
    ['truncated JSON', 'cut.json', JSON.stringify(doc('F1'), null, 2).slice(0, 200), ['0: cut.json: line 12, column 6: invalid JSON: the text ends before the JSON value is complete (truncated?)']],
    ['an unterminated string', 'string.json', '{"format": "chronology-exch', ['0: string.json: line 1, column 28: invalid JSON: a string that is never closed']],
    ['empty file', 'empty.json', '', ['0: empty.json: is empty: expected a chronology-exchange/1 JSON document']],
    ['only white space', 'blank.json', ' \n\t\n', ['0: blank.json: is empty: expected a chronology-exchange/1 JSON document']],
    ['only a BOM', 'bom-only.json', '\uFEFF', ['0: bom-only.json: is empty: expected a chronology-exchange/1 JSON document']],
    ['non-object top level', 'list.json', '[1, 2]', ['0: list.json: expected a family document or a batch (a JSON object), not a list']],
    ['a bare string', 'text.json', '"chronology"', ['0: text.json: expected a family document or a batch (a JSON object), not text']],
    ['two values in a whole document', 'two.json', '{\n  "a": 1\n}\n{"b": 2}', ['0: two.json: line 4, column 1: invalid JSON: more text after the end of the JSON value']],
    ['deep nesting (100k levels)', 'deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, ['0: deep.json: line 1, column 65: invalid JSON: nested more than 64 levels deep; refused']],
    ['deep nesting inside a field', 'deep-field.json', JSON.stringify(doc('F1')).replace('"Rent arrears"', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`), [expect.stringMatching(/^0: deep-field\.json: line 1, column \d+: invalid JSON: nested more than 64 levels deep; refused$/) as unknown as string]],
    ['not UTF-8', 'latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]), ['0: latin1.json: is not UTF-8 text: expected JSON in UTF-8']],
    ['batch with a wrong envelope', 'envelope.json', JSON.stringify({ format: 'chronology-exchange/9', families: [doc('F1')], note: 1 }), [
      '-1: envelope.json: field format: expected chronology-exchange/1 (this version reads only chronology-exchange/1)',
      '-1: envelope.json: field note: is not allowed in a batch (expected format, families)',
      '0: ok F1',
    ]],
    ['batch whose families is not a list', 'families.json', JSON.stringify({ format: 'chronology-exchange/1', families: {} }), ['-1: families.json: field families: expected a list of family documents, not an object']],
  ]

  it.each(cases)('%s', async (_name, file, content, expected) => {
    expect(summary(await readAll(file, content))).toEqual(expected)
  })

  it('reports a missing file', async () => {
    const items: ExchangeItem[] = []
    for await (const item of readExchangeFile(join(dir, 'nowhere.json'))) items.push(item)
    expect(summary(items)).toEqual(['0: nowhere.json: cannot be read: there is no such file'])
  })

  it('refuses a whole document over the size limit, naming the file', async () => {
    const items = await readAll('big.json', JSON.stringify(doc('F1'), null, 2), { maxDocumentBytes: 1000 })
    expect(summary(items)).toEqual(['0: big.json: is 0.0 MB; a single-document or batch file may be at most 0.0 MB (send bigger loads as JSON Lines, one family per line)'])
  })

  it('refuses a JSON Lines line over the size limit and goes on', async () => {
    const items = await readAll('long.jsonl', `${line('F1')}\n${JSON.stringify({ ...doc('F2'), family: { ref: 'F2', name: 'x'.repeat(5000) } })}\n${line('F3')}\n`, { maxDocumentBytes: 4000 })
    expect(summary(items)).toEqual(['0: ok F1', '1: long.jsonl: line 2: is 0.0 MB; one family document may be at most 0.0 MB', '2: ok F3'])
  })

  it('reports a 10 MB string in a field as too long, without echoing it', async () => {
    const big = buildFamilyDocument()
    const huge = JSON.stringify({ ...big, events: big.events.map((e) => (e.id === 'E2' ? { ...e, summary: 'x'.repeat(10 * 1024 * 1024) } : e)) })
    const out = summary(await readAll('huge.json', huge))
    expect(out).toEqual(['0: huge.json: family WT, event E2, field summary: expected text of at most 20000 characters'])
  })

  it('reports every bad line of JSON Lines with its line number, and the good ones', async () => {
    const bad = validBut({ status: 'no_show' })
    const content = [line('F1'), '{"format": "chronology-exchange/1", "family": {', line('F3'), '', '[1]', JSON.stringify(bad), line('F7'), '42'].join('\n')
    const items = await readAll('mixed.jsonl', content)
    expect(summary(items)).toEqual([
      '0: ok F1',
      '1: mixed.jsonl: line 2, column 48: invalid JSON: the text ends before the JSON value is complete (truncated?)',
      '2: ok F3',
      '3: mixed.jsonl: family on line 5: expected a family document (a JSON object), not a list',
      '4: mixed.jsonl: family F6, event E2, field status: expected one of attended, was_not_brought, did_not_attend, cancelled_by_family, cancelled_by_service',
      '5: ok F7',
      '6: mixed.jsonl: family on line 8: expected a family document (a JSON object), not a number',
    ])
    expect(items.map((i) => i.line)).toEqual([1, 2, 3, 5, 6, 7, 8])
  })

  it('reports both bad families of a batch', async () => {
    const batch = { format: 'chronology-exchange/1', families: [doc('F1'), validBut({ status: 'no_show' }), doc('F3'), { ...doc('F4'), people: [] }] }
    const out = summary(await readAll('two-bad.json', JSON.stringify(batch)))
    expect(out[0]).toBe('0: ok F1')
    expect(out[1]).toBe('1: two-bad.json: family F6, event E2, field status: expected one of attended, was_not_brought, did_not_attend, cancelled_by_family, cancelled_by_service')
    expect(out[2]).toBe('2: ok F3')
    expect(out[3]).toBe('3: two-bad.json: family F4, field people: expected at least one person')
    // The emptied people list also leaves every ref dangling, and each is reported.
    expect(out.slice(4).every((m) => m.startsWith('3: two-bad.json: family F4, ') && m.includes('is not in people'))).toBe(true)
  })
})

/** Family F6 with its appointment E2 changed. */
function validBut(changes: Record<string, unknown>): unknown {
  const d = doc('F6')
  return { ...d, events: d.events.map((e) => (e.id === 'E2' ? { ...e, ...changes } : e)) }
}

describe('readExchangeFile: streaming JSON Lines', () => {
  it('yields every family of a ~60 MB file and reports progress up to the total', async () => {
    const path = join(dir, 'large.jsonl')
    const out = createWriteStream(path)
    const base = buildFamilyDocument()
    // About 20 kB a family: the test document with its events repeated under new ids.
    const events = Array.from({ length: 24 }, (_, r) => base.events.map((e) => ({ ...e, id: `${e.id}-${r}`, ...(e.type === 'escalation' && e.status === 'resolved' ? { refers_to: `E3-${r}` } : {}) }))).flat()
    const families = 3000
    for (let i = 0; i < families; i++) {
      if (!out.write(`${JSON.stringify({ ...base, family: { ref: `F${i}` }, events })}\n`)) await once(out, 'drain')
    }
    out.end()
    await once(out, 'finish')
    const total = (await stat(path)).size
    expect(total).toBeGreaterThan(55 * 1024 * 1024)

    const progress: [number, number][] = []
    let count = 0
    let bad = 0
    let lastRef = ''
    for await (const item of readExchangeFile(path, { onProgress: (read, of) => progress.push([read, of]) })) {
      count++
      if (item.result.ok) lastRef = item.result.doc.family.ref
      else bad++
    }
    expect(count).toBe(families)
    expect(bad).toBe(0)
    expect(lastRef).toBe(`F${families - 1}`)
    expect(progress.length).toBeGreaterThan(100)
    expect(progress.at(-1)).toEqual([total, total])
    expect(progress.every(([read], i) => i === 0 || read >= (progress[i - 1]?.[0] ?? 0))).toBe(true)
  })

  it('stops reading when the consumer stops early', async () => {
    const path = join(dir, 'early.jsonl')
    await writeFile(path, Array.from({ length: 50 }, (_, i) => line(`F${i}`)).join('\n'))
    const refs: string[] = []
    for await (const item of readExchangeFile(path)) {
      if (item.result.ok) refs.push(item.result.doc.family.ref)
      if (refs.length === 3) break
    }
    expect(refs).toEqual(['F0', 'F1', 'F2'])
  })
})
