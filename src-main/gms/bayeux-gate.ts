import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { BayeuxMessage, ServerExtension } from 'faye'
import { GMS_USER_HEADER, gmsUserOf } from './gms-user'

/** The channel a v1 GMS client subscribes to (docs/gms.md, "CometD"). */
export const GENESYS_CHANNEL = '/_genesys'

/** The v2 service channels (docs/gms.md section 8): `/service/chatV2/{serviceName}`. */
export const CHAT_V2_PREFIX = '/service/chatV2/'

/** Where faye queues the v2 data messages of one client: never a channel a client may name. */
const V2_DELIVERY_PREFIX = '/_v2'

/** Transports served: long polling only (a WebSocket cannot carry the `gms_user` header). */
const SUPPORTED_CONNECTION_TYPES = ['long-polling', 'callback-polling']

/** Bayeux error strings are `code:args:text` (faye `protocol/error.js`, CometD's codes). */
const MISSING_USER_ERROR = `402:${GMS_USER_HEADER}:${GMS_USER_HEADER} header required for ${GENESYS_CHANNEL}`

/** A publish on a v2 service channel, handed over once faye has accepted it. */
export interface ServicePublish {
  clientId: string
  serviceName: string
  data: Record<string, unknown>
}

/**
 * The channel only `gmsUser`'s clients are subscribed to. faye delivers by channel, so each
 * customer gets a private channel; clients keep seeing `/_genesys` because subscriptions are
 * rewritten on the way in and channels on the way out. The hash keeps any opaque id a valid
 * channel segment and unguessable from another customer's id.
 */
export function userChannel(gmsUser: string): string {
  return `${GENESYS_CHANNEL}/${createHash('sha256').update(gmsUser).digest('hex')}`
}

/**
 * The private channel that carries v2 data messages of `serviceName` to one Bayeux client. It is
 * shown to the client as `/service/chatV2/{serviceName}` (the service name travels as hex, as
 * channel segments allow fewer characters than service names).
 */
export function v2DeliveryChannel(clientId: string, serviceName: string): string {
  return `${V2_DELIVERY_PREFIX}/${clientId}/${Buffer.from(serviceName).toString('hex')}`
}

export interface BayeuxGateOptions {
  /** Called for every Bayeux message that carries a `gms_user` (protocol activity). */
  onActivity(gmsUser: string): void
  /** Longest `/meta/connect` hold a client may ask for, in ms. */
  maxConnectTimeoutMs: number
  /** A publish on `/service/chatV2/...` by a known client (docs/gms.md section 8). */
  onServicePublish?(publish: ServicePublish): void
}

/**
 * The faye extension that enforces the GMS rules on every Bayeux message: `/_genesys` only with
 * a `gms_user` and delivery of v1 notifications to that customer only; v2 service channels whose
 * publishes are operations answered to the publisher alone; no other subscription or publish;
 * and the first `/meta/connect` of a client answered at once (docs/gms.md, docs/gms.md section 8).
 */
export class BayeuxGate implements ServerExtension {
  private readonly userOfClient = new Map<string, string>()
  private readonly openConnects = new Map<string, number>()
  private readonly knownClients = new Set<string>()
  private readonly connectedClients = new Set<string>()

  constructor(private readonly options: BayeuxGateOptions) {}

  /** True while a `/meta/connect` of one of `gmsUser`'s clients is held open. */
  hasOpenConnect(gmsUser: string): boolean {
    return (this.openConnects.get(gmsUser) ?? 0) > 0
  }

  /** True for a client that handshook and has not gone away. */
  isKnownClient(clientId: string): boolean {
    return this.knownClients.has(clientId)
  }

  forgetClient(clientId: string): void {
    this.userOfClient.delete(clientId)
    this.knownClients.delete(clientId)
    this.connectedClients.delete(clientId)
  }

  // faye passes the request only to functions declaring three parameters (`extensible.js`).
  incoming(message: unknown, request: IncomingMessage | null, callback: (m: unknown) => void) {
    // The in-process publisher (request null) is trusted; faye itself refuses non-objects.
    if (request === null || !isRecord(message)) return callback(message)
    const gmsUser = gmsUserOf(request.headers)
    if (gmsUser !== undefined) this.options.onActivity(gmsUser)
    if (message.channel === '/meta/connect') this.beginConnect(message, gmsUser)
    const refusal = this.refusalOf(message, gmsUser)
    if (refusal !== undefined) {
      message.error = refusal
      return callback(message)
    }
    this.bindUser(message, gmsUser)
    this.rewriteIncoming(message, gmsUser)
    callback(message)
    this.handOver(message)
  }

