import { REASON_CODES } from '../../src-shared/domain'
import type { ChatEngine } from '../engine/chat-engine'
import type { SessionUpdate } from '../engine/engine-bus'
import { toEngineFault } from '../engine/engine-error'
import type { Clock, Logger } from '../engine/ports'
import type { ChatLifecycle } from './chat-calls'
import { CometNotifier, type ChatNotification } from './comet-notifier'
import { type GmsCustomerStore, type StoredV1Chat, type StoredV1Service } from './customer-records'
import type { ResolvedService } from './gms-options'
import { GmsRegistry, type GmsChat, type GmsService } from './gms-registry'
import { ProtocolInactivityWatch } from './protocol-inactivity'
import { customerSummary, isCustomerIn } from './chat-object'
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
  /** Where services and chats are kept across a restart. */
  customers: GmsCustomerStore
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
  private readonly customers: GmsCustomerStore

  constructor(options: ChatLifecycleOptions) {
    this.customers = options.customers
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

  /** A new service, stored before it is answered: a failed write creates nothing. */
  async createService(
    settings: ResolvedService,
    ttlSeconds: number,
    businessData: Record<string, string>,
  ): Promise<GmsService> {
    const service = this.registry.create(settings, ttlSeconds, businessData)
    try {
      await this.customers.saveService(toStoredService(service))
    } catch (error) {
      this.registry.discard(service.serviceId)
      throw toEngineFault(error)
    }
    return service
  }

  /**
   * Puts the stored services back after a restart (the engine has restored its sessions):
   * their ids answer again, comet chats notify from the newest entry on, and open chats are
   * watched for protocol inactivity from now, as the restored sessions' idle timers are.
   * Services that ended while the server was down, or whose section is gone, are dropped.
   */
  restore(services: ReadonlyMap<string, ResolvedService>, now: number): number {
    let restored = 0
    for (const stored of this.customers.loadServices()) {
      const service = this.restoredService(stored, services.get(stored.serviceName), now)
      if (!service) {
        this.forgetStored(stored.serviceId)
        continue
      }
      this.registry.restore(service)
      restored += 1
      const chat = service.chat
      if (chat && isCustomerIn(customerSummary(this.engine, chat), chat)) this.watch.watch(chat)
    }
    return restored
  }

  /** Resolves once the chat is stored (or its failure logged): the customer is answered then. */
  onChatStarted(service: GmsService, chat: GmsChat): Promise<void> {
    const stored = this.customers
      .bindChat(service.serviceId, toStoredChat(chat))
      .catch((error: unknown) => {
        // The session exists and the customer is answered: only a restart would lose this chat.
        this.logger.error('GMS chat not stored: it will not survive a restart', {
          sessionId: chat.sessionId,
          error,
        })
      })
    this.watch.watch(chat)
    // Events committed before the chat was registered (the customer's join) go out now.
    this.notifier.notify(chat)
    if (!this.registry.hasService(service.serviceId)) this.onServiceExpired(service)
    return stored
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
    if (this.registry.hasService(chat.serviceId)) return
    this.registry.forgetChat(chat)
    this.forgetStored(chat.serviceId)
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
    if (!chat || !this.watch.isWatching(chat)) this.forgetStored(service.serviceId)
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

  private restoredService(
    stored: StoredV1Service,
    settings: ResolvedService | undefined,
    now: number,
  ): GmsService | undefined {
    if (!settings) return undefined
    const summary = stored.chat && this.engine.getSession(stored.chat.sessionId, 'customer')
    const isChatOpen = summary !== undefined && summary.state !== 'closed'
    const isExpired = stored.createdAt + stored.ttlSeconds * 1000 <= now
    if (isExpired && !isChatOpen) return undefined
    const service: GmsService = {
      serviceId: stored.serviceId,
      settings,
      createdAt: stored.createdAt,
      ttlSeconds: stored.ttlSeconds,
      businessData: stored.businessData,
      heldBytes: 0,
    }
    if (stored.chat && summary) {
      // Notifications go on from the newest entry (a client that missed some refreshes from its
      // position); each carried at least one entry, so counting on from the number of entries
      // keeps every tag new.
      const newest = this.engine.customerPosition(stored.chat.sessionId)
      service.chat = {
        serviceId: stored.serviceId,
        ...stored.chat,
        notifiedPosition: newest + 1,
        notificationCount: newest,
      }
    }
    return service
  }

  /** The stored service is no longer needed; a failure only leaves a row a restart drops. */
  private forgetStored(serviceId: string): void {
    this.customers.forgetService(serviceId).catch((error: unknown) => {
      this.logger.warn('GMS service not removed from the store', { serviceId, error })
    })
  }

  /** A chat that closed in the meantime is no failure: there was nobody left to remove. */
  private logFailure(what: string, chat: GmsChat, error: unknown): void {
    if (isGoneError(error)) return
    this.logger.error(`GMS ${what} failed`, { sessionId: chat.sessionId, error })
  }
}

function toStoredService(service: GmsService): StoredV1Service {
  return {
    serviceId: service.serviceId,
    serviceName: service.settings.name,
    createdAt: service.createdAt,
    ttlSeconds: service.ttlSeconds,
    businessData: { ...service.businessData },
    chat: service.chat && toStoredChat(service.chat),
  }
}

function toStoredChat(chat: GmsChat): StoredV1Chat {
  return {
    sessionId: chat.sessionId,
    customerPartyId: chat.customerPartyId,
    secureKey: chat.secureKey,
    gmsUser: chat.gmsUser,
    isComet: chat.isComet,
    subscriptionId: chat.subscriptionId,
    clientTimeZoneOffset: chat.clientTimeZoneOffset,
  }
}
