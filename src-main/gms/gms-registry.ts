import { randomUUID } from 'node:crypto'
import type { Clock, TimerHandle } from '../engine/ports'
import type { ResolvedService } from './gms-options'

/** The chat interaction started on a service (one per service). */
export interface GmsChat {
  readonly serviceId: string
  readonly sessionId: string
  readonly customerPartyId: string
  readonly secureKey: string
  /** The `gms_user` header of the start-chat request: whose Bayeux requests keep it alive. */
  readonly gmsUser: string | undefined
  /** `notify_by=comet`: changes are published to `gmsUser`'s CometD clients. */
  readonly isComet: boolean
  readonly subscriptionId: string | undefined
  readonly clientTimeZoneOffset: number
  /** The next customer position a CometD notification starts from. */
  notifiedPosition: number
  /** Notifications published so far (the `<n>` of the tag). */
  notificationCount: number
}

/** A `request-chat` service: business data kept for its time to live. */
export interface GmsService {
  readonly serviceId: string
  readonly settings: ResolvedService
  /** UTC ms. */
  readonly createdAt: number
  readonly ttlSeconds: number
  readonly businessData: Readonly<Record<string, string>>
  chat?: GmsChat
  /** Bytes of the user-data budget the business data holds until the chat takes them over. */
  heldBytes: number
  /** Set while the chat is being created, so a second start-chat waits for the same chat. */
  starting?: Promise<GmsChat>
}

interface Entry {
  service: GmsService
  timer: TimerHandle
}

/**
 * Services by id and chats by session and by `gms_user`. The lifecycle stores them and puts the
 * stored ones back after a restart (`restore`).
 */
export class GmsRegistry {
  private readonly services = new Map<string, Entry>()
  private readonly chatsBySession = new Map<string, GmsChat>()
  private readonly chatsByUser = new Map<string, Set<GmsChat>>()
  private pending = 0

  constructor(
    private readonly clock: Clock,
    /** Called once the TTL of a service ended and it is gone. */
    private readonly onExpired: (service: GmsService) => void,
  ) {}

  create(
    settings: ResolvedService,
    ttlSeconds: number,
    businessData: Record<string, string>,
  ): GmsService {
    const service: GmsService = {
      serviceId: randomUUID(),
      settings,
      createdAt: this.clock.now(),
      ttlSeconds,
      businessData,
      heldBytes: 0,
    }
    this.add(service)
    return service
  }

  /**
   * A stored service after a restart: it keeps its time to live, counted from its creation; one
   * whose time ran out while the server was down expires now, as it would have.
   */
  restore(service: GmsService): void {
    const chat = service.chat
    service.chat = undefined
    this.add(service)
    if (chat) this.attachChat(service, chat)
  }

  /** Takes back a service that could not be stored: it never existed. */
  discard(serviceId: string): void {
    const entry = this.services.get(serviceId)
    if (!entry) return
    this.clock.clearTimer(entry.timer)
    this.services.delete(serviceId)
    if (!entry.service.chat) this.pending -= 1
  }

  private add(service: GmsService): void {
    const expiresAt = service.createdAt + service.ttlSeconds * 1000
    const timer = this.clock.setTimer(Math.max(expiresAt, this.clock.now()), () =>
      this.expire(service.serviceId),
    )
    this.services.set(service.serviceId, { service, timer })
    this.pending += 1
  }

  /** Services waiting for their chat: each costs memory for its business data. */
  get pendingCount(): number {
    return this.pending
  }

  get(serviceId: string): GmsService | undefined {
    return this.services.get(serviceId)?.service
  }

  attachChat(service: GmsService, chat: GmsChat): void {
    if (!service.chat && this.services.has(service.serviceId)) this.pending -= 1
    service.chat = chat
    this.chatsBySession.set(chat.sessionId, chat)
    if (chat.gmsUser === undefined) return
    const chats = this.chatsByUser.get(chat.gmsUser) ?? new Set()
    chats.add(chat)
    this.chatsByUser.set(chat.gmsUser, chats)
  }

  chatOfSession(sessionId: string): GmsChat | undefined {
    return this.chatsBySession.get(sessionId)
  }

  chatsOfUser(gmsUser: string): ReadonlySet<GmsChat> {
    return this.chatsByUser.get(gmsUser) ?? new Set()
  }

  /** Forgets a finished chat whose service is gone: nothing can reach it any more. */
  forgetChat(chat: GmsChat): void {
    this.chatsBySession.delete(chat.sessionId)
    if (chat.gmsUser === undefined) return
    const chats = this.chatsByUser.get(chat.gmsUser)
    chats?.delete(chat)
    if (chats?.size === 0) this.chatsByUser.delete(chat.gmsUser)
  }

  hasService(serviceId: string): boolean {
    return this.services.has(serviceId)
  }

  /** Stops every TTL timer; the services are forgotten. */
  close(): void {
    for (const { timer } of this.services.values()) this.clock.clearTimer(timer)
    this.services.clear()
    this.pending = 0
    this.chatsBySession.clear()
    this.chatsByUser.clear()
  }

  private expire(serviceId: string): void {
    const entry = this.services.get(serviceId)
    if (!entry) return
    this.services.delete(serviceId)
    if (!entry.service.chat) this.pending -= 1
    this.onExpired(entry.service)
  }
}
