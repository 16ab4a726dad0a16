import { describe, expect, it } from 'vitest'
import { buildEvent, buildFamily } from '../../rules/testing.ts'
import { RESTRICTED_CANARY } from '../charts/testing.ts'
import { familyToCsv } from './familyToCsv.ts'
import { familyRecordFromDocument } from './familyRecordFromDocument.ts'

describe('familyRecordFromDocument', () => {
  it('reads an exchange document as a record in placed order, and its restricted entries still export without content', () => {
    const doc = buildFamily({
      events: [
        buildEvent('note', { date: '2020-05-01', summary: 'Later.' }),
        buildEvent('note', { date: '2020-01', summary: 'Earlier, month only.' }),
        buildEvent('note', { date: '2020-03-01', restricted: true, summary: RESTRICTED_CANARY }),
      ],
    })
    const record = familyRecordFromDocument(doc, { source: 'export by sam' })
    expect(record.events.map((e) => (e.visible ? e.event.id : e.id))).toEqual(['E2', 'E3', 'E1'])
    expect(record.agencies).toEqual(['childrens_social_care'])
    const csv = familyToCsv(record)
    expect(csv).not.toContain(RESTRICTED_CANARY)
    expect(csv).toContain('export by sam')
  })
})
