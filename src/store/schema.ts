// The tables as Kysely sees them (see migrations/). Dates (`date` columns)
// come back as ISO strings and bigints as numbers: both drivers are set up so
// in createDatabase.ts.
import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { AccessRequestsTable, AuditLogTable, BreakGlassTable, FamilyAccessGrantsTable, UsersTable } from './accessTables.ts'
import type { AlertHistoryTable, AlertsTable } from './alertTables.ts'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface SchemaMigrationsTable {
  version: number
  name: string
  applied_at: Generated<Date>
}

export interface SourcesTable {
  id: Generated<number>
  name: string
  created_at: Timestamp
}

export interface ImportsTable {
  id: Generated<number>
  source_id: number
  file_name: string
  imported_at: Timestamp
  imported_by: string
  families: ColumnType<number, number | undefined, number>
  events: ColumnType<number, number | undefined, number>
}

export interface FamiliesTable {
  id: Generated<number>
  ref: string
  name: string | null
  created_at: Timestamp
  updated_at: Timestamp
  /** The day the family's alerts were last brought up to date as of (002). */
  evaluated_as_of: ColumnType<string | null, string | null | undefined, string | null>
}

export interface PeopleTable {
  id: Generated<number>
  family_id: number
  ref: string
  given_name: string
  family_name: string | null
  born: string | null
  expected: string | null
  sex: string | null
  role: string
  identifiers: JSONColumnType<Record<string, string> | null, Record<string, string> | null, Record<string, string> | null>
  address: string | null
  updated_at: Timestamp
}

export interface RelationshipsTable {
  id: Generated<number>
  family_id: number
  from_ref: string
  to_ref: string
  type: string
}

export interface EventsTable {
  id: Generated<number>
  family_id: number
  source_id: number
  event_id: string
  type: string
  agency: string
  date: string
  placed_date: string
  known_date: string
  approximate: boolean | null
  time: string | null
  recorded: string | null
  subjects: string[]
  restricted: boolean | null
  summary: string
  significance: string | null
  action: string | null
  outcome: string | null
  facets: JSONColumnType<Record<string, unknown>, Record<string, unknown>, Record<string, unknown>>
  import_id: number
  imported_at: Timestamp
  imported_by: string
}

export interface Database {
  schema_migrations: SchemaMigrationsTable
  sources: SourcesTable
  imports: ImportsTable
  families: FamiliesTable
  people: PeopleTable
  relationships: RelationshipsTable
  events: EventsTable
  alerts: AlertsTable
  alert_history: AlertHistoryTable
  users: UsersTable
  family_access_grants: FamilyAccessGrantsTable
  access_requests: AccessRequestsTable
  break_glass: BreakGlassTable
  audit_log: AuditLogTable
}
