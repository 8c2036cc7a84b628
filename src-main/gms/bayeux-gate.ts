import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { BayeuxMessage, ServerExtension } from 'faye'
import { GMS_USER_HEADER, gmsUserOf } from './gms-user'

/** The one channel a GMS client subscribes to (gms.md, "CometD"). */
export const GENESYS_CHANNEL = '/_genesys'

/** Transports served: no WebSocket (it cannot carry the `gms_user` header) and no EventSource. */
const SUPPORTED_CONNECTION_TYPES = ['long-polling', 'callback-polling']

/** Bayeux error strings are `code:args:text` (faye `protocol/error.js`, CometD's codes). */
const MISSING_USER_ERROR = `402:${GMS_USER_HEADER}:Missing required header ${GMS_USER_HEADER}`

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
 * The faye extension that enforces the GMS rules on every Bayeux message: the `gms_user` header
 * on every request, a client bound to the `gms_user` of its handshake, `/_genesys` as the only
 * subscription, no client publishing, and delivery to the addressed customer only.
 */
export class BayeuxGate implements ServerExtension {
  private readonly userOfClient = new Map<string, string>()
  private readonly openConnects = new Map<string, number>()

  constructor(
    /** Called for every Bayeux message that carries a `gms_user` (protocol activity). */
    private readonly onActivity: (gmsUser: string) => void,
    /** Longest `/meta/connect` hold a client may ask for, in ms. */
    private readonly maxConnectTimeoutMs: number,
  ) {}

  /** True while a `/meta/connect` of one of `gmsUser`'s clients is held open. */
  hasOpenConnect(gmsUser: string): boolean {
    return (this.openConnects.get(gmsUser) ?? 0) > 0
  }

  forgetClient(clientId: string): void {
    this.userOfClient.delete(clientId)
  }

  // faye passes the request only to functions declaring three parameters (`extensible.js`).
  incoming(message: unknown, request: IncomingMessage | null, callback: (m: unknown) => void) {
    // The in-process publisher (request null) is trusted; faye itself refuses non-objects.
    if (request === null || !isRecord(message)) return callback(message)
    const gmsUser = gmsUserOf(request.headers)
    if (gmsUser === undefined) {
      message.error = MISSING_USER_ERROR
      return callback(message)
    }
    this.onActivity(gmsUser)
    if (message.channel === '/meta/connect') this.countConnect(gmsUser, 1)
    const refusal = this.refusalOf(message, gmsUser)
    if (refusal !== undefined) message.error = refusal
    else this.rewriteIncoming(message, gmsUser)
    callback(message)
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
        if (gmsUser !== undefined) this.endConnect(gmsUser)
        break
      case '/meta/subscribe':
      case '/meta/unsubscribe':
        if (gmsUser !== undefined && message.subscription === userChannel(gmsUser)) {
          message.subscription = GENESYS_CHANNEL
        }
        break
      default:
        return callback(this.deliverable(message, gmsUser))
    }
    callback(message)
  }

  private refusalOf(message: Record<string, unknown>, gmsUser: string): string | undefined {
    const { channel, clientId } = message
    if (channel === '/meta/handshake') return undefined
    if (typeof channel !== 'string' || !channel.startsWith('/meta/')) {
      return `403:${bayeuxArg(channel)}:Clients may not publish`
    }
    const boundUser = typeof clientId === 'string' ? this.userOfClient.get(clientId) : undefined
    if (boundUser !== undefined && boundUser !== gmsUser) {
      return `401:${bayeuxArg(clientId)}:${GMS_USER_HEADER} differs from the handshake`
    }
    if (channel !== '/meta/subscribe' && channel !== '/meta/unsubscribe') return undefined
    const subscriptions: unknown[] = Array.isArray(message.subscription)
      ? message.subscription
      : [message.subscription]
    const forbidden = subscriptions.find((name) => name !== GENESYS_CHANNEL)
    if (message.subscription === undefined || forbidden === undefined) return undefined
    return `403:${bayeuxArg(forbidden)}:Only ${GENESYS_CHANNEL} may be subscribed`
  }

  private rewriteIncoming(message: Record<string, unknown>, gmsUser: string): void {
    if (message.channel === '/meta/subscribe' || message.channel === '/meta/unsubscribe') {
      if (message.subscription !== undefined) message.subscription = userChannel(gmsUser)
    }
    if (message.channel === '/meta/connect' && isRecord(message.advice)) {
      // faye holds a connect for the advice's timeout: a client must not pick one past ours.
      const timeout = message.advice.timeout
      const isSane = typeof timeout === 'number' && timeout >= 0
      if (!isSane || timeout > this.maxConnectTimeoutMs) delete message.advice.timeout
    }
  }

  private answerHandshake(message: BayeuxMessage, gmsUser: string | undefined): void {
    message.supportedConnectionTypes = SUPPORTED_CONNECTION_TYPES
    if (message.successful === true && gmsUser !== undefined && message.clientId) {
      this.userOfClient.set(message.clientId, gmsUser)
      return
    }
    // A refused handshake fails again the same way: tell the client not to retry.
    message.advice = { reconnect: 'none' }
  }

  private endConnect(gmsUser: string): void {
    this.countConnect(gmsUser, -1)
    // The long poll lasted until now: the client was there all along.
    this.onActivity(gmsUser)
  }

  /** A delivered notification: on its owner's channel, shown as `/_genesys`, or dropped. */
  private deliverable(message: BayeuxMessage, gmsUser: string | undefined): BayeuxMessage | null {
    const channel = message.channel
    if (typeof channel !== 'string' || !channel.startsWith(`${GENESYS_CHANNEL}/`)) return message
    if (gmsUser === undefined || channel !== userChannel(gmsUser)) return null
    return { ...message, channel: GENESYS_CHANNEL }
  }

  private countConnect(gmsUser: string, delta: 1 | -1): void {
    const count = Math.max(0, (this.openConnects.get(gmsUser) ?? 0) + delta)
    if (count === 0) this.openConnects.delete(gmsUser)
    else this.openConnects.set(gmsUser, count)
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A value as an error argument: the Bayeux error grammar allows no colon or comma in it. */
function bayeuxArg(value: unknown): string {
  return typeof value === 'string' ? value.replace(/[^\w\-!~()$@ /*.]/g, '').slice(0, 100) : ''
}
