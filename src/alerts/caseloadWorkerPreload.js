// The packages caseloadWorker.ts uses, imported by its thread before tsx is
// registered (startTypeScriptWorker's preload): loaded natively they take
// half the time, and starting a worker is time the evaluation does not have.
import '@electric-sql/pglite'
import 'kysely'
import 'pg'
import 'zod'
