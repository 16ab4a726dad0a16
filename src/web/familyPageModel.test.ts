import { describe, expect, it } from 'vitest'
import { addDays } from '../rules/calendar.ts'
import type { FamilyRecord } from '../access/caseRepository.ts'
import { alertGroups, CHRONOLOGY_PAGE_SIZE, chronologyPage as pageOf, chronologyRows, entryHref, paginationLinks, peopleNames, type ChronologyFilter, type ChronologyPage } from './familyPageModel.ts'
import { buildAlertView, buildChild, buildEvent, buildExampleFamilyRecord, buildFamilyRecord, byKeyOf, outlineOf } from './charts/testing.ts'

describe('alertGroups', () => {
  const record = buildExampleFamilyRecord()

  it('groups alerts by rule, the most serious rule first, subjects in the family order and the family last', () => {
    const groups = alertGroups(record, [
      buildAlertView({ id: 1, rule: 'was-not-brought', title: 'Was not brought', subject: 'C2' }),
      buildAlertView({ id: 2, rule: 'worker-churn', title: 'Worker churn', subject: 'family' }),
      buildAlertView({ id: 3, rule: 'was-not-brought', title: 'Was not brought', subject: 'family' }),
      buildAlertView({ id: 4, rule: 'injury-explanation-accepted', title: 'Injury explained away', subject: 'C1' }),
      buildAlertView({ id: 5, rule: 'was-not-brought', title: 'Was not brought', subject: 'C1' }),
    ])
    expect(groups.map((g) => g.title)).toEqual(['Injury explained away', 'Was not brought', 'Worker churn'])
    expect(groups[1]?.alerts.map((a) => [a.id, a.subjectName])).toEqual([[5, 'Amy Smith'], [1, 'Ben Smith'], [3, 'The family']])
  })

  it('shows the threshold only where one rule has two alerts about the same subject from the same day', () => {
    const groups = alertGroups(record, [
      buildAlertView({ id: 1, rule: 'home-not-seen', subject: 'C1', firstFired: '2024-01-01', threshold: 'No visit inside the home in 12 weeks.' }),
      buildAlertView({ id: 2, rule: 'home-not-seen', subject: 'C1', firstFired: '2024-01-01', threshold: 'Bedroom not seen in 12 weeks.' }),
      buildAlertView({ id: 3, rule: 'home-not-seen', subject: 'C1', firstFired: '2024-02-01' }),
      buildAlertView({ id: 4, rule: 'home-not-seen', subject: 'C2', firstFired: '2024-01-01' }),
    ])
    expect(groups).toHaveLength(1)
    expect(groups[0]?.alerts.map((a) => [a.id, a.showThreshold])).toEqual([[1, true], [2, true], [3, false], [4, false]])
  })
})

