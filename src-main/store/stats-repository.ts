/**
 * Reads of the `session_stats` summary (migration 4) and of the open sessions, for the
 * dashboard and `switchboard stats`. Every window query is one range scan over a covering index,
 * so its cost follows the sessions in the window, not the sessions stored (docs/dashboard.md).
 */
import type { SqliteDatabase } from './open-database'

/** A half-open time range `[since, until)` in UTC ms. */
export interface TimeRange {
  since: number
  until: number
}

export interface ClosedTotals {
  abandoned: number
  closedByIdle: number
  closedByTtl: number
  /** Closed sessions an agent had answered, and the sum of their handle times (ms). */
  handled: number
  handleSumMs: number
}

export interface AnsweredTotals {
  answered: number
  waitSumMs: number
  /** Answered with a wait of at most the threshold. */
  answeredWithinThreshold: number
}

/** One bucket of a time series: its index from `since`, and its count. */
export interface BucketCount {
  bucket: number
  count: number
}

export interface OpenSessionRow {
  sessionId: string
  application: string
  endpoint: string
  state: 'queued' | 'active'
  startedAt: number
}

export interface AgentLoadRow {
  userId: string
  nickname: string
  sessionIds: string[]
}

export interface SupervisedRow {
  sessionId: string
  mode: 'monitor' | 'coach'
}

/** Upper bounds (ms, exclusive) of the wait-distribution bins; the last bin is open-ended. */
export const WAIT_BIN_LIMITS_MS = [10_000, 30_000, 60_000, 120_000, 300_000] as const

type RangeParams = TimeRange
type ThresholdParams = TimeRange & { thresholdMs: number }
type BucketParams = TimeRange & { bucketMs: number }

/** Bound by name like every statement here; the bin edges are constants, not values. */
const WAIT_BINS_SQL = [
  ...WAIT_BIN_LIMITS_MS.map(
    (limit, index) =>
      `sum(wait >= ${index === 0 ? 0 : WAIT_BIN_LIMITS_MS[index - 1]} AND wait < ${limit})`,
  ),
  `sum(wait >= ${WAIT_BIN_LIMITS_MS.at(-1)})`,
].join(', ')

export class StatsRepository {
  private readonly offeredStatement
  private readonly answeredStatement
  private readonly closedStatement
  private readonly waitAtRankStatement
  private readonly waitBinsStatement
  private readonly arrivalsStatement
  private readonly answeredSeriesStatement
  private readonly abandonedSeriesStatement
  private readonly answeredByAgentStatement
  private readonly openSessionsStatement
  private readonly agentLoadStatement
  private readonly supervisedStatement

