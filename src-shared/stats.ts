/**
 * The dashboard's figures (docs/dashboard.md), as `switchboard stats --json`, the console's
 * `dashboard.*` methods and the harness read them. Pure types and constants.
 */
import type { RaisedHand } from './console-api/raised-hands'

/** The windows the dashboard offers: the last 15 minutes, the last hour, today (local time). */
export const STATS_WINDOWS = ['15m', '1h', 'today'] as const
export type StatsWindow = (typeof STATS_WINDOWS)[number]

/** Service level threshold when none is chosen: answered within 30 seconds. */
export const DEFAULT_SERVICE_LEVEL_SECONDS = 30

/** Figures over one time window `[since, until)`; each counted by the time of its own moment. */
export interface WindowFigures {
  /** UTC ms. */
  since: number
  until: number
  /** Sessions created (started) in the window. */
  offered: number
  /** Sessions whose first agent joined in the window. */
  answered: number
  /** Sessions the customer left (or lost) before any agent joined, closed in the window. */
  abandoned: number
  /** Sessions closed by idle control in the window. */
  closedByIdle: number
  /** Sessions closed in the window because the GMS service's TTL ended while queued. */
  closedByTtl: number
  /** Mean wait (start to first agent join) of the sessions answered in the window. */
  averageWaitSeconds: number | null
  /** Nearest-rank 90th percentile of the same waits. */
  p90WaitSeconds: number | null
  /** Mean time from first agent join to close, of answered sessions closed in the window. */
  averageHandleSeconds: number | null
  /** Answered within the threshold, in % of answered + abandoned + closedByTtl; null if none. */
  serviceLevelPercent: number | null
  serviceLevelThresholdSeconds: number
}

/** What `switchboard stats --json` prints: the window figures beside the open sessions now. */
export interface StatsReport extends WindowFigures {
  /** Sessions waiting for an agent now. */
  queued: number
  /** Sessions an agent has joined, still open now. */
  active: number
}

export interface AgentNow {
  userId: string
  name: string
  /** Signed in to a console window now (only known to a running app). */
  isSignedIn: boolean
  /** Open sessions the agent is in. */
  sessionIds: string[]
  /** Sessions it answered (joined first) in the window. */
  answeredInWindow: number
}

/** The floor right now. */
export interface NowFigures {
  /** Agents asking for help, oldest first (docs/dashboard.md, "Raise hand"). */
  raisedHands: RaisedHand[]
  queued: number
  active: number
  /** The session waiting longest, and since when (UTC ms); null with an empty queue. */
  longestWait: { sessionId: string; startedAt: number; seconds: number } | null
  agents: AgentNow[]
  /** Open sessions a supervisor monitors or coaches. */
  supervised: { sessionId: string; mode: 'monitor' | 'coach' }[]
  /** Open sessions whose idle alert went out and whose close is pending. */
  idleAlertPending: string[]
  /** Queued sessions waiting longer than the long-wait threshold. */
  longWaiting: string[]
}

/** Counts per bucket of `bucketSeconds`, the first starting at `since`. */
export interface StatsSeries {
  bucketSeconds: number
  arrivals: number[]
  answered: number[]
  abandoned: number[]
}

/** Answered sessions per wait bin; `limitsSeconds[i]` is bin i's exclusive upper edge. */
export interface WaitDistribution {
  limitsSeconds: number[]
  counts: number[]
}

/** Everything the dashboard view shows, computed at `serverTime`. */
export interface DashboardSnapshot {
  serverTime: number
  window: StatsWindow
  now: NowFigures
  figures: WindowFigures
  series: StatsSeries
  waitDistribution: WaitDistribution
}
