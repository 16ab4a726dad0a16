// Import an exchange file. Nothing of the upload is read until the user is
// known to be signed in, allowed to import and the form's CSRF token (carried
// in the form's action URL, since the body is not read yet) has matched; the
// file is then streamed, size-limited, to a temp folder that is removed
// whatever happens (too large, aborted, invalid, imported). The repository
// imports all or nothing, then evaluates the families it touched; the page
// shows every problem per event, or what changed and which alerts were raised.
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fastifyMultipart from '@fastify/multipart'
import { z } from 'zod'
import { canImport } from '../../access/accessPredicates.ts'
import type { Actor } from '../../access/types.ts'
import { ForbiddenError, ValidationError } from '../../errors/errors.ts'
import { formErrors, NO_ERRORS } from '../forms.ts'
import { actorOf } from '../requestContext.ts'
import type { RouteDeps } from './routeDeps.ts'

interface UploadedFile {
  path: string
  fileName: string
}

const importFields = z.object({
  source: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(200, 'Source must be 200 characters or fewer').regex(/^[\w.@-]+$/, 'Source can only contain letters, numbers, dots, dashes and underscores').optional()),
})

/** A page to send once the upload's folder is gone. */
interface Answer {
  status: number
  template: string
  context: Record<string, unknown>
}

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
      limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 4, fieldSize: 4096, parts: 6 },
    })

    const mayImport = async (request: FastifyRequest) => {
      const actor = actorOf(request)
      if (!canImport(actor.user)) throw new ForbiddenError()
    }

    scope.post('/import', { preHandler: [scope.csrfProtection, mayImport] }, async (request, reply) => {
      const actor = actorOf(request)
      const formPage = (status: number, problems: { field: string; message: string }[]): Answer =>
        ({ status, template: 'import.njk', context: { title: 'Import a chronology file', ...formErrors(problems) } })
      if (!request.isMultipart()) {
        const answer = formPage(400, [{ field: 'file', message: 'Choose a file to import' }])
        return reply.code(answer.status).page(answer.template, answer.context)
      }
      let dir: string | undefined
      let answer: Answer
      try {
        const fields: Record<string, string> = {}
        let file: UploadedFile | undefined
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            if (typeof part.value === 'string') fields[part.fieldname] = part.value
            continue
          }
          // A file input left empty still sends a part, with no name and no bytes.
          if (part.fieldname !== 'file' || part.filename === '') {
            part.file.resume()
            continue
          }
          dir = await mkdtemp(join(tmpdir(), 'throughline-upload-'))
          const ext = extname(part.filename).toLowerCase()
          const path = join(dir, `upload${EXTENSIONS.has(ext) ? ext : '.json'}`)
          // Too large: the stream errors (413) and the folder goes in finally.
          await pipeline(part.file, createWriteStream(path, { mode: 0o600 }))
          file = { path, fileName: part.filename.slice(0, 200) }
        }
        answer = await importUpload(actor, fields, file)
      } finally {
        // Before the answer is sent, so no upload outlives its request.
        if (dir !== undefined) await rm(dir, { recursive: true, force: true })
      }
      return reply.code(answer.status).page(answer.template, answer.context)

      async function importUpload(actor: Actor, fields: Record<string, string>, file: UploadedFile | undefined): Promise<Answer> {
        const parsed = importFields.safeParse(fields)
        if (!parsed.success || file === undefined) {
          return formPage(400, [
            ...(parsed.success ? [] : parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'source'), message: i.message }))),
            ...(file === undefined ? [{ field: 'file', message: 'Choose a file to import' }] : []),
          ])
        }
        const { source } = parsed.data
        const { fileName } = file
        try {
          const summary = await deps.repository.importFile(actor, file.path, {
            fileName, asOf: deps.clock().toISOString().slice(0, 10), ...(source !== undefined ? { source } : {}),
          })
          return { status: 200, template: 'importDone.njk', context: { title: 'File imported', summary, fileName } }
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e
          return {
            status: 400,
            template: 'importErrors.njk',
            context: {
              title: 'The file could not be imported',
              fileName,
              problems: e.problems.map((p) => ({ ...p, file: p.file !== undefined && p.file.startsWith('upload') ? fileName : (p.file ?? fileName) })),
            },
          }
        }
      }
    })
  })
}
