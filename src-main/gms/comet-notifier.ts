import { randomBytes } from 'node:crypto'
import type { ChatEngine } from '../engine/chat-engine'
import { chatObjectOf, customerSummary, type ChatObject } from './chat-object'
import type { GmsChat } from './gms-registry'

/** What a CometD client receives on `/_genesys` (docs/gms.md, "CometD"). */
export interface ChatNotification {
  message: ChatObject
  id: string
  tag: string
}

/**
 * Publishes the new customer-visible entries of a comet chat. Each notification starts where the
 * previous one ended, read with `readCustomerEntries`, so notifications and refresh agree on
 * positions, and a change the customer cannot see (INT, VIP) yields no entry and no notification.
 */
export class CometNotifier {
  constructor(
    private readonly engine: ChatEngine,
    private readonly publish: (gmsUser: string, notification: ChatNotification) => void,
  ) {}

  notify(chat: GmsChat): void {
    if (!chat.isComet || chat.gmsUser === undefined) return
    const summary = customerSummary(this.engine, chat)
    const page = this.engine.readCustomerEntries(chat.sessionId, chat.notifiedPosition)
    if (page.events.length === 0) return
    chat.notifiedPosition = page.nextPosition
    chat.notificationCount += 1
    this.publish(chat.gmsUser, {
      message: chatObjectOf(this.engine, chat, summary, page, false),
      id: randomBytes(8).toString('hex'),
      tag: `service.chat.refresh.${chat.notificationCount}-${chat.serviceId}`,
    })
  }
}
