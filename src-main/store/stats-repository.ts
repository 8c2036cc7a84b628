/**
 * Reads of the dashboard's summary tables (migration 4) and of the open sessions, for the
 * dashboard and `switchboard stats` (docs/dashboard.md). A window is read as its whole UTC hours
 * from the hourly rollups plus its partial first and last hours from `session_stats`, through
 * covering indexes: the cost follows at most two hours of sessions, not the sessions stored.
 */
import type { SqliteDatabase } from './open-database'

/** A half-open time range `[since, until)` in UTC ms. */
export interface TimeRange {
  since: number
  until: number
}

export const HOUR_MS = 3_600_000

/** Additive totals of a range: parts of a window are summed into the window's. */
export interface RangeTotals {
  offered: number
  answered: number
  waitMs: number
  abandoned: number
  closedByIdle: number
  closedByTtl: number
  /** Closed sessions an agent had answered, and the sum of their handle times. */
  handled: number
  handleMs: number
}

/** Answered sessions per wait, in whole seconds rounded up. */
export interface WaitCount {
  waitSeconds: number
  answered: number
}

/** One bucket of a time series: its index from the series' start, and its count. */
export interface BucketCount {
  bucket: number
  count: number
}

export interface AgentCount {
  userId: string
  answered: number
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

export type SeriesName = 'arrivals' | 'answered' | 'abandoned'

type BucketParams = TimeRange & { origin: number; bucketMs: number }

const ZERO_TOTALS: RangeTotals = {
  offered: 0,
  answered: 0,
  waitMs: 0,
  abandoned: 0,
  closedByIdle: 0,
  closedByTtl: 0,
  handled: 0,
  handleMs: 0,
}

export function addTotals(a: RangeTotals, b: RangeTotals): RangeTotals {
  const sum = { ...a }
  for (const key of Object.keys(sum) as (keyof RangeTotals)[]) sum[key] += b[key]
  return sum
}

const ABANDONED = `answered_at IS NULL AND close_reason = 'customer-left'`

export class StatsRepository {
  private readonly rawOffered
  private readonly rawAnswered
  private readonly rawClosed
  private readonly rawWaits
  private readonly rawAgents
  private readonly rawSeries: Record<SeriesName, ReturnType<typeof prepareSeries>>
  private readonly hourTotals
  private readonly hourWaits
  private readonly hourAgents
  private readonly hourSeries
  private readonly openSessionsStatement
  private readonly agentLoadStatement
  private readonly supervisedStatement

