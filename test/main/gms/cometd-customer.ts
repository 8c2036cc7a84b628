/**
 * The real CometD JavaScript client (`cometd` + `cometd-nodejs-client`) as a GMS customer's
 * browser would use it, with the `gms_user` header on every request (`requestHeaders`, which
 * the long-polling transport sets on each XMLHttpRequest). WebSocket is off as in Genesys' GMS
 * samples: a WebSocket cannot carry the header, and the server offers long polling only.
 */
import { CometD, type Message } from 'cometd'
import { adapt } from 'cometd-nodejs-client'
import type { ChatAnswer } from './gms-test-kit'

adapt()

/** What arrives on `/_genesys` (docs/gms.md, "CometD"). */
export interface ChatNotification {
  message: ChatAnswer
  id: string
  tag: string
}

const customers = new Set<CometdCustomer>()

/** Disconnects every client a test made, so none keeps polling a closed server. */
export async function disconnectAllCustomers(): Promise<void> {
  await Promise.all([...customers].map((customer) => customer.disconnect()))
}

export class CometdCustomer {
  readonly cometd = new CometD()
  readonly notifications: ChatNotification[] = []
  private waiters: (() => void)[] = []

  constructor(gmsUrl: string, gmsUser?: string, options: { isWebSocketEnabled?: boolean } = {}) {
    this.cometd.websocketEnabled = options.isWebSocketEnabled === true
    this.cometd.configure({
      url: `${gmsUrl}/genesys/cometd`,
      logLevel: 'warn',
      requestHeaders: gmsUser === undefined ? {} : { gms_user: gmsUser },
    })
    customers.add(this)
  }

  handshake(): Promise<Message> {
    return new Promise((resolve) => this.cometd.handshake(resolve))
  }

  /** Resolves with the first successful `/meta/handshake`, whatever failed before it. */
  handshakeEventually(): Promise<Message> {
    return new Promise((resolve) => {
      this.cometd.addListener('/meta/handshake', (message) => {
        if (message.successful) resolve(message)
      })
      this.cometd.handshake()
    })
  }

  /** Subscribes to `/_genesys` and collects what arrives. */
  subscribe(): Promise<Message> {
    return new Promise((resolve) => {
      this.cometd.subscribe(
        '/_genesys',
        (message) => {
          this.notifications.push(message.data as ChatNotification)
          for (const wake of this.waiters.splice(0)) wake()
        },
        resolve,
      )
    })
  }

  /** Resolves once `count` notifications have arrived in all. */
  async waitForNotifications(count: number): Promise<ChatNotification[]> {
    while (this.notifications.length < count) {
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
    return this.notifications.slice(0, count)
  }

  disconnect(): Promise<void> {
    customers.delete(this)
    if (this.cometd.isDisconnected()) return Promise.resolve()
    return new Promise((resolve) => this.cometd.disconnect(() => resolve()))
  }
}
