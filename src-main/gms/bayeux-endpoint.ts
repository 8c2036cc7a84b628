import type { IncomingMessage, ServerResponse } from 'node:http'
import faye from 'faye'
import type { Logger } from '../engine/ports'
import { BayeuxGate, userChannel, v2DeliveryChannel, type ServicePublish } from './bayeux-gate'
import { bodyTooLarge, GmsError, type GmsErrorBody } from './gms-errors'

/** Where the Bayeux endpoint is mounted (docs/gms.md, "CometD"). */
export const BAYEUX_PATH = '/genesys/cometd'

/** `/genesys/cometd`, or with the message type the CometD client appends (`/handshake`...). */
const BAYEUX_PATHNAME = /^\/genesys\/cometd(?:\/[A-Za-z]+)?\/?$/

export interface BayeuxEndpointOptions {
  maxBodyBytes: number
  longPollTimeoutSeconds: number
  /** Every Bayeux request carrying a `gms_user` is activity of that customer. */
  onActivity(gmsUser: string): void
  /** An operation published on a v2 service channel (docs/gms.md section 8). */
  onServicePublish?(publish: ServicePublish): void
  /** A Bayeux client is gone (`/meta/disconnect` or its session expired). */
  onClientGone?(clientId: string): void
  logger: Logger
}

/**
 * Bayeux 1.0 long polling on faye's `NodeAdapter`, behind a gate (`BayeuxGate`) that enforces
 * `gms_user` and scopes delivery per customer. faye meets the spec with two additions made here:
 * a body size limit (faye reads bodies without one) and no WebSocket or EventSource upgrade.
 */
export class BayeuxEndpoint {
  private readonly adapter: faye.NodeAdapter
  private readonly gate: BayeuxGate
  private publisher: faye.Client | undefined
  private isClosed = false

  constructor(private readonly options: BayeuxEndpointOptions) {
    this.adapter = new faye.NodeAdapter({
      mount: BAYEUX_PATH,
      timeout: options.longPollTimeoutSeconds,
    })
    this.gate = new BayeuxGate({
      onActivity: options.onActivity,
      maxConnectTimeoutMs: options.longPollTimeoutSeconds * 1000,
      ...(options.onServicePublish ? { onServicePublish: options.onServicePublish } : {}),
    })
    this.adapter.addExtension(this.gate)
    this.adapter.on('disconnect', (clientId) => {
      this.gate.forgetClient(clientId)
      options.onClientGone?.(clientId)
    })
  }

  /** True for requests this endpoint serves rather than the REST routes. */
  static isBayeuxRequest(request: IncomingMessage): boolean {
    const pathname = (request.url ?? '').split('?')[0] ?? ''
    return BAYEUX_PATHNAME.test(pathname)
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    response.setHeader('Cache-Control', 'no-cache, no-store')
    response.setHeader('Pragma', 'no-cache')
    const refusal = this.refusalOf(request)
    if (refusal) return refuse(response, refusal)
    this.limitBody(request, response)
    this.adapter.handle(request, response)
  }

  /** True while one of `gmsUser`'s clients holds a long poll. */
  hasOpenConnect(gmsUser: string): boolean {
    return this.gate.hasOpenConnect(gmsUser)
  }

  /** Publishes `data` to the `/_genesys` subscriptions of `gmsUser`'s clients only. */
  publishTo(gmsUser: string, data: unknown): void {
    if (this.isClosed) return
    this.publisher ??= this.adapter.getClient()
    this.publisher
      .publish(userChannel(gmsUser), data)
      .then(undefined, (error) => this.options.logger.error('CometD publish failed', { error }))
  }

  /**
   * Sends a v2 data message to one Bayeux client on `/service/chatV2/{serviceName}`, whether it
   * subscribed or not (Widgets only listen): the client is subscribed server-side to its own
   * private channel, which the gate shows as the service channel.
   */
  sendToClient(clientId: string, serviceName: string, data: unknown): void {
    // A client gone meanwhile gets nothing: faye would keep a queue for it for ever.
    if (this.isClosed || !this.gate.isKnownClient(clientId)) return
    const channel = v2DeliveryChannel(clientId, serviceName)
    this.adapter._server._engine.subscribe(clientId, channel)
    this.publisher ??= this.adapter.getClient()
    this.publisher
      .publish(channel, data)
      .then(undefined, (error) => this.options.logger.error('CometD send failed', { error }))
  }

  /** Answers every held long poll and forgets every client. Idempotent. */
  close(): void {
    if (this.isClosed) return
    this.isClosed = true
    this.publisher?.disconnect()
    this.adapter.close()
  }

  private refusalOf(request: IncomingMessage): GmsError | undefined {
    if (this.isClosed) return new GmsError(503, 'ServiceUnavailable', 'The server is closing')
    const length = Number(request.headers['content-length'] ?? 0)
    if (length > this.options.maxBodyBytes) return bodyTooLarge(this.options.maxBodyBytes)
    const isEventStream = (request.headers.accept ?? '').includes('text/event-stream')
    const isKnownMethod = ['GET', 'POST', 'OPTIONS'].includes(request.method ?? '')
    if (isEventStream || !isKnownMethod) {
      return new GmsError(400, 'BadRequest', 'Use Bayeux long polling (POST application/json)')
    }
    return undefined
  }

  /** Chunked bodies have no length up front: count them and stop faye from seeing the end. */
  private limitBody(request: IncomingMessage, response: ServerResponse): void {
    let received = 0
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received <= this.options.maxBodyBytes) return
      request.removeAllListeners('data')
      request.removeAllListeners('end')
      request.resume()
      refuse(response, bodyTooLarge(this.options.maxBodyBytes))
    }
    request.on('data', onData)
  }
}

function refuse(response: ServerResponse, error: GmsError): void {
  if (response.headersSent) return
  const body: GmsErrorBody = { message: error.message, exception: error.exception }
  response.writeHead(error.status, {
    'Content-Type': 'application/json; charset=utf-8',
    // The rest of an oversized body is not worth reading: close once answered.
    ...(error.status === 413 ? { Connection: 'close' } : {}),
  })
  response.end(JSON.stringify(body))
}
