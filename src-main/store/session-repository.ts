/**
 * The `sessions` table: one row per session, upserted with every change to it.
 */
import type { CloseReason, IdleSettings, SessionState } from '../../src-shared/domain'
import type { SessionRecord } from '../engine/ports'
import type { SqliteDatabase } from './open-database'

/** A session as bound to statements: primitives only, captured when the change is queued. */
export interface SessionParams {
  sessionId: string
  application: string
  endpoint: string
  state: SessionState
  startedAt: number
  closedAt: number | null
  closeReason: CloseReason | null
  languageCode: string | null
  userData: string
  idleOverrides: string
}

/** A `sessions` row as SQLite returns it. */
export interface SessionRow {
  session_id: string
  application: string
  endpoint: string
  state: SessionState
  started_at: number
  closed_at: number | null
  close_reason: CloseReason | null
  language_code: string | null
  user_data: string
  idle_overrides: string
  last_event_id: number
  customer_position: number
  agent_position: number
}

/** Maps a record to statement parameters (JSON columns serialized here). */
export function toSessionParams(session: SessionRecord): SessionParams {
  return {
    sessionId: session.sessionId,
    application: session.application,
    endpoint: session.endpoint,
    state: session.state,
    startedAt: session.startedAt,
    closedAt: session.closedAt,
    closeReason: session.closeReason,
    languageCode: session.languageCode,
    userData: JSON.stringify(session.userData),
    idleOverrides: JSON.stringify(session.idleOverrides),
  }
}

/** Maps a row back to the engine's record. */
export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    sessionId: row.session_id,
    application: row.application,
    endpoint: row.endpoint,
    state: row.state,
    startedAt: row.started_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    languageCode: row.language_code,
    userData: JSON.parse(row.user_data) as Record<string, string>,
    idleOverrides: JSON.parse(row.idle_overrides) as Partial<IdleSettings>,
    lastEventId: row.last_event_id,
    customerPosition: row.customer_position,
    agentPosition: row.agent_position,
  }
}

/** Column list of every session read, so the row shape matches `SessionRow` everywhere. */
/** The stored columns, in insert order. */
export const STORED_COLUMNS = `session_id, application, endpoint, state, started_at, closed_at,
  close_reason, language_code, user_data, idle_overrides`

/**
 * The select list of a `SessionRow` from `sessions` under `alias`: the stored columns plus the
 * counters, read off the events (each one index lookup) rather than stored, so a message never
 * rewrites its session's row.
 */
export function sessionSelectList(alias: string): string {
  const stored = STORED_COLUMNS.split(',').map((column) => `${alias}.${column.trim()}`)
  const lastEventId = `(SELECT coalesce(max(e.event_id), 0) FROM events e
    WHERE e.session_id = ${alias}.session_id) AS last_event_id`
  // The IS NOT NULL terms let SQLite use the partial indexes: max() is then one lookup.
  const customerPosition = `(SELECT coalesce(max(e.customer_position), 0) FROM events e
    WHERE e.session_id = ${alias}.session_id AND e.customer_position IS NOT NULL)
    AS customer_position`
  const agentPosition = `(SELECT coalesce(max(e.agent_position), 0) FROM events e
    WHERE e.session_id = ${alias}.session_id AND e.agent_position IS NOT NULL) AS agent_position`
  return [...stored, lastEventId, customerPosition, agentPosition].join(', ')
}

export class SessionRepository {
  private readonly getStatement
  private readonly listOpenStatement

  constructor(db: SqliteDatabase) {
    this.getStatement = db.prepare<{ sessionId: string }, SessionRow>(
      `SELECT ${sessionSelectList('s')} FROM sessions s WHERE s.session_id = @sessionId`,
    )
    // `state <> 'closed'` is spelled exactly as in the partial index `sessions_open`, which SQLite
    // uses only when the query repeats the index's condition.
    this.listOpenStatement = db.prepare<[], SessionRow>(
      `SELECT ${sessionSelectList('s')} FROM sessions s WHERE s.state <> 'closed'
        ORDER BY s.started_at, s.session_id`,
    )
  }

  get(sessionId: string): SessionRecord | undefined {
    const row = this.getStatement.get({ sessionId })
    return row === undefined ? undefined : toSessionRecord(row)
  }

  /** Every session not closed, oldest first. */
  listOpen(): SessionRecord[] {
    return this.listOpenStatement.all().map(toSessionRecord)
  }
}