  outgoing(
    message: BayeuxMessage,
    request: IncomingMessage | null,
    callback: (m: BayeuxMessage | null) => void,
  ) {
    if (request === null) return callback(message)
    const gmsUser = gmsUserOf(request.headers)
    switch (message.channel) {
      case '/meta/handshake':
        this.answerHandshake(message, gmsUser)
        break
      case '/meta/connect':
        this.endConnect(gmsUser)
        break
      case '/meta/subscribe':
      case '/meta/unsubscribe':
        message.subscription = shownSubscription(message.subscription, gmsUser)
        break
      default:
        return callback(this.deliverable(message, gmsUser))
    }
    callback(message)
  }

  private refusalOf(message: Record<string, unknown>, gmsUser: string | undefined) {
    const { channel, clientId } = message
    if (channel === '/meta/handshake') return undefined
    const boundUser = typeof clientId === 'string' ? this.userOfClient.get(clientId) : undefined
    // A client bound to a customer is that customer's only: another header, or none, would
    // swallow its notifications.
    if (boundUser !== undefined && boundUser !== gmsUser) {
      return `401:${bayeuxArg(clientId)}:${GMS_USER_HEADER} differs from the handshake`
    }
    if (typeof channel !== 'string') return `400::channel missing`
    if (channel.startsWith(CHAT_V2_PREFIX)) return this.publishRefusal(message, channel)
    if (!channel.startsWith('/meta/')) return `403:${bayeuxArg(channel)}:Clients may not publish`
    if (channel !== '/meta/subscribe' && channel !== '/meta/unsubscribe') return undefined
    const subscriptions: unknown[] = Array.isArray(message.subscription)
      ? message.subscription
      : [message.subscription]
    if (message.subscription === undefined) return undefined
    for (const name of subscriptions) {
      if (name === GENESYS_CHANNEL && gmsUser === undefined) return MISSING_USER_ERROR
      if (name !== GENESYS_CHANNEL && serviceNameOf(name) === undefined) {
        return `403:${bayeuxArg(name)}:channel not allowed`
      }
    }
    return undefined
  }

  private publishRefusal(message: Record<string, unknown>, channel: string) {
    if (serviceNameOf(channel) === undefined) return `403:${bayeuxArg(channel)}:channel not allowed`
    const clientId = message.clientId
    if (typeof clientId !== 'string' || !this.knownClients.has(clientId)) {
      return `401:${bayeuxArg(clientId)}:unknown client`
    }
    if (!isRecord(message.data)) return `400:${bayeuxArg(channel)}:data must be an object`
    return undefined
  }

  /** A client is bound to the first `gms_user` it sends: another one is refused later. */
  private bindUser(message: Record<string, unknown>, gmsUser: string | undefined): void {
    const clientId = message.clientId
    if (gmsUser === undefined || typeof clientId !== 'string') return
    if (!this.userOfClient.has(clientId)) this.userOfClient.set(clientId, gmsUser)
  }

  private rewriteIncoming(message: Record<string, unknown>, gmsUser: string | undefined): void {
    if (message.channel === '/meta/subscribe' || message.channel === '/meta/unsubscribe') {
      const clientId = typeof message.clientId === 'string' ? message.clientId : ''
      if (message.subscription !== undefined) {
        message.subscription = privateSubscription(message.subscription, gmsUser, clientId)
      }
    }
  }

  /** v2 operations go to their handler once faye has accepted the publish. */
  private handOver(message: Record<string, unknown>): void {
    const { channel, clientId, data } = message
    if (typeof channel !== 'string' || typeof clientId !== 'string' || !isRecord(data)) return
    const serviceName = serviceNameOf(channel)
    if (serviceName === undefined) return
    this.options.onServicePublish?.({ clientId, serviceName, data })
  }

