// Import an exchange file: uploaded (multipart, size-limited) to a temp
// file, handed to the repository (all or nothing, then the families it
// touched are evaluated), and the result shown: every problem per event, or
// what changed and which alerts were raised.
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance } from 'fastify'
import fastifyMultipart from '@fastify/multipart'
import { z } from 'zod'
import { canImport } from '../../access/accessPredicates.ts'
import { ForbiddenError, ValidationError } from '../../errors/errors.ts'
import { formErrors, NO_ERRORS } from '../forms.ts'
import { actorOf } from '../requestContext.ts'
import type { RouteDeps } from './routeDeps.ts'

interface UploadedFile {
  dir: string
  path: string
  fileName: string
  bytes: number
}

const importBody = z.object({
  _csrf: z.string().optional(),
  source: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(200, 'Source must be 200 characters or fewer').regex(/^[\w.@-]+$/, 'Source can only contain letters, numbers, dots, dashes and underscores').optional()),
  file: z.custom<UploadedFile>((v) => typeof v === 'object' && v !== null && 'path' in v, 'Choose a file to import'),
})

const EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson'])

export function registerImportRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/import', async (request, reply) => {
    const actor = actorOf(request)
    if (!canImport(actor.user)) throw new ForbiddenError()
    return reply.page('import.njk', { title: 'Import a chronology file', ...NO_ERRORS })
  })

  // Multipart is accepted by this route only.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 4, fieldSize: 4096 },
      async onFile(part) {
        const dir = await mkdtemp(join(tmpdir(), 'throughline-upload-'))
        const ext = extname(part.filename).toLowerCase()
        const path = join(dir, `upload${EXTENSIONS.has(ext) ? ext : '.json'}`)
        await pipeline(part.file, createWriteStream(path, { mode: 0o600 }))
        const uploaded: UploadedFile = { dir, path, fileName: part.filename.slice(0, 200), bytes: part.file.bytesRead }
        ;(part as unknown as { value: unknown }).value = part.filename === '' && uploaded.bytes === 0 ? undefined : uploaded
        if (part.filename === '' && uploaded.bytes === 0) await rm(dir, { recursive: true, force: true })
      },
    })
    // Uploads never outlive their request, whatever happened to it.
    scope.addHook('onResponse', async (request) => {
      const file = (request.body as { file?: unknown } | undefined)?.file
      if (typeof file === 'object' && file !== null && 'dir' in file) await rm((file as UploadedFile).dir, { recursive: true, force: true })
    })

    scope.post('/import', { preHandler: scope.csrfProtection }, async (request, reply) => {
      const actor = actorOf(request)
      if (!canImport(actor.user)) throw new ForbiddenError()
      const parsed = importBody.safeParse(request.body ?? {})
      if (!parsed.success) {
        return reply.code(400).page('import.njk', { title: 'Import a chronology file', ...formErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'file'), message: i.message }))) })
      }
      const { file, source } = parsed.data
      try {
        const summary = await deps.repository.importFile(actor, file.path, {
          fileName: file.fileName, asOf: deps.clock().toISOString().slice(0, 10), ...(source !== undefined ? { source } : {}),
        })
        return reply.page('importDone.njk', { title: 'File imported', summary, fileName: file.fileName })
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e
        return reply.code(400).page('importErrors.njk', {
          title: 'The file could not be imported',
          fileName: file.fileName,
          problems: e.problems.map((p) => ({ ...p, file: p.file !== undefined && p.file.startsWith('upload') ? file.fileName : (p.file ?? file.fileName) })),
        })
      }
    })
  })
}
