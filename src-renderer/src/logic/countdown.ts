/**
 * Countdown and wait-time arithmetic on the engine's clock. The server sends `serverTime` with
 * every session it returns (docs/console-api.md); the difference to the local clock at receipt is
 * the offset that makes a local tick read as server time, so clock skew never shows.
 */
import type { IdlePhase, IdleStatus } from '../../../src-shared/domain'
import { messages } from '../messages'

/** Milliseconds to add to the local clock to read the server's. */
export function clockOffset(serverTime: number, localNow: number): number {
  return serverTime - localNow
}

export interface IdleCountdown {
  phase: IdlePhase
  /** Whole seconds until the running phase expires, rounded up; null when idle control is off. */
  secondsLeft: number | null
  /** The deadline has passed and the engine has not reported the outcome yet. */
  isDue: boolean
}

/** Where the idle countdown stands at `serverNow`. */
export function idleCountdown(status: IdleStatus, serverNow: number): IdleCountdown {
  if (status.phase === 'off' || status.deadline === null) {
    return { phase: 'off', secondsLeft: null, isDue: false }
  }
  const remaining = status.deadline - serverNow
  return {
    phase: status.phase,
    secondsLeft: Math.max(0, Math.ceil(remaining / 1000)),
    isDue: remaining <= 0,
  }
}

/**
 * The countdown for people: "First alert in 4:05", "Closes in due now", "Off", or "Waiting for
 * an agent" when idle control is on but no timer runs yet.
 */
export function countdownText(countdown: IdleCountdown, isEnabled: boolean): string {
  if (countdown.phase === 'off') {
    return isEnabled ? messages.idleCountdown.offEnabled : messages.idleCountdown.phases.off
  }
  const left = countdown.isDue
    ? messages.idleCountdown.due
    : formatDuration(countdown.secondsLeft ?? 0)
  return `${messages.idleCountdown.phases[countdown.phase]} ${left}`
}

/** Whole seconds a session has waited since `startedAt` (ISO-8601) at `serverNow`. */
export function waitedSeconds(startedAt: string, serverNow: number): number {
  const started = Date.parse(startedAt)
  if (Number.isNaN(started)) return 0
  return Math.max(0, Math.floor((serverNow - started) / 1000))
}

/** `0:07`, `4:05`, `1:02:03`: a duration for people. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds))
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = String(seconds % 60).padStart(2, '0')
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${rest}`
  return `${minutes}:${rest}`
}