  /**
   * Counts the held long poll. The first connect of a client is answered at once, whatever its
   * advice: the Java BayeuxClient sends none and waits for "connected" before anything else.
   */
  private beginConnect(message: Record<string, unknown>, gmsUser: string | undefined): void {
    const clientId = typeof message.clientId === 'string' ? message.clientId : undefined
    if (gmsUser !== undefined) count(this.openConnects, gmsUser, 1)
    if (clientId !== undefined && !this.connectedClients.has(clientId)) {
      if (this.knownClients.has(clientId)) this.connectedClients.add(clientId)
      message.advice = { ...(isRecord(message.advice) ? message.advice : {}), timeout: 0 }
      return
    }
    if (isRecord(message.advice)) {
      // faye holds a connect for the advice's timeout: a client must not pick one past ours.
      const timeout = message.advice.timeout
      const isSane = typeof timeout === 'number' && timeout >= 0
      if (!isSane || timeout > this.options.maxConnectTimeoutMs) delete message.advice.timeout
    }
  }

  private answerHandshake(message: BayeuxMessage, gmsUser: string | undefined): void {
    message.supportedConnectionTypes = SUPPORTED_CONNECTION_TYPES
    if (message.successful !== true || !message.clientId) return
    this.knownClients.add(message.clientId)
    if (gmsUser !== undefined) this.userOfClient.set(message.clientId, gmsUser)
  }

  private endConnect(gmsUser: string | undefined): void {
    if (gmsUser === undefined) return
    count(this.openConnects, gmsUser, -1)
    // The long poll lasted until now: the client was there all along.
    this.options.onActivity(gmsUser)
  }

  /**
   * A delivered message: a v1 notification on its owner's channel, shown as `/_genesys`; a v2
   * data message on its client's private channel, shown as its service channel; else dropped.
   */
  private deliverable(message: BayeuxMessage, gmsUser: string | undefined): BayeuxMessage | null {
    const channel = message.channel
    if (typeof channel !== 'string') return message
    if (channel.startsWith(`${V2_DELIVERY_PREFIX}/`)) {
      const serviceHex = channel.split('/')[3] ?? ''
      const serviceName = Buffer.from(serviceHex, 'hex').toString()
      return { ...message, channel: `${CHAT_V2_PREFIX}${serviceName}` }
    }
    if (!channel.startsWith(`${GENESYS_CHANNEL}/`)) return message
    if (gmsUser === undefined || channel !== userChannel(gmsUser)) return null
    return { ...message, channel: GENESYS_CHANNEL }
  }
}

/** `{serviceName}` of `/service/chatV2/{serviceName}`; undefined for any other name. */
export function serviceNameOf(channel: unknown): string | undefined {
  if (typeof channel !== 'string' || !channel.startsWith(CHAT_V2_PREFIX)) return undefined
  const name = channel.slice(CHAT_V2_PREFIX.length)
  return /^[A-Za-z0-9._~-]+$/.test(name) ? name : undefined
}

/** The channels a subscription names, as faye will keep them. */
function privateSubscription(
  subscription: unknown,
  gmsUser: string | undefined,
  clientId: string,
): unknown {
  const rewrite = (name: unknown) => {
    if (name === GENESYS_CHANNEL && gmsUser !== undefined) return userChannel(gmsUser)
    const serviceName = serviceNameOf(name)
    return serviceName === undefined ? name : v2DeliveryChannel(clientId, serviceName)
  }
  return Array.isArray(subscription) ? subscription.map(rewrite) : rewrite(subscription)
}

/** The subscription as the client named it. */
function shownSubscription(
  subscription: string | string[] | undefined,
  gmsUser: string | undefined,
): string | string[] | undefined {
  const rewrite = (name: string) => {
    if (gmsUser !== undefined && name === userChannel(gmsUser)) return GENESYS_CHANNEL
    if (name.startsWith(`${V2_DELIVERY_PREFIX}/`)) {
      const serviceName = Buffer.from(name.split('/')[3] ?? '', 'hex').toString()
      return `${CHAT_V2_PREFIX}${serviceName}`
    }
    return name
  }
  if (subscription === undefined) return undefined
  return Array.isArray(subscription) ? subscription.map(rewrite) : rewrite(subscription)
}

function count(counts: Map<string, number>, key: string, delta: 1 | -1): void {
  const value = Math.max(0, (counts.get(key) ?? 0) + delta)
  if (value === 0) counts.delete(key)
  else counts.set(key, value)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A value as an error argument: the Bayeux error grammar allows no colon or comma in it. */
function bayeuxArg(value: unknown): string {
  return typeof value === 'string' ? value.replace(/[^\w\-!~()$@ /*.]/g, '').slice(0, 100) : ''
}
