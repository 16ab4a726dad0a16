import { describe, expect, it } from 'vitest'
import type { FamilyDocument } from '../exchange/schema.ts'
import { buildSeededFamilyDocument } from '../store/buildSeededFamilies.ts'
import { createReplayPool } from './createReplayPool.ts'
import { familyOutcome } from './familyOutcome.ts'

const asOf = '2023-06-01'

describe('createReplayPool', () => {
  it('gives a worker thread\'s outcome, the same as the calling thread\'s', async () => {
    const doc = buildSeededFamilyDocument({ events: 40 })
    const pool = createReplayPool({}, 1)
    try {
      expect(await pool.outcome({ doc, asOf })).toEqual(familyOutcome({ doc, asOf }))
    } finally {
      await pool.close()
    }
  })

  it('rejects a replay that throws in its thread', async () => {
    const pool = createReplayPool({}, 1)
    try {
      const broken = { ...buildSeededFamilyDocument(), events: null } as unknown as FamilyDocument
      await expect(pool.outcome({ doc: broken, asOf })).rejects.toThrow(/A replay failed in its worker thread/)
    } finally {
      await pool.close()
    }
  })

  it('rejects, rather than leaves waiting, the replays under way when it is closed, and any asked of it after', async () => {
    const pool = createReplayPool({}, 1)
    // Asked before the thread has even started, so still under way when the pool closes.
    const underWay = expect(pool.outcome({ doc: buildSeededFamilyDocument({ events: 40 }), asOf })).rejects.toThrow(/closed/)
    await pool.close()
    await underWay
    await expect(pool.outcome({ doc: buildSeededFamilyDocument(), asOf })).rejects.toThrow(/closed/)
  })
})
