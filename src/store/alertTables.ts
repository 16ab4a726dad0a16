// The alert tables as Kysely sees them (migrations/002_alerts.sql).
import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const
export type AlertState = (typeof ALERT_STATES)[number]

export const ALERT_RESOLUTIONS = ['condition_gone', 'closed_by_practitioner', 'no_longer_supported'] as const
export type AlertResolution = (typeof ALERT_RESOLUTIONS)[number]

export const ALERT_ACTIONS = [
  'raised', 'evidence_updated', 'first_fired_corrected', 'condition_gone', 'condition_returned',
  'no_longer_supported', 'acknowledged', 'resolved', 'reopened',
] as const
export type AlertAction = (typeof ALERT_ACTIONS)[number]

export interface AlertsTable {
  id: Generated<number>
  family_id: number
  rule: string
  subject: string
  key: ColumnType<string, string | undefined, string>
  first_fired: string
  until: string | null
  state: AlertState
  resolution: AlertResolution | null
  events: string[]
  threshold: string
  created_at: Generated<Date>
  updated_at: Timestamp
}

export interface AlertHistoryTable {
  id: Generated<number>
  alert_id: number
  at: Generated<Date>
  action: AlertAction
  actor: string
  reason: string | null
  events: string[] | null
  as_of: string | null
}
