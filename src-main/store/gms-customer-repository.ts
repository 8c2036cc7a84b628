/**
 * The `gms_services` and `gms_v2_chats` tables: GMS customers that survive a restart. These are
 * no session events, so they take their own small statements in the same database instead of
 * the group commit; each write is one autocommit statement, made when a service or chat is
 * created or bound, never on a poll.
 */
import type {
  GmsCustomerStore,
  StoredV1Chat,
  StoredV1Service,
  StoredV2Chat,
} from '../gms/customer-records'
import type { SqliteDatabase } from './open-database'
import { classifyWriteError } from './write-errors'

interface ServiceRow {
  service_id: string
  service_name: string
  created_at: number
  ttl_seconds: number
  business_data: string
  session_id: string | null
  customer_party_id: string | null
  secure_key: string | null
  gms_user: string | null
  is_comet: number
  subscription_id: string | null
  client_time_zone_offset: number
}

interface V2ChatRow {
  session_id: string
  service_name: string
  user_id: string
  secure_key: string
  alias: string
}

export class GmsCustomerRepository implements GmsCustomerStore {
  private readonly insertService
  private readonly updateChat
  private readonly deleteService
  private readonly insertV2Chat
  private readonly deleteV2Chat
  private readonly selectServices
  private readonly selectOpenV2Chats

  constructor(db: SqliteDatabase) {
    this.insertService = db.prepare(`
      INSERT INTO gms_services (service_id, service_name, created_at, ttl_seconds, business_data)
      VALUES (@serviceId, @serviceName, @createdAt, @ttlSeconds, @businessData)`)
    this.updateChat = db.prepare(`
      UPDATE gms_services SET session_id = @sessionId, customer_party_id = @customerPartyId,
        secure_key = @secureKey, gms_user = @gmsUser, is_comet = @isComet,
        subscription_id = @subscriptionId, client_time_zone_offset = @clientTimeZoneOffset
      WHERE service_id = @serviceId`)
    this.deleteService = db.prepare('DELETE FROM gms_services WHERE service_id = ?')
    this.insertV2Chat = db.prepare(`
      INSERT OR REPLACE INTO gms_v2_chats (session_id, service_name, user_id, secure_key, alias)
      VALUES (@chatId, @serviceName, @userId, @secureKey, @alias)`)
    this.deleteV2Chat = db.prepare('DELETE FROM gms_v2_chats WHERE session_id = ?')
    this.selectServices = db.prepare<[], ServiceRow>('SELECT * FROM gms_services')
    // sessions_open is a partial index of open sessions: this reads no closed session.
    this.selectOpenV2Chats = db.prepare<[], V2ChatRow>(`
      SELECT chats.* FROM gms_v2_chats AS chats
        JOIN sessions ON sessions.session_id = chats.session_id
      WHERE sessions.state <> 'closed'`)
  }

  saveService(service: StoredV1Service): void {
    write(() =>
      this.insertService.run({
        serviceId: service.serviceId,
        serviceName: service.serviceName,
        createdAt: service.createdAt,
        ttlSeconds: service.ttlSeconds,
        businessData: JSON.stringify(service.businessData),
      }),
    )
    if (service.chat) this.bindChat(service.serviceId, service.chat)
  }

  bindChat(serviceId: string, chat: StoredV1Chat): void {
    write(() =>
      this.updateChat.run({
        serviceId,
        sessionId: chat.sessionId,
        customerPartyId: chat.customerPartyId,
        secureKey: chat.secureKey,
        gmsUser: chat.gmsUser ?? null,
        isComet: chat.isComet ? 1 : 0,
        subscriptionId: chat.subscriptionId ?? null,
        clientTimeZoneOffset: chat.clientTimeZoneOffset,
      }),
    )
  }

  forgetService(serviceId: string): void {
    write(() => this.deleteService.run(serviceId))
  }

  saveV2Chat(chat: StoredV2Chat): void {
    write(() => this.insertV2Chat.run({ ...chat }))
  }

  forgetV2Chat(chatId: string): void {
    write(() => this.deleteV2Chat.run(chatId))
  }

  loadServices(): StoredV1Service[] {
    return this.selectServices.all().map(toStoredService)
  }

  loadOpenV2Chats(): StoredV2Chat[] {
    return this.selectOpenV2Chats.all().map((row) => ({
      serviceName: row.service_name,
      chatId: row.session_id,
      userId: row.user_id,
      secureKey: row.secure_key,
      alias: row.alias,
    }))
  }
}

/** Disk trouble as the engine's `StoreWriteError`, as session writes report it. */
function write(run: () => unknown): void {
  try {
    run()
  } catch (error) {
    throw classifyWriteError(error)
  }
}

function toStoredService(row: ServiceRow): StoredV1Service {
  return {
    serviceId: row.service_id,
    serviceName: row.service_name,
    createdAt: row.created_at,
    ttlSeconds: row.ttl_seconds,
    businessData: JSON.parse(row.business_data) as Record<string, string>,
    chat:
      row.session_id === null
        ? undefined
        : {
            sessionId: row.session_id,
            customerPartyId: row.customer_party_id ?? '',
            secureKey: row.secure_key ?? '',
            gmsUser: row.gms_user ?? undefined,
            isComet: row.is_comet === 1,
            subscriptionId: row.subscription_id ?? undefined,
            clientTimeZoneOffset: row.client_time_zone_offset,
          },
  }
}
