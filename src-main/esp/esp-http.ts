/**
 * ESP over HTTP (docs/esp.md, "Transport"): `POST /esp`, one JSON request per call. An ESP answer,
 * response or fault, is 200; a call that is not an ESP request at all gets an HTTP error with a
 * JSON body `{ "error": "<code>", "message": "<sentence>" }`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ChatEngine } from '../engine/chat-engine'
import type { Logger } from '../engine/ports'
import { checkCaller, originOf } from './caller-access'
import { ESP_PATH, handleEspRequest } from './esp-handler'
import type { RateLimiterPool } from './rate-limiter'

export interface EspHttpOptions {
  engine: ChatEngine
  logger: Logger
  token: string | undefined
  /** `esp.allowed-origins`: web pages let in. */
  allowedOrigins: readonly string[]
  /** One bucket per client address. */
  limiters: RateLimiterPool
}

/** The body of every non-200 answer. */
export interface HttpErrorBody {
  error: string
  message: string
}

/** HTTP status → error code of the JSON body. */
const ERROR_CODES: Record<number, string> = {
  400: 'malformed-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  503: 'closing',
}

function httpError(status: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: status })
}

function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  const body: HttpErrorBody = { error: ERROR_CODES[status] ?? 'internal-error', message }
  return reply.code(status).send(body)
}

function isJsonContentType(header: string | undefined): boolean {
  const mediaType = header?.split(';')[0]?.trim().toLowerCase()
  return mediaType === 'application/json'
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Only `application/json` is parsed, with `JSON.parse` itself: fastify's other parsers (text)
 * would let a plain-text body through to the route, and every other type must be a 415.
 */
function registerJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(String(body)))
    } catch {
      done(httpError(400, 'The body is not valid JSON'), undefined)
    }
  })
}

function registerErrorHandlers(app: FastifyInstance, logger: Logger): void {
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      404,
      `ESP is served at POST ${ESP_PATH} (got ${request.method} ${request.url})`,
    ),
  )
  // Errors fastify raises before the route runs: body too large, unknown content type, bad JSON.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500
    if (status >= 500) {
      logger.error('esp http request failed', { url: request.url, error })
      return sendError(reply, 500, 'The ESP request could not be handled')
    }
    return sendError(reply, status, error.message)
  })
}

/** Registers `POST /esp` with its content-type parser, access check and error answers. */
export function registerEspHttp(app: FastifyInstance, options: EspHttpOptions): void {
  const { engine, logger, token, allowedOrigins, limiters } = options
  registerJsonParser(app)
  registerErrorHandlers(app, logger)
  // Before the body is read: an unauthorised caller never gets its megabyte parsed.
  app.addHook('onRequest', async (request, reply) => {
    const { authorization } = request.headers
    const refusal = checkCaller(
      {
        authorization,
        remoteAddress: request.socket.remoteAddress,
        origin: originOf(request.headers),
      },
      token,
      allowedOrigins,
    )
    if (refusal) return sendError(reply, refusal.status, refusal.message)
  })
  app.post(ESP_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isJsonContentType(request.headers['content-type'])) {
      return sendError(reply, 415, 'ESP requests are sent as Content-Type: application/json')
    }
    if (!isJsonObject(request.body)) {
      return sendError(reply, 400, 'The body must be a JSON object')
    }
    const address = request.socket.remoteAddress ?? 'unknown'
    const isOverLimit = !limiters.tryTake(address)
    const answer = await handleEspRequest(engine, request.body, {
      isOverLimit,
      logger,
      caller: `http ${address}`,
    })
    return reply.code(200).send(answer)
  })
}
