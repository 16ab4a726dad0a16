// The store: an open database with its schema migrated. Every read and write
// of Throughline's data goes through functions in this folder that take it.
import { createDatabase } from './createDatabase.ts'
import type { DatabaseHandle, DatabaseOptions } from './createDatabase.ts'
import { migrate } from './migrate.ts'

export type Store = DatabaseHandle

export async function createStore(options: DatabaseOptions): Promise<Store> {
  const handle = await createDatabase(options)
  try {
    await migrate(handle.db)
  } catch (e) {
    await handle.close()
    throw e
  }
  return handle
}
