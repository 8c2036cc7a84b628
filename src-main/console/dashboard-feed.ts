/**
 * Pushes the supervisor dashboard (docs/dashboard.md) to the windows that subscribed: a fresh
 * snapshot shortly after any committed change (several changes in a burst make one push), and
 * on a slow tick so waits and windows move on while nothing happens. Subscribers choose their
 * window and thresholds; one snapshot is computed per distinct choice.
 *
 * Role checks are the caller's (`dashboard.subscribe` is supervisor-only, and the window drops
 * pushes once its user is no supervisor); this class hears the bus as a supervisor.
 */
import type { DashboardSnapshot, StatsWindow } from '../../src-shared/stats'
import type { ChatEngine } from '../engine/chat-engine'
import type { Clock, Logger, TimerHandle } from '../engine/ports'
import { buildDashboardSnapshot, type LiveFloor } from '../stats/dashboard-snapshot'
import type { StatsRepository } from '../store/stats-repository'
import type { RaisedHands } from './raised-hands'
import type { SignedInUsers } from './signed-in-users'

export interface DashboardChoice {
  window: StatsWindow
  serviceLevelSeconds: number
  longWaitSeconds: number
}

export interface DashboardFeedOptions {
  engine: ChatEngine
  stats: StatsRepository
  clock: Clock
  presence: SignedInUsers
  /** Raised hands show on the dashboard; a change pushes at once (after coalescing). */
  hands?: RaisedHands
  logger: Logger
  /** Changes within this time make one push. Default 250 ms. */
  coalesceMs?: number
  /** Pushes at least this often while anyone subscribes. Default 15 s. */
  tickMs?: number
}

type Deliver = (snapshot: DashboardSnapshot) => void

const IDLE_ALERT_SENT = new Set(['alert2', 'close'])

export class DashboardFeed {
  private readonly subscribers = new Map<object, { choice: DashboardChoice; deliver: Deliver }>()
  private unsubscribeBus: (() => void) | undefined
  private unsubscribePresence: (() => void) | undefined
  private pending: TimerHandle | undefined
  private tick: TimerHandle | undefined
  private readonly coalesceMs: number
  private readonly tickMs: number

  constructor(private readonly options: DashboardFeedOptions) {
    this.coalesceMs = options.coalesceMs ?? 250
    this.tickMs = options.tickMs ?? 15_000
  }

  /** The snapshot for `choice` now. */
  snapshot(choice: DashboardChoice): DashboardSnapshot {
    return buildDashboardSnapshot(this.options.stats, {
      ...choice,
      now: this.options.clock.now(),
      live: this.liveFloor(),
    })
  }

  /** Starts (or changes) pushes to `key`; returns the snapshot to show at once. */
  subscribe(key: object, choice: DashboardChoice, deliver: Deliver): DashboardSnapshot {
    this.subscribers.set(key, { choice, deliver })
    if (!this.unsubscribeBus) {
      this.unsubscribeBus = this.options.engine.bus.subscribe('supervisor', () => this.soon())
      const unsubscribeHands = this.options.hands?.onChange(() => this.soon())
      const unsubscribePresence = this.options.presence.onChange(() => this.soon())
      this.unsubscribePresence = () => {
        unsubscribePresence()
        unsubscribeHands?.()
      }
      this.armTick()
    }
    return this.snapshot(choice)
  }

  unsubscribe(key: object): void {
    this.subscribers.delete(key)
    if (this.subscribers.size > 0) return
    this.unsubscribeBus?.()
    this.unsubscribePresence?.()
    this.unsubscribeBus = this.unsubscribePresence = undefined
    for (const handle of [this.pending, this.tick]) {
      if (handle) this.options.clock.clearTimer(handle)
    }
    this.pending = this.tick = undefined
  }

  get subscriberCount(): number {
    return this.subscribers.size
  }

  private liveFloor(): LiveFloor {
    const { engine, stats } = this.options
    const idleAlertPending = stats
      .openSessions()
      .filter((session) => session.state === 'active')
      .filter((session) => {
        const phase = engine.getSession(session.sessionId, 'supervisor')?.idleStatus.phase
        return phase !== undefined && IDLE_ALERT_SENT.has(phase)
      })
      .map((session) => session.sessionId)
    const signedInAgents = this.options.presence
      .agents()
      .map((user) => ({ userId: user.id, name: user.name }))
    return { signedInAgents, idleAlertPending, raisedHands: this.options.hands?.all() ?? [] }
  }

  private soon(): void {
    if (this.pending || this.subscribers.size === 0) return
    const { clock } = this.options
    this.pending = clock.setTimer(clock.now() + this.coalesceMs, () => {
      this.pending = undefined
      this.publish()
    })
  }

  private armTick(): void {
    const { clock } = this.options
    this.tick = clock.setTimer(clock.now() + this.tickMs, () => {
      this.tick = undefined
      if (this.subscribers.size === 0) return
      this.publish()
      this.armTick()
    })
  }

  private publish(): void {
    const byChoice = new Map<string, DashboardSnapshot>()
    for (const { choice, deliver } of [...this.subscribers.values()]) {
      const key = `${choice.window}/${choice.serviceLevelSeconds}/${choice.longWaitSeconds}`
      try {
        let snapshot = byChoice.get(key)
        if (!snapshot) {
          snapshot = this.snapshot(choice)
          byChoice.set(key, snapshot)
        }
        deliver(snapshot)
      } catch (error) {
        this.options.logger.error('dashboard push failed', { error })
      }
    }
  }
}
