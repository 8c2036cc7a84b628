/**
 * What committing one session change runs, as data: indexes into one list of SQL statements, each
 * with its named parameters. Data, because the same writes run in two places: on the main
 * connection (an in-memory database, which no other thread can open) and in the writer thread
 * (writer-thread.ts), whose code cannot import this module and is handed `WRITE_SQL` instead.
 */
import type { SessionChange } from '../engine/ports'
import { EVENT_COLUMNS, toEventParams } from './event-rows'
import type { SqliteDatabase } from './open-database'
import { PARTY_COLUMNS, toPartyParams } from './party-repository'
import { STORED_COLUMNS, toSessionParams } from './session-repository'

const SESSION_UPDATE = 0
const SESSION_INSERT = 1
const PARTY_UPDATE = 2
const PARTY_INSERT = 3
const EVENT_INSERT = 4

/** Indexed by the constants above. */
export const WRITE_SQL: readonly string[] = [
  // Only the columns a session can change: SQLite then leaves the indexes on application,
  // endpoint and start time alone, which keeps a burst of closes cheap.
  `UPDATE sessions SET state = @state, closed_at = @closedAt, close_reason = @closeReason,
    language_code = @languageCode, user_data = @userData, idle_overrides = @idleOverrides
    WHERE session_id = @sessionId`,
  `INSERT INTO sessions (${STORED_COLUMNS})
    VALUES (@sessionId, @application, @endpoint, @state, @startedAt, @closedAt, @closeReason,
      @languageCode, @userData, @idleOverrides)`,
  // A party never changes its type or user: leaving those out spares the index on them.
  `UPDATE parties SET nickname = @nickname, mode = @mode, is_present = @isPresent,
    is_bot = @isBot, joined_visibility = @joinedVisibility
    WHERE session_id = @sessionId AND party_id = @partyId`,
  // A new party goes after the session's last one; an update keeps its place.
  `INSERT INTO parties (${PARTY_COLUMNS}, join_order)
    VALUES (@sessionId, @partyId, @nickname, @type, @userId, @mode, @isPresent,
      @isBot, @joinedVisibility,
      (SELECT coalesce(max(join_order), 0) + 1 FROM parties WHERE session_id = @sessionId))`,
  `INSERT INTO events (${EVENT_COLUMNS}, customer_position, agent_position)
    VALUES (@sessionId, @eventId, @time, @timeShift, @partyId, @visibility, @type, @text,
      @payload, @customerPosition, @agentPosition)`,
]

/**
 * One statement: its index in `WRITE_SQL`, its parameters (primitives only: they cross to the
 * writer thread), and the statement to run instead when the first changed no row (an upsert).
 */
export type WriteOp = readonly [statement: number, params: object, orElse?: number]

/** A change's writes, keyed by its session: a failed write fails the session's later ones. */
export interface ChangeWrite {
  key: string
  ops: WriteOp[]
}

/**
 * Captures the change's values now: the engine may go on mutating its session and party objects
 * before the batch commits, and the stored row must be the one this write described. In order: a
 * changed session row before its events (they reference it), parties, then events with the
 * positions the engine gave them.
 */
export function toChangeWrite(change: SessionChange): ChangeWrite {
  if (change.positions.length !== change.events.length) {
    throw new RangeError('a change needs one positions entry per event')
  }
  const ops: WriteOp[] = []
  if (change.isRowChanged) {
    ops.push([SESSION_UPDATE, toSessionParams(change.session), SESSION_INSERT])
  }
  for (const party of change.parties) ops.push([PARTY_UPDATE, toPartyParams(party), PARTY_INSERT])
  change.events.forEach((event, index) => {
    ops.push([EVENT_INSERT, toEventParams(event, change.positions[index])])
  })
  return { key: change.session.sessionId, ops }
}

/** Runs change writes on a connection of this thread (the caller holds the transaction). */
export class WriteRunner {
  private readonly statements

  constructor(db: SqliteDatabase) {
    this.statements = WRITE_SQL.map((sql) => db.prepare(sql))
  }

  run(write: ChangeWrite): void {
    for (const [index, params, orElse] of write.ops) {
      const changed = this.statements[index]!.run(params).changes
      if (changed === 0 && orElse !== undefined) this.statements[orElse]!.run(params)
    }
  }
}
