/**
 * The supervisor dashboard's snapshot (docs/dashboard.md): the floor now, one window's figures,
 * and the series its charts draw. The store answers everything that outlives a restart; the
 * running app adds what only it knows (who is signed in, which idle alerts are pending).
 */
import type { RaisedHand } from '../../src-shared/console-api/raised-hands'
import type { AgentNow, DashboardSnapshot, NowFigures, StatsWindow } from '../../src-shared/stats'
import type { AgentCount, StatsRepository } from '../store/stats-repository'
import { computeSeries, figuresOf, readWindowData, waitDistributionOf } from './stats-figures'
import { bucketMsOf, windowRange } from './stats-windows'

/** What only the running app knows about the floor. */
export interface LiveFloor {
  /** Agents signed in to a console window now. */
  signedInAgents: readonly { userId: string; name: string }[]
  /** Open sessions whose idle alert went out and whose close is pending. */
  idleAlertPending: readonly string[]
  raisedHands?: readonly RaisedHand[]
}

export interface SnapshotOptions {
  window: StatsWindow
  now: number
  serviceLevelSeconds: number
  /** A queued session waiting longer than this is flagged. */
  longWaitSeconds: number
  live?: LiveFloor
}

function agentsNow(
  stats: StatsRepository,
  answeredInWindow: readonly AgentCount[],
  live: LiveFloor | undefined,
): AgentNow[] {
  const agents = new Map<string, AgentNow>()
  const agent = (userId: string, name: string): AgentNow => {
    let entry = agents.get(userId)
    if (!entry) {
      entry = { userId, name, isSignedIn: false, sessionIds: [], answeredInWindow: 0 }
      agents.set(userId, entry)
    }
    return entry
  }
  for (const { userId, name } of live?.signedInAgents ?? []) agent(userId, name).isSignedIn = true
  for (const row of stats.agentLoad()) agent(row.userId, row.nickname).sessionIds = row.sessionIds
  for (const row of answeredInWindow) {
    agent(row.userId, agents.get(row.userId)?.name ?? row.userId).answeredInWindow = row.answered
  }
  return [...agents.values()].sort((a, b) => a.userId.localeCompare(b.userId))
}

function nowFigures(
  stats: StatsRepository,
  answeredInWindow: readonly AgentCount[],
  options: SnapshotOptions,
): NowFigures {
  const open = stats.openSessions()
  const queued = open.filter((session) => session.state === 'queued')
  const oldest = queued[0]
  const longWaitStartedBefore = options.now - options.longWaitSeconds * 1000
  return {
    queued: queued.length,
    active: open.length - queued.length,
    longestWait: oldest
      ? {
          sessionId: oldest.sessionId,
          startedAt: oldest.startedAt,
          seconds: Math.floor((options.now - oldest.startedAt) / 1000),
        }
      : null,
    agents: agentsNow(stats, answeredInWindow, options.live),
    supervised: stats.supervised(),
    idleAlertPending: [...(options.live?.idleAlertPending ?? [])],
    raisedHands: [...(options.live?.raisedHands ?? [])],
    longWaiting: queued
      .filter((session) => session.startedAt < longWaitStartedBefore)
      .map((session) => session.sessionId),
  }
}

export function buildDashboardSnapshot(
  stats: StatsRepository,
  options: SnapshotOptions,
): DashboardSnapshot {
  const range = windowRange(options.window, options.now)
  const data = readWindowData(stats, range)
  return {
    serverTime: options.now,
    window: options.window,
    now: nowFigures(stats, data.agents, options),
    figures: figuresOf(data, range, options.serviceLevelSeconds),
    series: computeSeries(stats, range, bucketMsOf(options.window)),
    waitDistribution: waitDistributionOf(data),
  }
}
