/**
 * The dashboard figures computed from the store's summary (docs/dashboard.md has the
 * definitions). Arithmetic over `StatsRepository` reads: the same code answers the console,
 * `switchboard stats` and the harness, so the three can never disagree.
 *
 * A window is cut into its partial first hour, its whole UTC hours and its partial last hour;
 * the whole hours come from the hourly rollups, the partial ones from the per-session rows.
 */
import type {
  StatsReport,
  StatsSeries,
  WaitDistribution,
  WindowFigures,
} from '../../src-shared/stats'
import {
  addTotals,
  HOUR_MS,
  type AgentCount,
  type RangeTotals,
  type SeriesName,
  type StatsRepository,
  type TimeRange,
  type WaitCount,
} from '../store/stats-repository'

/** Upper edges (seconds, inclusive) of the wait-distribution bins; the last bin is open-ended. */
export const WAIT_BIN_LIMITS_SECONDS = [10, 30, 60, 120, 300] as const

interface RangeParts {
  head: TimeRange
  hours: TimeRange
  tail: TimeRange
}

/** Cuts `range` at the first and last whole UTC hour inside it. */
export function splitByHours(range: TimeRange): RangeParts {
  const firstHour = Math.ceil(range.since / HOUR_MS) * HOUR_MS
  const lastHour = Math.floor(range.until / HOUR_MS) * HOUR_MS
  if (firstHour >= lastHour) {
    const empty = { since: range.until, until: range.until }
    return { head: range, hours: empty, tail: empty }
  }
  return {
    head: { since: range.since, until: firstHour },
    hours: { since: firstHour, until: lastHour },
    tail: { since: lastHour, until: range.until },
  }
}

/** Everything the window figures are made of, summed over the window's parts. */
interface WindowData {
  totals: RangeTotals
  /** Answered sessions per wait (whole seconds, rounded up), ascending. */
  waits: WaitCount[]
  agents: AgentCount[]
}

function mergeCounts<K extends string, T extends Record<K, string | number> & { answered: number }>(
  key: K,
  lists: readonly (readonly T[])[],
): Map<T[K], number> {
  const merged = new Map<T[K], number>()
  for (const list of lists) {
    for (const item of list) merged.set(item[key], (merged.get(item[key]) ?? 0) + item.answered)
  }
  return merged
}

export function readWindowData(stats: StatsRepository, range: TimeRange): WindowData {
  const { head, hours, tail } = splitByHours(range)
  const totals = addTotals(
    addTotals(stats.rawRangeTotals(head), stats.hourRangeTotals(hours)),
    stats.rawRangeTotals(tail),
  )
  const waits = mergeCounts('waitSeconds', [
    stats.rawWaitCounts(head),
    stats.hourWaitCounts(hours),
    stats.rawWaitCounts(tail),
  ])
  const agents = mergeCounts('userId', [
    stats.rawAgentCounts(head),
    stats.hourAgentCounts(hours),
    stats.rawAgentCounts(tail),
  ])
  return {
    totals,
    waits: [...waits]
      .map(([waitSeconds, answered]) => ({ waitSeconds, answered }))
      .sort((a, b) => a.waitSeconds - b.waitSeconds),
    agents: [...agents].map(([userId, answered]) => ({ userId, answered })),
  }
}

/** Seconds with one decimal: enough for a wait, and stable to compare in tests. */
function toSeconds(milliseconds: number): number {
  return Math.round(milliseconds / 100) / 10
}

function meanSeconds(sumMs: number, count: number): number | null {
  return count === 0 ? null : toSeconds(sumMs / count)
}

/** Nearest rank: the smallest wait with at least `percent`% of the waits at or below it. */
function percentileOf(waits: readonly WaitCount[], count: number, percent: number): number | null {
  if (count === 0) return null
  const rank = Math.max(1, Math.ceil((percent / 100) * count))
  let seen = 0
  for (const { waitSeconds, answered } of waits) {
    seen += answered
    if (seen >= rank) return waitSeconds
  }
  return waits.at(-1)?.waitSeconds ?? null
}

export function figuresOf(
  data: WindowData,
  range: TimeRange,
  serviceLevelSeconds: number,
): WindowFigures {
  const { totals, waits } = data
  const withinThreshold = waits
    .filter((wait) => wait.waitSeconds <= serviceLevelSeconds)
    .reduce((sum, wait) => sum + wait.answered, 0)
  const waitEnded = totals.answered + totals.abandoned + totals.closedByTtl
  return {
    since: range.since,
    until: range.until,
    offered: totals.offered,
    answered: totals.answered,
    abandoned: totals.abandoned,
    closedByIdle: totals.closedByIdle,
    closedByTtl: totals.closedByTtl,
    averageWaitSeconds: meanSeconds(totals.waitMs, totals.answered),
    p90WaitSeconds: percentileOf(waits, totals.answered, 90),
    averageHandleSeconds: meanSeconds(totals.handleMs, totals.handled),
    serviceLevelPercent:
      waitEnded === 0 ? null : Math.round((1000 * withinThreshold) / waitEnded) / 10,
    serviceLevelThresholdSeconds: serviceLevelSeconds,
  }
}

export function computeWindowFigures(
  stats: StatsRepository,
  range: TimeRange,
  serviceLevelSeconds: number,
): WindowFigures {
  return figuresOf(readWindowData(stats, range), range, serviceLevelSeconds)
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

const SERIES_NAMES: readonly SeriesName[] = ['arrivals', 'answered', 'abandoned']

/** Arrivals, answers and abandons per bucket of the window, for the chart over time. */
export function computeSeries(
  stats: StatsRepository,
  range: TimeRange,
  bucketMs: number,
): StatsSeries {
  const length = Math.max(1, Math.ceil((range.until - range.since) / bucketMs))
  const series: StatsSeries = {
    bucketSeconds: bucketMs / 1000,
    arrivals: [],
    answered: [],
    abandoned: [],
  }
  for (const name of SERIES_NAMES) series[name] = new Array<number>(length).fill(0)
  const add = (name: SeriesName, bucket: number, count: number) => {
    if (bucket >= 0 && bucket < length) series[name][bucket]! += count
  }
  const { head, hours, tail } = splitByHours(range)
  // Hour buckets that line up with UTC hours come from the rollups; anything else is counted
  // from the per-session rows (only a window of an hour or less, or a half-hour time zone).
  const isHourAligned = bucketMs === HOUR_MS && (hours.since - range.since) % HOUR_MS === 0
  const rawParts = isHourAligned ? [head, tail] : [range]
  for (const name of SERIES_NAMES) {
    for (const part of rawParts) {
      for (const { bucket, count } of stats.rawBuckets(name, part, range.since, bucketMs)) {
        add(name, bucket, count)
      }
    }
  }
  if (isHourAligned) {
    for (const row of stats.hourRows(hours)) {
      const bucket = Math.floor((row.hour - range.since) / bucketMs)
      for (const name of SERIES_NAMES) add(name, bucket, row[name])
    }
  }
  return series
}

/** Answered sessions per wait bin, from the window's waits. */
export function waitDistributionOf(data: WindowData): WaitDistribution {
  const counts = new Array<number>(WAIT_BIN_LIMITS_SECONDS.length + 1).fill(0)
  for (const { waitSeconds, answered } of data.waits) {
    const bin = WAIT_BIN_LIMITS_SECONDS.findIndex((limit) => waitSeconds <= limit)
    counts[bin === -1 ? WAIT_BIN_LIMITS_SECONDS.length : bin]! += answered
  }
  return { limitsSeconds: [...WAIT_BIN_LIMITS_SECONDS], counts }
}
