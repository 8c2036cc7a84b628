import { REASON_CODES } from '../../src-shared/domain'
import type { ChatEngine } from '../engine/chat-engine'
import type { SessionUpdate } from '../engine/engine-bus'
import type { Clock, Logger } from '../engine/ports'
import type { ChatLifecycle } from './chat-calls'
import { CometNotifier, type ChatNotification } from './comet-notifier'
import { GmsRegistry, type GmsChat, type GmsService } from './gms-registry'
import { ProtocolInactivityWatch } from './protocol-inactivity'
import { isGoneError } from './customer-rules'
import type { UserDataBudget } from './user-data-budget'

export interface ChatLifecycleOptions {
  engine: ChatEngine
  clock: Clock
  flexDisconnectTimeoutMs: number
  /** True while a long poll of `gmsUser`'s client is held. */
  hasOpenConnect(gmsUser: string): boolean
  publish(gmsUser: string, notification: ChatNotification): void
  budget: UserDataBudget
  logger: Logger
}

/**
 * Everything that happens to GMS chats outside a request: service TTL expiry, protocol
 * inactivity (flex disconnect), and CometD notifications of committed changes.
 */
export class GmsChatLifecycle implements ChatLifecycle {
  readonly registry: GmsRegistry
  private readonly watch: ProtocolInactivityWatch<GmsChat>
  private readonly notifier: CometNotifier
  private readonly engine: ChatEngine
  private readonly logger: Logger
  private readonly budget: UserDataBudget

  constructor(options: ChatLifecycleOptions) {
    this.engine = options.engine
    this.logger = options.logger
    this.budget = options.budget
    this.registry = new GmsRegistry(options.clock, (service) => this.onServiceExpired(service))
    this.watch = new ProtocolInactivityWatch(
      options.clock,
      options.flexDisconnectTimeoutMs,
      (chat) => chat.gmsUser !== undefined && options.hasOpenConnect(chat.gmsUser),
      (chat) => this.onInactive(chat),
    )
    this.notifier = new CometNotifier(options.engine, options.publish)
  }

  onChatStarted(service: GmsService, chat: GmsChat): void {
    this.watch.watch(chat)
    // Events committed before the chat was registered (the customer's join) go out now.
    this.notifier.notify(chat)
    if (!this.registry.hasService(service.serviceId)) this.onServiceExpired(service)
  }

  onCustomerLeft(chat: GmsChat): void {
    this.watch.unwatch(chat)
  }

  /** A request of this service's client, or of any client sending this `gms_user`. */
  touch(service: GmsService | undefined, gmsUser: string | undefined): void {
    if (service?.chat) this.watch.touch(service.chat)
    if (gmsUser !== undefined) this.touchUser(gmsUser)
  }

  touchUser(gmsUser: string): void {
    for (const chat of this.registry.chatsOfUser(gmsUser)) this.watch.touch(chat)
  }

  /** Listener of `engine.bus` for the customer role: only customer-visible changes arrive. */
  onSessionUpdate(update: SessionUpdate): void {
    const chat = this.registry.chatOfSession(update.sessionId)
    if (!chat) return
    this.notifier.notify(chat)
    const isCustomerGone =
      update.state === 'closed' ||
      update.events.some(
        (event) => event.type === 'party-left' && event.partyId === chat.customerPartyId,
      )
    if (!isCustomerGone) return
    this.watch.unwatch(chat)
    if (!this.registry.hasService(chat.serviceId)) this.registry.forgetChat(chat)
  }

  close(): void {
    this.watch.close()
    this.registry.close()
  }

  /** TTL over: the service is gone (404), and a chat still queued closes with code 5. */
  private onServiceExpired(service: GmsService): void {
    const chat = service.chat
    this.budget.release(service.heldBytes)
    service.heldBytes = 0
    if (!chat) return
    if (!this.watch.isWatching(chat)) this.registry.forgetChat(chat)
    if (this.engine.getSession(chat.sessionId, 'customer')?.state !== 'queued') return
    this.engine
      .expireQueued(chat.sessionId)
      .catch((error: unknown) => this.logFailure('TTL expiry', chat, error))
  }

  private onInactive(chat: GmsChat): void {
    this.engine
      .leave(chat.sessionId, chat.customerPartyId, REASON_CODES.protocolInactivity)
      .catch((error: unknown) => this.logFailure('flex disconnect', chat, error))
  }

  /** A chat that closed in the meantime is no failure: there was nobody left to remove. */
  private logFailure(what: string, chat: GmsChat, error: unknown): void {
    if (isGoneError(error)) return
    this.logger.error(`GMS ${what} failed`, { sessionId: chat.sessionId, error })
  }
}
