/**
 * The `events` table: each session's append-only transcript, read per audience.
 */
import type { ChatEvent, Visibility } from '../../src-shared/domain'
import type { EventNumbering, EventPage, EventQuery } from '../engine/ports'
import { EVENT_COLUMNS, toChatEvent, type EventRow } from './event-rows'
import type { Statement } from 'better-sqlite3'
import type { SqliteDatabase } from './open-database'

/**
 * The visibility filter bound as three parameters: there are only three visibilities, so a fixed
 * `IN (@visibility1, @visibility2, @visibility3)` padded with NULL (which matches nothing) keeps
 * one prepared statement per query and lets SQLite use `events_by_visibility`.
 */
interface VisibilityParams {
  visibility1: Visibility | null
  visibility2: Visibility | null
  visibility3: Visibility | null
}

const VISIBILITY_FILTER = 'visibility IN (@visibility1, @visibility2, @visibility3)'

/** Binds a visibility list (from `visibilitiesFor(role)`) for `VISIBILITY_FILTER`. */
export function toVisibilityParams(visibilities: readonly Visibility[]): VisibilityParams {
  const [visibility1 = null, visibility2 = null, visibility3 = null] = [...new Set(visibilities)]
  return { visibility1, visibility2, visibility3 }
}

/** Builds the visibility filter for another table alias, for queries joined with `events`. */
export function visibilityFilter(alias: string): string {
  return `${alias}.${VISIBILITY_FILTER}`
}

interface RangeParams extends VisibilityParams {
  sessionId: string
  afterEventId: number
  beforeEventId: number
  limit: number
}

/** SQLite reads a negative LIMIT as "no limit". */
export const NO_LIMIT = -1

/** `limit` as SQLite takes it: a non-negative integer, or `NO_LIMIT` when absent. */
export function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return NO_LIMIT
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`)
  }
  return limit
}

/** The column each numbering reads: the session's event id, or an audience's position. */
const NUMBERING_COLUMNS: Record<EventNumbering, string> = {
  event: 'event_id',
  agent: 'agent_position',
  customer: 'customer_position',
}

type RangeStatement = Statement<RangeParams, EventRow>

export class EventRepository {
  /** Forward and backward page reads, per numbering. */
  private readonly rangeStatements: Record<
    EventNumbering,
    { forward: RangeStatement; backward: RangeStatement }
  >
  private readonly countStatement
  private readonly readCustomerFromStatement

  constructor(db: SqliteDatabase) {
    const prepareRange = (numbering: EventNumbering) => {
      const column = NUMBERING_COLUMNS[numbering]
      // An audience reads its own numbers as event ids: its view has no gap to betray anything.
      const selected = EVENT_COLUMNS.replace('event_id', `${column} AS event_id`)
      const range = `SELECT ${selected} FROM events
        WHERE session_id = @sessionId AND ${column} > @afterEventId
          AND ${column} < @beforeEventId AND ${VISIBILITY_FILTER}`
      return {
        forward: db.prepare<RangeParams, EventRow>(`${range} ORDER BY ${column} LIMIT @limit`),
        backward: db.prepare<RangeParams, EventRow>(
          `${range} ORDER BY ${column} DESC LIMIT @limit`,
        ),
      }
    }
    this.rangeStatements = {
      event: prepareRange('event'),
      agent: prepareRange('agent'),
      customer: prepareRange('customer'),
    }
    this.countStatement = db
      .prepare<VisibilityParams & { sessionId: string }, number>(
        `SELECT count(*) FROM events WHERE session_id = @sessionId AND ${VISIBILITY_FILTER}`,
      )
      .pluck()
    this.readCustomerFromStatement = db.prepare<{ sessionId: string; position: number }, EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE session_id = @sessionId AND customer_position IS NOT NULL
          AND customer_position >= @position
        ORDER BY customer_position`,
    )
  }

  /**
   * A page of the transcript. Without `beforeEventId` it reads forward from `afterEventId`;
   * with it, it reads the `limit` newest events before it (scrolling back). Either way the page
   * is in ascending order and `hasMore` says whether the limit cut off events further in the
   * reading direction (newer when reading forward, older when reading back). With a
   * `numbering` other than `event`, ids (given and returned) are that audience's positions.
   */
  read(sessionId: string, query: EventQuery): EventPage {
    const limit = checkLimit(query.limit)
    const isBackward = query.beforeEventId !== undefined
    const params: RangeParams = {
      sessionId,
      afterEventId: query.afterEventId ?? 0,
      beforeEventId: query.beforeEventId ?? Number.MAX_SAFE_INTEGER,
      // One row past the limit tells whether more follow without a second query.
      limit: limit === NO_LIMIT ? NO_LIMIT : limit + 1,
      ...toVisibilityParams(query.visibilities),
    }
    const statements = this.rangeStatements[query.numbering ?? 'event']
    const statement = isBackward ? statements.backward : statements.forward
    const rows = statement.all(params)
    const hasMore = limit !== NO_LIMIT && rows.length > limit
    if (hasMore) rows.pop()
    if (isBackward) rows.reverse()
    return { events: rows.map(toChatEvent), hasMore }
  }

  count(sessionId: string, visibilities: readonly Visibility[]): number {
    return this.countStatement.get({ sessionId, ...toVisibilityParams(visibilities) }) ?? 0
  }

  /** The `position`-th (1-based) customer-visible event and every one after it. */
  readCustomerFrom(sessionId: string, position: number): ChatEvent[] {
    if (!Number.isInteger(position) || position < 1) {
      throw new RangeError(`position must be an integer from 1, got ${position}`)
    }
    return this.readCustomerFromStatement.all({ sessionId, position }).map(toChatEvent)
  }
}
