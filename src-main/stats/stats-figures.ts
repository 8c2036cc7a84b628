/**
 * The dashboard figures computed from the store's summary (docs/dashboard.md has the
 * definitions). Pure arithmetic over `StatsRepository` reads: the same code answers the console,
 * `switchboard stats` and the harness, so the three can never disagree.
 */
import type {
  StatsReport,
  StatsSeries,
  WaitDistribution,
  WindowFigures,
} from '../../src-shared/stats'
import {
  WAIT_BIN_LIMITS_MS,
  type BucketCount,
  type StatsRepository,
  type TimeRange,
} from '../store/stats-repository'

/** Seconds with one decimal: enough for a wait, and stable to compare in tests. */
function toSeconds(milliseconds: number): number {
  return Math.round(milliseconds / 100) / 10
}

function meanSeconds(sumMs: number, count: number): number | null {
  return count === 0 ? null : toSeconds(sumMs / count)
}

/** Nearest-rank percentile: the smallest wait with at least `p`% of the waits at or below it. */
function percentileRank(count: number, percent: number): number {
  return Math.max(0, Math.ceil((percent / 100) * count) - 1)
}

export function computeWindowFigures(
  stats: StatsRepository,
  range: TimeRange,
  serviceLevelSeconds: number,
): WindowFigures {
  const answered = stats.answered(range, serviceLevelSeconds * 1000)
  const closed = stats.closed(range)
  const p90 =
    answered.answered === 0
      ? undefined
      : stats.waitAtRank(range, percentileRank(answered.answered, 90))
  const waitEnded = answered.answered + closed.abandoned + closed.closedByTtl
  return {
    since: range.since,
    until: range.until,
    offered: stats.offered(range),
    answered: answered.answered,
    abandoned: closed.abandoned,
    closedByIdle: closed.closedByIdle,
    closedByTtl: closed.closedByTtl,
    averageWaitSeconds: meanSeconds(answered.waitSumMs, answered.answered),
    p90WaitSeconds: p90 === undefined ? null : toSeconds(p90),
    averageHandleSeconds: meanSeconds(closed.handleSumMs, closed.handled),
    serviceLevelPercent:
      waitEnded === 0
        ? null
        : Math.round((1000 * answered.answeredWithinThreshold) / waitEnded) / 10,
    serviceLevelThresholdSeconds: serviceLevelSeconds,
  }
}

/** The window figures and the open sessions now, as `switchboard stats` prints them. */
export function computeStatsReport(
  stats: StatsRepository,
  range: TimeRange,
  serviceLevelSeconds: number,
): StatsReport {
  const open = stats.openSessions()
  return {
    ...computeWindowFigures(stats, range, serviceLevelSeconds),
    queued: open.filter((session) => session.state === 'queued').length,
    active: open.filter((session) => session.state === 'active').length,
  }
}

function spread(counts: readonly BucketCount[], length: number): number[] {
  const values = new Array<number>(length).fill(0)
  for (const { bucket, count } of counts) if (bucket >= 0 && bucket < length) values[bucket] = count
  return values
}

/** Arrivals, answers and abandons per bucket of the window, for the chart over time. */
export function computeSeries(
  stats: StatsRepository,
  range: TimeRange,
  bucketMs: number,
): StatsSeries {
  const length = Math.max(1, Math.ceil((range.until - range.since) / bucketMs))
  return {
    bucketSeconds: bucketMs / 1000,
    arrivals: spread(stats.arrivals(range, bucketMs), length),
    answered: spread(stats.answeredSeries(range, bucketMs), length),
    abandoned: spread(stats.abandonedSeries(range, bucketMs), length),
  }
}

export function computeWaitDistribution(
  stats: StatsRepository,
  range: TimeRange,
): WaitDistribution {
  return {
    limitsSeconds: WAIT_BIN_LIMITS_MS.map((limit) => limit / 1000),
    counts: stats.waitBins(range),
  }
}
