/**
 * The `parties` table: every party that ever joined a session, in join order.
 */
import type { PartyType, SupervisorMode, Visibility } from '../../src-shared/domain'
import type { PartyRecord } from '../engine/ports'
import type { SqliteDatabase } from './open-database'

/** A party as bound to statements: primitives only, captured when the change is queued. */
export interface PartyParams {
  sessionId: string
  partyId: string
  nickname: string
  type: PartyType
  userId: string | null
  mode: SupervisorMode | null
  isPresent: 0 | 1
  isBot: 0 | 1
  joinedVisibility: Visibility
}

/** A `parties` row as SQLite returns it. */
export interface PartyRow {
  session_id: string
  party_id: string
  nickname: string
  type: PartyType
  user_id: string | null
  mode: SupervisorMode | null
  is_present: number
  is_bot: number
  joined_visibility: Visibility
}

/** Maps a record to statement parameters (SQLite has no booleans; absent optionals are NULL). */
export function toPartyParams(party: PartyRecord): PartyParams {
  return {
    sessionId: party.sessionId,
    partyId: party.partyId,
    nickname: party.nickname,
    type: party.type,
    userId: party.userId ?? null,
    mode: party.mode ?? null,
    isPresent: party.isPresent ? 1 : 0,
    isBot: party.isBot ? 1 : 0,
    joinedVisibility: party.joinedVisibility,
  }
}

/** Maps a row back to the engine's record; NULL optionals become absent keys, not `undefined`. */
export function toPartyRecord(row: PartyRow): PartyRecord {
  const party: PartyRecord = {
    sessionId: row.session_id,
    partyId: row.party_id,
    nickname: row.nickname,
    type: row.type,
    isPresent: row.is_present === 1,
    joinedVisibility: row.joined_visibility,
  }
  if (row.user_id !== null) party.userId = row.user_id
  if (row.mode !== null) party.mode = row.mode
  if (row.is_bot === 1) party.isBot = true
  return party
}

export const PARTY_COLUMNS = `session_id, party_id, nickname, type, user_id, mode, is_present,
  is_bot, joined_visibility`

export class PartyRepository {
  private readonly listBySessionStatement
  private readonly listOfOpenSessionsStatement
  private readonly listOfSessionsStatement

  constructor(db: SqliteDatabase) {
    this.listBySessionStatement = db.prepare<{ sessionId: string }, PartyRow>(
      `SELECT ${PARTY_COLUMNS} FROM parties WHERE session_id = @sessionId ORDER BY join_order`,
    )
    this.listOfSessionsStatement = db.prepare<{ ids: string }, PartyRow>(`
      SELECT ${PARTY_COLUMNS} FROM parties
      WHERE session_id IN (SELECT value FROM json_each(@ids))
      ORDER BY session_id, join_order`)
    this.listOfOpenSessionsStatement = db.prepare<[], PartyRow>(`
      SELECT ${PARTY_COLUMNS} FROM parties
      WHERE session_id IN (SELECT session_id FROM sessions WHERE state <> 'closed')
      ORDER BY session_id, join_order`)
  }

  /** The session's parties in join order. */
  listBySession(sessionId: string): PartyRecord[] {
    return this.listBySessionStatement.all({ sessionId }).map(toPartyRecord)
  }

  /** The parties of the given sessions in one query, in join order. */
  listOfSessions(sessionIds: readonly string[]): Map<string, PartyRecord[]> {
    const bySession = new Map<string, PartyRecord[]>()
    if (sessionIds.length === 0) return bySession
    for (const row of this.listOfSessionsStatement.iterate({ ids: JSON.stringify(sessionIds) })) {
      const parties = bySession.get(row.session_id) ?? []
      if (parties.length === 0) bySession.set(row.session_id, parties)
      parties.push(toPartyRecord(row))
    }
    return bySession
  }

  /** The parties of every open session in one query (no query per session on restart). */
  listOfOpenSessions(): Map<string, PartyRecord[]> {
    const bySession = new Map<string, PartyRecord[]>()
    for (const row of this.listOfOpenSessionsStatement.iterate()) {
      const parties = bySession.get(row.session_id) ?? []
      if (parties.length === 0) bySession.set(row.session_id, parties)
      parties.push(toPartyRecord(row))
    }
    return bySession
  }
}
