import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import type { Logger } from '../engine/ports'
import {
  applyConnectionLimits,
  resolveConnectionLimits,
  type ConnectionLimits,
} from '../net/connection-limits'
import { BayeuxEndpoint } from './bayeux-endpoint'
import {
  answerPreflight,
  corsVerdict,
  originRefusalText,
  setCorsHeaders,
  type OriginPolicy,
} from './cors'
import { ChatCalls } from './chat-calls'
import { GmsChatLifecycle } from './chat-lifecycle'
import { MEMORY_ONLY_CUSTOMERS } from './customer-records'
import { parseJsonBody, parseUrlEncoded } from './form-input'
import { bodyTooLarge, GmsError, toHttpError } from './gms-errors'
import { resolveGmsOptions, type GmsListenerOptions, type ResolvedGmsOptions } from './gms-options'
import { registerGmsRoutes } from './gms-routes'
import { UserDataBudget } from './user-data-budget'
import { V2ChatService } from './v2/v2-chat-service'
import { V2CometdOperations } from './v2/v2-cometd'
import { toV2Error, V2_CODES, V2Error } from './v2/v2-errors'
import { isV2Path } from './v2/v2-paths'
import { chatIdOfPath, noSuchPath, registerV2Routes } from './v2/v2-routes'

export type { GmsListenerOptions, GmsServiceSettings } from './gms-options'

/** A running GMS listener: REST under `/genesys/1/...` and Bayeux at `/genesys/cometd`. */
export interface GmsListener {
  /** `http://host:port`. */
  readonly url: string
  readonly port: number
  readonly state: GmsListenerState
  /** Stops timers, answers held long polls, closes the server. Idempotent. */
  close(): Promise<void>
}

/** Where a started listener is in its life: `close()` moves it to `closing`, then `closed`. */
export type GmsListenerState = 'running' | 'closing' | 'closed'

/**
 * Starts the customer-facing GMS listener (docs/gms.md) on one HTTP server: fastify for REST, faye
 * (behind `BayeuxEndpoint`) for CometD. Throws a `TypeError` naming a bad option.
 */
export async function startGmsListener(
  options: GmsListenerOptions & { connections?: Partial<ConnectionLimits> },
): Promise<GmsListener> {
  const resolved = resolveGmsOptions(options)
  const { engine, logger } = options
  const { bayeux, lifecycle, v2, budget } = createDelivery(options, resolved)
  restoreCustomers(options, resolved, lifecycle, v2)
  const app = await buildApp(resolved, bayeux, logger)
  const calls = new ChatCalls(engine, lifecycle.registry, lifecycle, budget)
  registerGmsRoutes(app, { engine, options: resolved, lifecycle, calls, budget })
  registerV2Routes(app, { service: v2, maxBodyBytes: resolved.maxBodyBytes })
  const unsubscribe = engine.bus.subscribe('customer', (update) => {
    calls.onSessionUpdate(update)
    lifecycle.onSessionUpdate(update)
    v2.onSessionUpdate(update)
    if (update.state === 'closed') budget.releaseSession(update.sessionId)
  })
  const shutDown = async () => {
    unsubscribe()
    lifecycle.close()
    v2.close()
    bayeux.close()
    await app.close()
  }
  // docs/limits.md: stalled connections closed, connections capped; held long polls exempt.
  applyConnectionLimits(app.server, resolveConnectionLimits('gms', options.connections), logger)
  try {
    await app.listen({ host: resolved.host, port: resolved.port })
  } catch (error) {
    await shutDown()
    throw error
  }
  const { port } = app.server.address() as AddressInfo
  return runningListener(`http://${urlHost(resolved.host)}:${port}`, port, shutDown)
}

