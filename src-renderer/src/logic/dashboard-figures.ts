/**
 * The dashboard's figures as label/value rows, from a snapshot (docs/dashboard.md).
 */
import type { DashboardSnapshot } from '../../../src-shared/stats'
import { messages } from '../messages'

export interface FigureRow {
  id: string
  label: string
  value: string
  detail?: string
  isAlert?: boolean
}

const { dashboard: text } = messages

export function nowRows(snapshot: DashboardSnapshot, longWaitSeconds: number): FigureRow[] {
  const { now } = snapshot
  const signedIn = now.agents.filter((agent) => agent.isSignedIn).length
  return [
    { id: 'queued', label: text.now.queued, value: String(now.queued) },
    {
      id: 'longest-wait',
      label: text.now.longestWait,
      value: now.longestWait ? text.seconds(now.longestWait.seconds) : text.now.noWait,
      ...(now.longestWait ? { detail: text.now.longestWaitOf(now.longestWait.sessionId) } : {}),
      isAlert: now.longWaiting.length > 0,
    },
    { id: 'active', label: text.now.active, value: String(now.active) },
    { id: 'agents-signed-in', label: text.now.agentsSignedIn, value: String(signedIn) },
    { id: 'supervised', label: text.now.supervised, value: String(now.supervised.length) },
    {
      id: 'idle-alert-pending',
      label: text.now.idleAlertPending,
      value: String(now.idleAlertPending.length),
      isAlert: now.idleAlertPending.length > 0,
    },
    {
      id: 'long-waiting',
      label: text.now.longWaiting(longWaitSeconds),
      value: String(now.longWaiting.length),
      isAlert: now.longWaiting.length > 0,
    },
  ]
}

export function windowRows(snapshot: DashboardSnapshot): FigureRow[] {
  const { figures } = snapshot
  const { figures: labels } = text
  return [
    { id: 'offered', label: labels.offered, value: String(figures.offered) },
    { id: 'answered', label: labels.answered, value: String(figures.answered) },
    { id: 'abandoned', label: labels.abandoned, value: String(figures.abandoned) },
    { id: 'closed-by-idle', label: labels.closedByIdle, value: String(figures.closedByIdle) },
    { id: 'closed-by-ttl', label: labels.closedByTtl, value: String(figures.closedByTtl) },
    {
      id: 'average-wait',
      label: labels.averageWait,
      value: text.seconds(figures.averageWaitSeconds),
    },
    { id: 'p90-wait', label: labels.p90Wait, value: text.seconds(figures.p90WaitSeconds) },
    {
      id: 'average-handle',
      label: labels.averageHandle,
      value: text.seconds(figures.averageHandleSeconds),
    },
    {
      id: 'service-level',
      label: labels.serviceLevel(figures.serviceLevelThresholdSeconds),
      value: labels.percent(figures.serviceLevelPercent),
    },
  ]
}