describe('chronology pages', () => {
  // 120 notes, one a day from 2020-01-01: e000 ... e119, alternately about C1 and C2.
  const record = buildFamilyRecord({
    people: [buildChild('C1'), buildChild('C2')],
    events: Array.from({ length: 120 }, (_, i) => buildEvent('note', {
      id: `e${String(i).padStart(3, '0')}`, date: addDays('2020-01-01', i), subjects: [i % 2 === 0 ? 'C1' : 'C2'],
    })),
  })
  const ids = (page: ChronologyPage) => page.entries.map((r) => r.id)
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `e${String(from + i).padStart(3, '0')}`)
  /** The page as the family page works it out, from the record's outline, kept as the store keeps these notes for a child filter. */
  const chronologyPage = (r: FamilyRecord, filter: ChronologyFilter, at?: Parameters<typeof pageOf>[1]) =>
    pageOf(outlineOf(r, (e) => filter.child === undefined || (e.visible && e.event.subjects.includes(filter.child))).events, at)

  it('opens at the last page, which holds the latest entries in full; the first page holds what is left over', () => {
    const last = chronologyPage(record, {})
    expect([last.page, last.pages, last.total, last.first, last.last]).toEqual([3, 3, 120, 71, 120])
    expect(ids(last)).toHaveLength(CHRONOLOGY_PAGE_SIZE)
    expect(ids(last).at(-1)).toBe('e119')
    const first = chronologyPage(record, {}, { page: 1 })
    expect(ids(first)).toEqual(Array.from({ length: 20 }, (_, i) => `e${String(i).padStart(3, '0')}`))
    expect(chronologyPage(record, {}, { page: 99 }).page).toBe(3)
  })

  it('opens at the page holding an entry asked for, within the filter', () => {
    expect(chronologyPage(record, {}, { event: 'e030' }).page).toBe(2)
    const c2 = chronologyPage(record, { child: 'C2' }, { event: 'e011' })
    expect([c2.total, c2.pages, c2.page]).toEqual([60, 2, 1])
    expect(ids(c2)).toContain('e011')
    // Left out by the filter: the default page.
    expect(chronologyPage(record, { child: 'C2' }, { event: 'e030' }).page).toBe(2)
  })

  it('links an entry to the page holding it, keeping the filter and zoom; an entry the filter leaves out to the unfiltered page', () => {
    const page = chronologyPage(record, { child: 'C1' })
    const href = entryHref(outlineOf(record, (e) => e.visible && e.event.subjects.includes('C1')).events, page, { zoom: '6m', child: 'C1' }, 'F 1')
    expect(href('e002')).toBe('/families/F%201?zoom=6m&child=C1&page=1#event-e002')
    expect(href('e118')).toBe('#event-e118')
    expect(href('e001')).toBe('/families/F%201?zoom=6m&page=1#event-e001')
  })

  it('puts each entry on exactly one page, at the edges of pages too, whatever the total', () => {
    for (const total of [0, 1, 49, 50, 51, 100, 101, 120]) {
      const part = { ...record, events: record.events.slice(0, total) }
      const pages = chronologyPage(part, {}).pages
      expect(pages).toBe(Math.max(1, Math.ceil(total / CHRONOLOGY_PAGE_SIZE)))
      const shown = Array.from({ length: pages }, (_, i) => ids(chronologyPage(part, {}, { page: i + 1 }))).flat()
      expect(shown).toEqual(part.events.map((e) => (e.visible ? e.event.id : e.id)))
      // ?event= opens the page that shows the entry.
      for (const id of shown) expect(ids(chronologyPage(part, {}, { event: id }))).toContain(id)
    }
    expect(chronologyPage(record, {}, { event: 'e019' }).page).toBe(1)
    expect(chronologyPage(record, {}, { event: 'e020' }).page).toBe(2)
    expect(chronologyPage(record, {}, { event: 'e069' }).page).toBe(2)
    expect(chronologyPage(record, {}, { event: 'e070' }).page).toBe(3)
  })

  it('tells nothing of a restricted entry the filter leaves out: asked for by id, it opens the page an unknown id opens', () => {
    const restricted = buildFamilyRecord({
      people: [buildChild('C1'), buildChild('C2')],
      events: Array.from({ length: 120 }, (_, i) => buildEvent('note', {
        id: `e${String(i).padStart(3, '0')}`, date: addDays('2020-01-01', i), subjects: ['C1'], restricted: i === 10,
      })),
    })
    const unknown = chronologyPage(restricted, { child: 'C1' }, { event: 'no-such-entry' })
    const asked = chronologyPage(restricted, { child: 'C1' }, { event: 'e010' })
    expect([asked.page, asked.total, ids(asked)]).toEqual([unknown.page, unknown.total, ids(unknown)])
    expect(asked.total).toBe(119)
    expect(asked.pageOf('e010')).toBeUndefined()
  })

  it('builds the rows of the entries on a page from their content, by key, leaving out an entry not read', () => {
    const page = chronologyPage(record, {}, { page: 1 })
    const byKey = byKeyOf(record)
    const rows = chronologyRows(page, byKey, peopleNames(record))
    const summaryOf = (id: string) => record.events.flatMap((e) => (e.visible && e.event.id === id ? [e.event.summary] : []))[0]
    expect(rows.map((r) => r.id)).toEqual(range(0, 19))
    for (const r of rows) expect(r.summary).toBe(summaryOf(r.id))
    byKey.delete(page.entries[0]!.key)
    expect(chronologyRows(page, byKey, peopleNames(record)).map((r) => r.id)).toEqual(range(1, 19))
  })

  it('offers the first, the last and the pages either side of the current one, with previous and next', () => {
    const links = paginationLinks(5, 9, (n) => `?page=${n}`)
    expect(links.items.map((i) => ('ellipsis' in i ? '…' : `${i.number}${i.current ? '*' : ''}`))).toEqual(['1', '…', '4', '5*', '6', '…', '9'])
    expect(links.previous?.href).toBe('?page=4')
    expect(links.next?.href).toBe('?page=6')
    expect(paginationLinks(1, 2, (n) => `?page=${n}`)).toEqual({ next: { href: '?page=2' }, items: [{ number: 1, href: '?page=1', current: true }, { number: 2, href: '?page=2', current: false }] })
  })
})