/** The Bayeux endpoint, the v1 chat lifecycle and the v2 chats, which need each other. */
function createDelivery(options: GmsListenerOptions, resolved: ResolvedGmsOptions) {
  const budget = new UserDataBudget(resolved.maxUserDataBytes)
  const bayeux: BayeuxEndpoint = new BayeuxEndpoint({
    maxBodyBytes: resolved.maxBodyBytes,
    longPollTimeoutSeconds: resolved.longPollTimeoutSeconds,
    onActivity: (gmsUser) => lifecycle.touchUser(gmsUser),
    onServicePublish: (publish) => v2Operations.handle(publish),
    onClientGone: (clientId) => v2.detach(clientId),
    logger: options.logger,
  })
  const v2 = new V2ChatService({
    engine: options.engine,
    clock: options.clock,
    services: resolved.services,
    flexDisconnectTimeoutMs: resolved.flexDisconnectTimeoutMs,
    push: (clientId, serviceName, data) => bayeux.sendToClient(clientId, serviceName, data),
    budget,
    logger: options.logger,
    customers: options.customers ?? MEMORY_ONLY_CUSTOMERS,
  })
  const v2Operations = new V2CometdOperations(
    v2,
    (clientId, serviceName, data) => bayeux.sendToClient(clientId, serviceName, data),
    options.logger,
  )
  const lifecycle: GmsChatLifecycle = new GmsChatLifecycle({
    engine: options.engine,
    clock: options.clock,
    flexDisconnectTimeoutMs: resolved.flexDisconnectTimeoutMs,
    hasOpenConnect: (gmsUser) => bayeux.hasOpenConnect(gmsUser),
    publish: (gmsUser, notification) => bayeux.publishTo(gmsUser, notification),
    budget,
    logger: options.logger,
    customers: options.customers ?? MEMORY_ONLY_CUSTOMERS,
  })
  return { bayeux, lifecycle, v2, budget }
}

/** The customers of before a restart answer again (docs/gms.md, "After a restart"). */
function restoreCustomers(
  options: GmsListenerOptions,
  resolved: ResolvedGmsOptions,
  lifecycle: GmsChatLifecycle,
  v2: V2ChatService,
): void {
  const services = lifecycle.restore(resolved.services, options.clock.now())
  const chats = v2.restore()
  if (services + chats > 0) {
    options.logger.info('restored GMS customers', { services, v2Chats: chats })
  }
}

function runningListener(url: string, port: number, shutDown: () => Promise<void>): GmsListener {
  let state: GmsListenerState = 'running'
  let closing: Promise<void> | undefined
  return {
    url,
    port,
    get state() {
      return state
    },
    close() {
      if (state === 'running') state = 'closing'
      closing ??= shutDown().finally(() => {
        state = 'closed'
      })
      return closing
    },
  }
}