  constructor(db: SqliteDatabase) {
    const started = `started_at >= @since AND started_at < @until`
    const answered = `answered_at >= @since AND answered_at < @until`
    const closed = `closed_at >= @since AND closed_at < @until`
    this.rawOffered = db
      .prepare<TimeRange, number>(`SELECT count(*) FROM session_stats WHERE ${started}`)
      .pluck()
    this.rawAnswered = db.prepare<TimeRange, Pick<RangeTotals, 'answered' | 'waitMs'>>(
      `SELECT count(*) AS answered, coalesce(sum(answered_at - started_at), 0) AS waitMs
        FROM session_stats WHERE ${answered}`,
    )
    this.rawClosed = db.prepare<TimeRange, Omit<RangeTotals, 'offered' | 'answered' | 'waitMs'>>(
      `SELECT coalesce(sum(${ABANDONED}), 0) AS abandoned,
        coalesce(sum(close_reason = 'idle'), 0) AS closedByIdle,
        coalesce(sum(close_reason = 'ttl'), 0) AS closedByTtl,
        count(answered_at) AS handled, coalesce(sum(closed_at - answered_at), 0) AS handleMs
      FROM session_stats WHERE ${closed}`,
    )
    this.rawWaits = db.prepare<TimeRange, WaitCount>(
      `SELECT (answered_at - started_at + 999) / 1000 AS waitSeconds, count(*) AS answered
        FROM session_stats WHERE ${answered} GROUP BY waitSeconds`,
    )
    this.rawAgents = db.prepare<TimeRange, AgentCount>(
      `SELECT answered_by AS userId, count(*) AS answered FROM session_stats
        WHERE ${answered} AND answered_by IS NOT NULL GROUP BY answered_by`,
    )
    this.rawSeries = {
      arrivals: prepareSeries(db, 'started_at'),
      answered: prepareSeries(db, 'answered_at'),
      abandoned: prepareSeries(db, 'closed_at', `AND ${ABANDONED}`),
    }
    const hours = `hour >= @since AND hour < @until`
    this.hourTotals = db.prepare<TimeRange, RangeTotals>(
      `SELECT coalesce(sum(offered), 0) AS offered, coalesce(sum(answered), 0) AS answered,
        coalesce(sum(wait_ms), 0) AS waitMs, coalesce(sum(abandoned), 0) AS abandoned,
        coalesce(sum(closed_by_idle), 0) AS closedByIdle,
        coalesce(sum(closed_by_ttl), 0) AS closedByTtl, coalesce(sum(handled), 0) AS handled,
        coalesce(sum(handle_ms), 0) AS handleMs
      FROM stats_hours WHERE ${hours}`,
    )
    this.hourWaits = db.prepare<TimeRange, WaitCount>(
      `SELECT wait_seconds AS waitSeconds, sum(answered) AS answered FROM stats_hour_waits
        WHERE ${hours} GROUP BY wait_seconds`,
    )
    this.hourAgents = db.prepare<TimeRange, AgentCount>(
      `SELECT user_id AS userId, sum(answered) AS answered FROM stats_hour_agents
        WHERE ${hours} GROUP BY user_id`,
    )
    this.hourSeries = db.prepare<TimeRange, { hour: number } & Record<SeriesName, number>>(
      `SELECT hour, offered AS arrivals, answered, abandoned FROM stats_hours WHERE ${hours}`,
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

  /** Totals of a range read from `session_stats` (for partial hours and short windows). */
  rawRangeTotals(range: TimeRange): RangeTotals {
    if (range.until <= range.since) return { ...ZERO_TOTALS }
    return {
      offered: this.rawOffered.get(range) ?? 0,
      ...(this.rawAnswered.get(range) as Pick<RangeTotals, 'answered' | 'waitMs'>),
      ...(this.rawClosed.get(range) as Omit<RangeTotals, 'offered' | 'answered' | 'waitMs'>),
    }
  }

  /** Totals of whole hours `[since, until)` (both on hour boundaries) from the rollups. */
  hourRangeTotals(hours: TimeRange): RangeTotals {
    if (hours.until <= hours.since) return { ...ZERO_TOTALS }
    return this.hourTotals.get(hours) as RangeTotals
  }

  rawWaitCounts(range: TimeRange): WaitCount[] {
    return range.until <= range.since ? [] : this.rawWaits.all(range)
  }

  hourWaitCounts(hours: TimeRange): WaitCount[] {
    return hours.until <= hours.since ? [] : this.hourWaits.all(hours)
  }

  rawAgentCounts(range: TimeRange): AgentCount[] {
    return range.until <= range.since ? [] : this.rawAgents.all(range)
  }

  hourAgentCounts(hours: TimeRange): AgentCount[] {
    return hours.until <= hours.since ? [] : this.hourAgents.all(hours)
  }

  /** Counts per `bucketMs` bucket from `origin`, of sessions whose moment falls in `range`. */
  rawBuckets(name: SeriesName, range: TimeRange, origin: number, bucketMs: number): BucketCount[] {
    if (range.until <= range.since) return []
    return this.rawSeries[name].all({ ...range, origin, bucketMs })
  }

  /** The hourly rollup rows of whole hours `[since, until)`. */
  hourRows(hours: TimeRange): ({ hour: number } & Record<SeriesName, number>)[] {
    return hours.until <= hours.since ? [] : this.hourSeries.all(hours)
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

function prepareSeries(db: SqliteDatabase, column: string, extra = '') {
  return db.prepare<BucketParams, BucketCount>(
    // Numbers bind as REAL: the cast makes the division a whole bucket index.
    `SELECT CAST((${column} - @origin) / @bucketMs AS INTEGER) AS bucket, count(*) AS count FROM session_stats
      WHERE ${column} >= @since AND ${column} < @until ${extra} GROUP BY bucket`,
  )
}
