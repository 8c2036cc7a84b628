/**
 * Every statement the store writes with, in one list, so that the writer thread (which cannot
 * import modules) is handed the same SQL as the main connection prepares. Writes name a
 * statement by its index (`STATEMENT`) and bring its named parameters (change-writes.ts).
 */
import { EVENT_COLUMNS } from './event-rows'
import { PARTY_COLUMNS } from './party-repository'
import { STORED_COLUMNS } from './session-repository'

const STATEMENTS = {
  // Only the columns a session can change: SQLite then leaves the indexes on application,
  // endpoint and start time alone, which keeps a burst of closes cheap.
  sessionUpdate: `UPDATE sessions SET state = @state, closed_at = @closedAt,
    close_reason = @closeReason, language_code = @languageCode, user_data = @userData,
    idle_overrides = @idleOverrides
    WHERE session_id = @sessionId`,
  sessionInsert: `INSERT INTO sessions (${STORED_COLUMNS})
    VALUES (@sessionId, @application, @endpoint, @state, @startedAt, @closedAt, @closeReason,
      @languageCode, @userData, @idleOverrides)`,
  // A party never changes its type or user: leaving those out spares the index on them.
  partyUpdate: `UPDATE parties SET nickname = @nickname, mode = @mode, is_present = @isPresent,
    is_bot = @isBot, joined_visibility = @joinedVisibility
    WHERE session_id = @sessionId AND party_id = @partyId`,
  // A new party goes after the session's last one; an update keeps its place.
  partyInsert: `INSERT INTO parties (${PARTY_COLUMNS}, join_order)
    VALUES (@sessionId, @partyId, @nickname, @type, @userId, @mode, @isPresent,
      @isBot, @joinedVisibility,
      (SELECT coalesce(max(join_order), 0) + 1 FROM parties WHERE session_id = @sessionId))`,
  eventInsert: `INSERT INTO events (${EVENT_COLUMNS}, customer_position, agent_position)
    VALUES (@sessionId, @eventId, @time, @timeShift, @partyId, @visibility, @type, @text,
      @payload, @customerPosition, @agentPosition)`,
  // GMS customers (gms-customer-repository.ts).
  gmsServiceInsert: `INSERT INTO gms_services (service_id, service_name, created_at, ttl_seconds,
      business_data)
    VALUES (@serviceId, @serviceName, @createdAt, @ttlSeconds, @businessData)`,
  gmsServiceBindChat: `UPDATE gms_services SET session_id = @sessionId,
      customer_party_id = @customerPartyId, secure_key = @secureKey, gms_user = @gmsUser,
      is_comet = @isComet, subscription_id = @subscriptionId,
      client_time_zone_offset = @clientTimeZoneOffset
    WHERE service_id = @serviceId`,
  gmsServiceDelete: 'DELETE FROM gms_services WHERE service_id = @serviceId',
  gmsV2ChatInsert: `INSERT OR REPLACE INTO gms_v2_chats (session_id, service_name, user_id,
      secure_key, alias)
    VALUES (@chatId, @serviceName, @userId, @secureKey, @alias)`,
  gmsV2ChatDelete: 'DELETE FROM gms_v2_chats WHERE session_id = @chatId',
} as const

type StatementName = keyof typeof STATEMENTS

/** Each statement's index in `WRITE_SQL`. */
export const STATEMENT = Object.fromEntries(
  Object.keys(STATEMENTS).map((name, index) => [name, index]),
) as Record<StatementName, number>

export const WRITE_SQL: readonly string[] = Object.values(STATEMENTS)