  constructor(db: SqliteDatabase) {
    this.offeredStatement = db
      .prepare<RangeParams, number>(
        `SELECT count(*) FROM session_stats WHERE started_at >= @since AND started_at < @until`,
      )
      .pluck()
    const answeredRange = `answered_at >= @since AND answered_at < @until`
    this.answeredStatement = db.prepare<ThresholdParams, AnsweredTotals>(
      `SELECT count(*) AS answered, coalesce(sum(answered_at - started_at), 0) AS waitSumMs,
        coalesce(sum(answered_at - started_at <= @thresholdMs), 0) AS answeredWithinThreshold
      FROM session_stats WHERE ${answeredRange}`,
    )
    this.closedStatement = db.prepare<RangeParams, ClosedTotals>(
      `SELECT
        coalesce(sum(answered_at IS NULL AND close_reason = 'customer-left'), 0) AS abandoned,
        coalesce(sum(close_reason = 'idle'), 0) AS closedByIdle,
        coalesce(sum(close_reason = 'ttl'), 0) AS closedByTtl,
        count(answered_at) AS handled,
        coalesce(sum(closed_at - answered_at), 0) AS handleSumMs
      FROM session_stats WHERE closed_at >= @since AND closed_at < @until`,
    )
    // Nearest rank: the k-th smallest wait, found by the index order instead of a sort in JS.
    this.waitAtRankStatement = db
      .prepare<RangeParams & { offset: number }, number>(
        `SELECT answered_at - started_at AS wait FROM session_stats WHERE ${answeredRange}
          ORDER BY wait LIMIT 1 OFFSET @offset`,
      )
      .pluck()
    this.waitBinsStatement = db
      .prepare<RangeParams, (number | null)[]>(
        `SELECT ${WAIT_BINS_SQL} FROM (SELECT answered_at - started_at AS wait FROM session_stats
          WHERE ${answeredRange})`,
      )
      .raw()
    const series = (column: string, extra = '') =>
      db.prepare<BucketParams, BucketCount>(
        `SELECT (${column} - @since) / @bucketMs AS bucket, count(*) AS count FROM session_stats
          WHERE ${column} >= @since AND ${column} < @until ${extra} GROUP BY bucket`,
      )
    this.arrivalsStatement = series('started_at')
    this.answeredSeriesStatement = series('answered_at')
    this.abandonedSeriesStatement = series(
      'closed_at',
      `AND answered_at IS NULL AND close_reason = 'customer-left'`,
    )
    this.answeredByAgentStatement = db.prepare<RangeParams, { userId: string; count: number }>(
      `SELECT answered_by AS userId, count(*) AS count FROM session_stats
        WHERE ${answeredRange} AND answered_by IS NOT NULL GROUP BY answered_by`,
    )
    // `state <> 'closed'` as in the partial index `sessions_open` (see SessionRepository).
    this.openSessionsStatement = db.prepare<[], OpenSessionRow>(
      `SELECT session_id AS sessionId, application, endpoint, state, started_at AS startedAt
        FROM sessions WHERE state <> 'closed' ORDER BY started_at, session_id`,
    )
    this.agentLoadStatement = db.prepare<[], { userId: string; nickname: string; ids: string }>(
      `SELECT p.user_id AS userId, max(p.nickname) AS nickname,
          group_concat(s.session_id, ' ') AS ids
        FROM sessions s JOIN parties p ON p.session_id = s.session_id
        WHERE s.state <> 'closed' AND p.type = 'AGENT' AND p.is_present = 1
          AND p.user_id IS NOT NULL
        GROUP BY p.user_id ORDER BY p.user_id`,
    )
    this.supervisedStatement = db.prepare<[], SupervisedRow>(
      `SELECT s.session_id AS sessionId,
          CASE WHEN max(p.mode = 'coach') THEN 'coach' ELSE 'monitor' END AS mode
        FROM sessions s JOIN parties p ON p.session_id = s.session_id
        WHERE s.state <> 'closed' AND p.type = 'SUPERVISOR' AND p.is_present = 1
          AND p.mode IN ('monitor', 'coach')
        GROUP BY s.session_id`,
    )
  }

  offered(range: TimeRange): number {
    return this.offeredStatement.get(range) ?? 0
  }

  answered(range: TimeRange, thresholdMs: number): AnsweredTotals {
    return this.answeredStatement.get({ ...range, thresholdMs }) as AnsweredTotals
  }

  closed(range: TimeRange): ClosedTotals {
    return this.closedStatement.get(range) as ClosedTotals
  }

  /** The wait (ms) of rank `rank` (0-based, smallest first) among waits answered in `range`. */
  waitAtRank(range: TimeRange, rank: number): number | undefined {
    return this.waitAtRankStatement.get({ ...range, offset: rank })
  }

  /** Answered chats per wait bin (`WAIT_BIN_LIMITS_MS`, plus one open-ended bin). */
  waitBins(range: TimeRange): number[] {
    const row = this.waitBinsStatement.get(range) ?? []
    return row.map((count) => count ?? 0)
  }

  arrivals(range: TimeRange, bucketMs: number): BucketCount[] {
    return this.arrivalsStatement.all({ ...range, bucketMs })
  }

  answeredSeries(range: TimeRange, bucketMs: number): BucketCount[] {
    return this.answeredSeriesStatement.all({ ...range, bucketMs })
  }

  abandonedSeries(range: TimeRange, bucketMs: number): BucketCount[] {
    return this.abandonedSeriesStatement.all({ ...range, bucketMs })
  }

  answeredByAgent(range: TimeRange): { userId: string; count: number }[] {
    return this.answeredByAgentStatement.all(range)
  }

  /** Open sessions, oldest first. */
  openSessions(): OpenSessionRow[] {
    return this.openSessionsStatement.all()
  }

  /** Each agent present in an open session, with those sessions. */
  agentLoad(): AgentLoadRow[] {
    return this.agentLoadStatement.all().map((row) => ({
      userId: row.userId,
      nickname: row.nickname,
      sessionIds: row.ids.split(' '),
    }))
  }

  /** Open sessions a supervisor monitors or coaches (barge-in is plain participation). */
  supervised(): SupervisedRow[] {
    return this.supervisedStatement.all()
  }
}
