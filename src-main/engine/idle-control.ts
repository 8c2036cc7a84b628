import type { IdlePhase, IdleSettings, IdleStatus } from '../../src-shared/domain'
import type { Clock, TimerHandle } from './ports'

/** The running phases: which alert (or the close) the timer is counting down to. */
export type RunningPhase = Exclude<IdlePhase, 'off'>

/** The timeout, in seconds, that governs each running phase. */
function phaseTimeout(phase: RunningPhase, settings: IdleSettings): number {
  if (phase === 'alert') return settings.timeoutAlert
  if (phase === 'alert2') return settings.timeoutAlert2
  return settings.timeoutClose
}

/**
 * One session's inactivity timer (docs/sessions.md, "Idle (inactivity) control"). It knows phases
 * and deadlines only; what an expiry posts is the engine's business (`onExpired`).
 */
export class IdleControlTimer {
  private phase: IdlePhase = 'off'
  private phaseStartedAt: number | null = null
  private deadline: number | null = null
  private timer: TimerHandle | undefined

  constructor(
    private readonly clock: Clock,
    private readonly onExpired: (phase: RunningPhase) => void,
  ) {}

  get status(): IdleStatus {
    return { phase: this.phase, deadline: this.deadline, phaseStartedAt: this.phaseStartedAt }
  }

  get isRunning(): boolean {
    return this.phase !== 'off'
  }

  /**
   * Brings the timer in line with whether it may run (enabled, session open, an agent present):
   * starts `timeout-alert` from now if it may and is not running, stops it if it may not.
   */
  setEligible(isEligible: boolean, settings: IdleSettings): void {
    if (!isEligible) this.stop()
    else if (!this.isRunning) this.enter('alert', this.clock.now(), settings)
  }

  /** Activity at any phase returns to the start of `timeout-alert`. */
  restart(settings: IdleSettings): void {
    if (this.isRunning) this.enter('alert', this.clock.now(), settings)
  }

  /**
   * Settings changed while running: the running phase keeps its start and takes its new
   * timeout, firing at once when that deadline is already past. Decision: if `timeout-alert2`
   * drops to 0 while waiting for the second alert, the wait becomes the close phase.
   */
  applySettings(settings: IdleSettings): void {
    if (!this.isRunning || this.phaseStartedAt === null) return
    const phase = this.phase === 'alert2' && settings.timeoutAlert2 === 0 ? 'close' : this.phase
    this.enter(phase as RunningPhase, this.phaseStartedAt, settings)
  }

  /** After an expiry the engine posted: move on to the next phase. */
  advanceAfter(expired: RunningPhase, settings: IdleSettings): void {
    if (expired === 'close') return this.stop()
    const next = expired === 'alert' && settings.timeoutAlert2 > 0 ? 'alert2' : 'close'
    this.enter(next, this.clock.now(), settings)
  }

  stop(): void {
    if (this.timer) this.clock.clearTimer(this.timer)
    this.timer = undefined
    this.phase = 'off'
    this.phaseStartedAt = null
    this.deadline = null
  }

  private enter(phase: RunningPhase, startedAt: number, settings: IdleSettings): void {
    if (this.timer) this.clock.clearTimer(this.timer)
    this.phase = phase
    this.phaseStartedAt = startedAt
    this.deadline = startedAt + phaseTimeout(phase, settings) * 1000
    this.timer = this.clock.setTimer(this.deadline, () => {
      this.timer = undefined
      this.onExpired(phase)
    })
  }
}
