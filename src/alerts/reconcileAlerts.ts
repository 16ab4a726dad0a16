// Brings a family's stored alerts up to date with a fresh replay, without ever
// deleting one: new episodes are raised, episodes whose condition has gone
// are resolved with the day it went, changed evidence is recorded, and a
// stored alert the chronology no longer supports (a record corrected or
// withdrawn by its sender) is resolved as such. Pure: the store applies the
// result.
import type { IsoDate } from '../exchange/dates.ts'
import type { Alert, AlertEpisode } from '../rules/types.ts'
import type { AlertAction, AlertResolution, AlertState } from '../store/alertTables.ts'

export interface StoredAlert {
  id: number
  rule: string
  subject: string
  key: string
  first_fired: IsoDate
  until: IsoDate | null
  state: AlertState
  resolution: AlertResolution | null
  events: readonly string[]
  threshold: string
}

export interface HistoryEntry {
  action: AlertAction
  reason: string | null
  events: readonly string[] | null
}

/** A new alert: a stored alert without its id yet, with how it came about. */
export interface AlertInsert extends Omit<StoredAlert, 'id'> {
  history: HistoryEntry[]
}

export interface AlertUpdate {
  id: number
  patch: Partial<Pick<StoredAlert, 'first_fired' | 'until' | 'state' | 'resolution' | 'events' | 'threshold'>>
  history: HistoryEntry[]
}

export interface AlertChanges {
  inserts: AlertInsert[]
  updates: AlertUpdate[]
}

export interface ReconcileInput {
  stored: readonly StoredAlert[]
  /** Every episode from the replay up to asOf. */
  episodes: readonly AlertEpisode[]
  /** The alerts holding on asOf, whose evidence is the latest. */
  current: readonly Alert[]
  asOf: IsoDate
}

const identity = (a: { rule: string; subject: string; key?: string | undefined }) => `${a.rule}\u0000${a.subject}\u0000${a.key ?? ''}`

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** [first_fired, until) of two alerts overlap. */
function overlaps(a: { first_fired: IsoDate; until: IsoDate | null }, b: { first_fired: IsoDate; until: IsoDate | null }): boolean {
  return (a.until === null || b.first_fired < a.until) && (b.until === null || a.first_fired < b.until)
}

export function reconcileAlerts({ stored, episodes, current, asOf }: ReconcileInput): AlertChanges {
  const currentById = new Map(current.map((a) => [identity(a), a]))
  const storedById = new Map<string, StoredAlert[]>()
  for (const s of stored) {
    const list = storedById.get(identity(s)) ?? []
    list.push(s)
    storedById.set(identity(s), list)
  }
  const matched = new Set<number>()
  const inserts: AlertInsert[] = []
  const updates: AlertUpdate[] = []

  for (const episode of episodes) {
    const id = identity(episode)
    const live = episode.until === null ? currentById.get(id) : undefined
    const events = live?.events ?? episode.events
    const threshold = live?.threshold ?? episode.threshold
    const candidates = (storedById.get(id) ?? []).filter((s) => !matched.has(s.id))
    const match = candidates.find((s) => s.first_fired === episode.first_fired) ?? candidates.find((s) => overlaps(s, episode))
    if (match === undefined) {
      const history: HistoryEntry[] = [{ action: 'raised', reason: null, events }]
      if (episode.until !== null) history.push({ action: 'condition_gone', reason: `The condition no longer held from ${episode.until}`, events: null })
      inserts.push({
        rule: episode.rule, subject: episode.subject, key: episode.key ?? '',
        first_fired: episode.first_fired, until: episode.until,
        state: episode.until === null ? 'open' : 'resolved',
        resolution: episode.until === null ? null : 'condition_gone',
        events, threshold, history,
      })
      continue
    }
    matched.add(match.id)
    const update = diffStored(match, episode, events, threshold)
    if (update !== undefined) updates.push(update)
  }

  for (const s of stored) {
    if (matched.has(s.id) || (s.state === 'resolved' && s.until !== null)) continue
    updates.push({
      id: s.id,
      patch: { state: 'resolved', resolution: s.state === 'resolved' ? s.resolution : 'no_longer_supported', until: s.until ?? asOf },
      history: [{ action: 'no_longer_supported', reason: 'The chronology no longer shows this pattern (records were corrected or withdrawn)', events: null }],
    })
  }
  return { inserts, updates }
}

function diffStored(s: StoredAlert, episode: AlertEpisode, events: readonly string[], threshold: string): AlertUpdate | undefined {
  const patch: AlertUpdate['patch'] = {}
  const history: HistoryEntry[] = []
  if (s.first_fired !== episode.first_fired) {
    patch.first_fired = episode.first_fired
    history.push({ action: 'first_fired_corrected', reason: `First fired ${episode.first_fired}, not ${s.first_fired}, on the records now held`, events: null })
  }
  if (episode.until !== null && s.until !== episode.until) {
    patch.until = episode.until
    if (s.state !== 'resolved') {
      patch.state = 'resolved'
      patch.resolution = 'condition_gone'
    }
    history.push({ action: 'condition_gone', reason: `The condition no longer held from ${episode.until}`, events: null })
  } else if (episode.until === null && s.until !== null) {
    patch.until = null
    if (s.resolution !== 'closed_by_practitioner') {
      patch.state = 'open'
      patch.resolution = null
    }
    history.push({ action: 'condition_returned', reason: 'The condition holds again', events: null })
  }
  if (!sameList(s.events, events) || s.threshold !== threshold) {
    patch.events = events
    patch.threshold = threshold
    history.push({ action: 'evidence_updated', reason: null, events })
  }
  return history.length === 0 ? undefined : { id: s.id, patch, history }
}

/** True when the stored alerts still open match today's evaluation exactly, so no replay is needed. */
export function storedMatchesCurrent(stored: readonly StoredAlert[], current: readonly Alert[]): boolean {
  const holding = stored.filter((s) => s.until === null)
  if (holding.length !== current.length) return false
  const byId = new Map(holding.map((s) => [identity(s), s]))
  return current.every((a) => {
    const s = byId.get(identity(a))
    return s !== undefined && sameList(s.events, a.events) && s.threshold === a.threshold
  })
}
