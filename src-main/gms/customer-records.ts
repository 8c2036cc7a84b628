/** The fields of a v1 chat that only GMS knows: the session keeps everything else. */
export interface StoredV1Chat {
  sessionId: string
  customerPartyId: string
  secureKey: string
  gmsUser: string | undefined
  isComet: boolean
  subscriptionId: string | undefined
  clientTimeZoneOffset: number
}

/** A v1 `request-chat` service as stored: enough to answer its id after a restart. */
export interface StoredV1Service {
  serviceId: string
  serviceName: string
  /** UTC ms. */
  createdAt: number
  ttlSeconds: number
  businessData: Record<string, string>
  chat: StoredV1Chat | undefined
}

/** A v2 chat's credentials and service (gms-v2 "Credentials"); `chatId` is the session id. */
export interface StoredV2Chat {
  serviceName: string
  chatId: string
  userId: string
  secureKey: string
  alias: string
}

/**
 * Where GMS keeps its customers so they survive a restart (docs/gms.md, "After a restart").
 * Written when a service or chat is created or bound, never on a poll: positions are the
 * engine's. Writes resolve once committed, and reject with a `StoreWriteError` for disk trouble.
 */
export interface GmsCustomerStore {
  saveService(service: StoredV1Service): Promise<void>
  bindChat(serviceId: string, chat: StoredV1Chat): Promise<void>
  forgetService(serviceId: string): Promise<void>
  saveV2Chat(chat: StoredV2Chat): Promise<void>
  forgetV2Chat(chatId: string): Promise<void>
  loadServices(): StoredV1Service[]
  /** The v2 chats of sessions still open. */
  loadOpenV2Chats(): StoredV2Chat[]
}

/** No store (tests of the listener alone): customers live as long as the listener. */
export const MEMORY_ONLY_CUSTOMERS: GmsCustomerStore = {
  saveService: () => Promise.resolve(),
  bindChat: () => Promise.resolve(),
  forgetService: () => Promise.resolve(),
  saveV2Chat: () => Promise.resolve(),
  forgetV2Chat: () => Promise.resolve(),
  loadServices: () => [],
  loadOpenV2Chats: () => [],
}
