/**
 * The `gms_services` and `gms_v2_chats` tables: GMS customers that survive a restart. Written
 * when a service or chat is created or bound, never on a poll, through the same group commit as
 * session changes: one writer, so a GMS write never waits on the writer thread's lock with the
 * event loop held.
 */
import type {
  GmsCustomerStore,
  StoredV1Chat,
  StoredV1Service,
  StoredV2Chat,
} from '../gms/customer-records'
import type { WriteOp } from './change-writes'
import type { SqliteDatabase } from './open-database'
import type { SqlitePersistence } from './sqlite-persistence'
import { STATEMENT } from './write-statements'

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
  private readonly selectServices
  private readonly selectOpenV2Chats

  /** Reads on `db`; writes go through `persistence`'s group commit, in order with sessions'. */
  constructor(
    db: SqliteDatabase,
    private readonly persistence: SqlitePersistence,
  ) {
    this.selectServices = db.prepare<[], ServiceRow>('SELECT * FROM gms_services')
    // sessions_open is a partial index of open sessions: this reads no closed session.
    this.selectOpenV2Chats = db.prepare<[], V2ChatRow>(`
      SELECT chats.* FROM gms_v2_chats AS chats
        JOIN sessions ON sessions.session_id = chats.session_id
      WHERE sessions.state <> 'closed'`)
  }

  saveService(service: StoredV1Service): Promise<void> {
    const ops: WriteOp[] = [
      [
        STATEMENT.gmsServiceInsert,
        {
          serviceId: service.serviceId,
          serviceName: service.serviceName,
          createdAt: service.createdAt,
          ttlSeconds: service.ttlSeconds,
          businessData: JSON.stringify(service.businessData),
        },
      ],
    ]
    if (service.chat) ops.push(bindChatOp(service.serviceId, service.chat))
    return this.write(serviceKey(service.serviceId), ops)
  }

  bindChat(serviceId: string, chat: StoredV1Chat): Promise<void> {
    return this.write(serviceKey(serviceId), [bindChatOp(serviceId, chat)])
  }

  forgetService(serviceId: string): Promise<void> {
    return this.write(serviceKey(serviceId), [[STATEMENT.gmsServiceDelete, { serviceId }]])
  }

  saveV2Chat(chat: StoredV2Chat): Promise<void> {
    return this.write(v2ChatKey(chat.chatId), [[STATEMENT.gmsV2ChatInsert, { ...chat }]])
  }

  forgetV2Chat(chatId: string): Promise<void> {
    return this.write(v2ChatKey(chatId), [[STATEMENT.gmsV2ChatDelete, { chatId }]])
  }

  private write(key: string, ops: WriteOp[]): Promise<void> {
    return this.persistence.writeRows({ key, ops })
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

/** A service's writes depend on each other, never on a session's (their own key space). */
const serviceKey = (serviceId: string) => `gms-service:${serviceId}`
const v2ChatKey = (chatId: string) => `gms-v2-chat:${chatId}`

function bindChatOp(serviceId: string, chat: StoredV1Chat): WriteOp {
  return [
    STATEMENT.gmsServiceBindChat,
    {
      serviceId,
      sessionId: chat.sessionId,
      customerPartyId: chat.customerPartyId,
      secureKey: chat.secureKey,
      gmsUser: chat.gmsUser ?? null,
      isComet: chat.isComet ? 1 : 0,
      subscriptionId: chat.subscriptionId ?? null,
      clientTimeZoneOffset: chat.clientTimeZoneOffset,
    },
  ]
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