/** Fastify with only the two form parsers, the no-cache headers and the one error mapping. */
async function buildApp(
  options: ResolvedGmsOptions,
  bayeux: BayeuxEndpoint,
  logger: Logger,
): Promise<FastifyInstance> {
  const app = fastify({
    logger: false,
    bodyLimit: options.maxBodyBytes,
    // A URL fastify cannot decode never reaches a route: answer it in the path's own shape.
    frameworkErrors: (error, request, reply) => {
      const plainReply = reply as FastifyReply
      if (isV2Path(request.url)) {
        return answerV2Error(noSuchPath(request.url), request.url, plainReply, logger)
      }
      const refusal = new GmsError(400, 'BadRequest', error.message)
      return plainReply.status(400).send({ message: refusal.message, exception: refusal.exception })
    },
    // CORS comes first, for every path; Bayeux requests never enter fastify: faye reads and
    // answers them itself. Every REST answer, errors included, is not to be cached: set here on
    // the raw response, which fastify's own headers join, because an `onSend` hook costs a
    // promise per request on the path customers poll.
    serverFactory: (handler) =>
      createServer((request, response) => {
        if (!passesCors(options.originPolicy, request, response)) return
        if (BayeuxEndpoint.isBayeuxRequest(request)) {
          bayeux.handle(request, response)
          return
        }
        response.setHeader('Cache-Control', 'no-cache, no-store')
        response.setHeader('Pragma', 'no-cache')
        handler(request, response)
      }),
  })
  // Forms and JSON only: other bodies get 415 instead of being parsed. JSON stays unread into
  // fields until the route knows whether it takes JSON (`readForm`).
  app.removeAllContentTypeParsers()
  await app.register(formbody, { bodyLimit: options.maxBodyBytes, parser: parseUrlEncoded })
  await app.register(multipart)
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: options.maxBodyBytes },
    (_request, text, done) => {
      try {
        done(null, parseJsonBody(String(text)))
      } catch (error) {
        done(error as Error, undefined)
      }
    },
  )
  // A callback hook, not an async one: it runs on every poll, and needs no promise.
  app.addHook('onRequest', (request, _reply, done) => {
    // Multipart bodies are streamed past fastify's bodyLimit: refuse a declared excess up front.
    if (Number(request.headers['content-length'] ?? 0) > options.maxBodyBytes) {
      done(bodyTooLarge(options.maxBodyBytes))
      return
    }
    // An empty body is accepted whatever its content type (docs/gms.md): there is nothing to parse.
    if (isEmptyBody(request.headers)) delete request.headers['content-type']
    done()
  })
  app.setErrorHandler((error, request, reply) => {
    if (isV2Path(request.url)) return answerV2Error(error, request.url, reply, logger)
    const { status, body, isUnexpected } = toHttpError(error, request.headers['content-type'])
    if (isUnexpected) logger.error('GMS request failed', { url: request.url, error })
    if (status === 413) reply.header('Connection', 'close')
    return reply.status(status).send(body)
  })
  app.setNotFoundHandler((request, reply) => {
    if (isV2Path(request.url))
      return answerV2Error(noSuchPath(request.url), request.url, reply, logger)
    const error = new GmsError(404, 'NotFound', `No GMS resource ${request.method} ${request.url}`)
    return reply.status(404).send({ message: error.message, exception: error.exception })
  })
  return app
}

/** A v2 refusal in the v2 shape (docs/gms.md, "v2 errors"); a server fault is logged, 500. */
function answerV2Error(error: unknown, url: string, reply: FastifyReply, logger: Logger) {
  const refusal = toV2Error(error)
  if (!refusal) {
    logger.error('GMS v2 request failed', { url, error })
    return reply.status(500).send({
      statusCode: 2,
      chatId: chatIdOfPath(url),
      errors: [{ code: V2_CODES.noSuchPath, advice: 'Internal server error' }],
    })
  }
  if (refusal.httpStatus === 413) reply.header('Connection', 'close')
  return reply.status(refusal.httpStatus).send(refusal.body(chatIdOfPath(url)))
}

/**
 * Answers preflights and refuses other origins (403, nothing done); an allowed origin's answer
 * gets the CORS headers. False when the request has been answered here.
 */
function passesCors(
  policy: OriginPolicy,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  const verdict = corsVerdict(policy, request)
  switch (verdict.kind) {
    case 'no-origin':
      return true
    case 'allowed':
      setCorsHeaders(response, verdict.origin)
      return true
    case 'preflight':
      answerPreflight(response, verdict.origin)
      return false
    case 'refused':
      refuseOrigin(request, response, verdict.origin)
      return false
  }
}

/** 403 in the shape of the path's API version (v2: code 107; v1 and Bayeux: `OriginNotAllowed`). */
function refuseOrigin(request: IncomingMessage, response: ServerResponse, origin: string): void {
  const text = originRefusalText(origin)
  const body = isV2Path(request.url ?? '')
    ? new V2Error(V2_CODES.originNotAllowed, text).body('')
    : { message: text, exception: 'OriginNotAllowed' }
  response.writeHead(403, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-cache, no-store',
    Pragma: 'no-cache',
  })
  response.end(JSON.stringify(body))
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

function isEmptyBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length']
  return headers['transfer-encoding'] === undefined && (length === undefined || length === '0')
}
