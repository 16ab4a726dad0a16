// The access and audit tables as Kysely sees them (migrations/003_access.sql).
import type { ColumnType, Generated, JSONColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export interface UsersTable {
  id: Generated<number>
  username: string
  display_name: string
  agency: string
  roles: string[]
  password_hash: string
  disabled: ColumnType<boolean, boolean | undefined, boolean>
  failed_attempts: ColumnType<number, number | undefined, number>
  locked_until: NullableTimestamp
  /** Set when someone else chose the password (migration 005): its user must choose their own at the next sign-in. */
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface FamilyAccessGrantsTable {
  id: Generated<number>
  family_id: number
  agency: string
  granted_by: number
  reason: string
  at: Timestamp
  expires_at: NullableTimestamp
}

export const ACCESS_REQUEST_STATUSES = ['pending', 'granted', 'refused'] as const
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number]

export interface AccessRequestsTable {
  id: Generated<number>
  family_id: number
  requested_by: number
  agency: string
  reason: string
  status: ColumnType<AccessRequestStatus, AccessRequestStatus | undefined, AccessRequestStatus>
  decided_by: number | null
  decision_reason: string | null
  at: Timestamp
  decided_at: NullableTimestamp
}

export interface BreakGlassTable {
  id: Generated<number>
  user_id: number
  family_id: number
  reason: string
  at: Timestamp
  expires_at: Timestamp
}

export interface AuditLogTable {
  id: Generated<number>
  at: Timestamp
  user_id: number | null
  username: string
  agency: string
  roles: string[]
  action: string
  family_id: number | null
  family_ref: string | null
  child_ref: string | null
  event_id: string | null
  alert_id: number | null
  reason: string | null
  details: JSONColumnType<Record<string, unknown> | null, Record<string, unknown> | null | undefined, Record<string, unknown> | null>
}
