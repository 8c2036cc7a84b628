/**
 * Which time range a dashboard window covers, and how finely its charts are bucketed.
 */
import type { StatsWindow } from '../../src-shared/stats'
import type { TimeRange } from '../store/stats-repository'

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS

/** Chart bucket per window: 15 one-minute bars, 12 five-minute bars, one bar per hour. */
const BUCKET_MS: Record<StatsWindow, number> = {
  '15m': MINUTE_MS,
  '1h': 5 * MINUTE_MS,
  today: HOUR_MS,
}

/** Midnight of `now`'s day in the server's local time zone (UTC ms). */
export function startOfLocalDay(now: number): number {
  const day = new Date(now)
  day.setHours(0, 0, 0, 0)
  return day.getTime()
}

/** The range `[since, now]` a window covers (`until` is just past `now`, the range is half-open). */
export function windowRange(window: StatsWindow, now: number): TimeRange {
  const until = now + 1
  if (window === '15m') return { since: now - 15 * MINUTE_MS, until }
  if (window === '1h') return { since: now - HOUR_MS, until }
  return { since: startOfLocalDay(now), until }
}

export function bucketMsOf(window: StatsWindow): number {
  return BUCKET_MS[window]
}
