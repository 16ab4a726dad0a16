// One error handler for the whole app: typed errors become GOV.UK error
// pages; anything unexpected is a 500 that names an incident id (logged with
// the error) and shows the stack only outside production.
import { randomUUID } from 'node:crypto'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { isThroughlineError, ValidationError } from '../errors/errors.ts'
import type { Problem } from '../errors/errors.ts'

export interface ErrorPage {
  status: number
  title: string
  message: string
  problems?: Problem[]
}

/** What the user is told for a Fastify or plugin error carrying a status (CSRF, body limits, rate limit). */
function pageForStatus(error: FastifyError): ErrorPage | null {
  const status = error.statusCode
  if (status === undefined || status < 400 || status >= 500) return null
  if (error.code?.startsWith('FST_CSRF') === true) {
    return { status: 403, title: 'This form could not be sent', message: 'The form had expired or did not come from this service. Go back, reload the page and try again.' }
  }
  if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT') {
    return { status: 413, title: 'The file is too large', message: 'Choose a smaller file.' }
  }
  if (status === 429) {
    return { status: 429, title: 'Too many attempts', message: 'You have tried too many times. Wait a minute, then try again.' }
  }
  if (status === 404) return { status: 404, title: 'Page not found', message: 'If you typed the web address, check it is correct.' }
  if (status === 415) return { status: 415, title: 'There is a problem with the request', message: 'The form was sent in a way this page does not accept.' }
  return { status: 400, title: 'There is a problem with the request', message: 'Check what you entered and try again.' }
}

export function describeError(error: unknown): ErrorPage | null {
  if (error instanceof ValidationError) {
    return { status: 400, title: 'There is a problem', message: 'Check the following and try again.', problems: error.problems }
  }
  if (isThroughlineError(error)) {
    switch (error.status) {
      case 404: return { status: 404, title: 'Page not found', message: 'If you typed the web address, check it is correct. If you followed a link, you may not have access to this record.' }
      case 403: return { status: 403, title: 'You do not have permission to see this page', message: error.message }
      case 401: return { status: 401, title: 'Sign in to continue', message: error.message }
      default:
        if (error.status >= 500) return null
        return { status: error.status, title: 'There is a problem', message: error.message }
    }
  }
  if (error instanceof Error && 'statusCode' in error) return pageForStatus(error as FastifyError)
  return null
}

export function createErrorHandler(options: { production: boolean }) {
  return function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const page = describeError(error)
    if (page?.status === 401 && request.method === 'GET') {
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`)
    }
    if (page !== null) {
      // Logged by id and code only: messages can name a person.
      request.log.info({ errorId: isThroughlineError(error) ? error.id : (error as FastifyError).code, status: page.status }, 'request refused')
      return reply.code(page.status).page('error.njk', { ...page, title: page.title })
    }
    const incident = randomUUID()
    request.log.error({ incident, err: error }, 'unexpected error')
    const stack = !options.production && error instanceof Error ? error.stack : undefined
    return reply.code(500).page('error.njk', {
      status: 500,
      title: 'Sorry, there is a problem with the service',
      message: 'Try again later. If it keeps happening, tell your system administrator this reference:',
      incident,
      stack,
    })
  }
}
