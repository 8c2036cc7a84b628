import type { Clock, TimerHandle } from './ports'
import { TimerQueue } from './timer-queue'

/**
 * A clock that only moves when told to. Advancing fires every timer due in between in deadline
 * order, with `now()` set to each timer's deadline while it runs, so a timer set by a callback
 * fires within the same advance if it is due.
 */
export class VirtualClock implements Clock {
  private readonly timers = new TimerQueue()
  private current: number

  constructor(start: number | Date = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime()
  }

  now(): number {
    return this.current
  }

  setTimer(at: number, callback: () => void): TimerHandle {
    return this.timers.add(at, callback)
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.remove(handle)
  }

  /** Number of pending timers (for tests and the harness' diagnostics). */
  get pendingTimers(): number {
    return this.timers.size
  }

  /** Deadline of the next timer, if any. */
  nextDeadline(): number | undefined {
    return this.timers.peekDeadline()
  }

  /**
   * Fires the one earliest timer due at or before `limit`, with `now()` moved to its deadline;
   * false when none is due. The harness uses it to settle every commit (and every strategy
   * woken by the timer) before the next timer fires.
   */
  runNext(limit: number): boolean {
    const due = this.timers.popDue(limit)
    if (!due) return false
    this.current = Math.max(this.current, due.at)
    due.callback()
    return true
  }

  advanceBy(milliseconds: number): void {
    if (milliseconds < 0) throw new RangeError('a virtual clock cannot go back in time')
    this.advanceTo(this.current + milliseconds)
  }

  advanceTo(target: number): void {
    for (;;) {
      const due = this.timers.popDue(target)
      if (!due) break
      this.current = Math.max(this.current, due.at)
      due.callback()
    }
    this.current = Math.max(this.current, target)
  }
}

/**
 * The longest delay Node's `setTimeout` honours (2^31 - 1 ms, about 24.8 days); a longer one
 * fires after 1 ms. A far deadline is waited out in steps of at most this.
 */
const MAX_NODE_DELAY_MS = 2 ** 31 - 1

/** Tuning of the `SystemClock`; the defaults suit production. */
export interface SystemClockOptions {
  /**
   * Longest stretch, in ms, that due timers may run before yielding to I/O. A thousand sessions
   * closing in the same second must not stall ESP and GMS traffic (bench: idle.close-burst).
   */
  sliceBudgetMs?: number
  /** Called with whatever a timer callback threw; the other timers still run. */
  onTimerError?: (error: unknown) => void
}

/**
 * Wall-clock time with all timers kept in one queue behind a single Node timer. Due timers run in
 * slices of at most `sliceBudgetMs`, yielding to the event loop between slices.
 */
export class SystemClock implements Clock {
  private readonly timers = new TimerQueue()
  private wakeUp: NodeJS.Timeout | undefined
  private wakeUpAt = Infinity
  private isDraining = false
  private isStopped = false
  private readonly sliceBudgetMs: number
  private readonly onTimerError: (error: unknown) => void

  constructor(options: SystemClockOptions = {}) {
    this.sliceBudgetMs = options.sliceBudgetMs ?? 1
    this.onTimerError = options.onTimerError ?? ((error) => console.error(error))
  }

  now(): number {
    return Date.now()
  }

  setTimer(at: number, callback: () => void): TimerHandle {
    const handle = this.timers.add(at, callback)
    this.schedule()
    return handle
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.remove(handle)
  }

  /** Stops the underlying Node timer so the process can exit; pending timers are dropped. */
  stop(): void {
    if (this.wakeUp) clearTimeout(this.wakeUp)
    this.wakeUp = undefined
    this.wakeUpAt = Infinity
    this.isStopped = true
  }

  private schedule(): void {
    if (this.isDraining || this.isStopped) return
    const next = this.timers.peekDeadline()
    if (next === undefined || next >= this.wakeUpAt) return
    if (this.wakeUp) clearTimeout(this.wakeUp)
    this.wakeUpAt = next
    const delay = Math.min(MAX_NODE_DELAY_MS, Math.max(0, next - Date.now()))
    this.wakeUp = setTimeout(() => this.drain(), delay)
    this.wakeUp.unref()
  }

  private drain(): void {
    if (this.wakeUp) clearTimeout(this.wakeUp)
    this.wakeUp = undefined
    this.wakeUpAt = Infinity
    this.isDraining = true
    const sliceEnd = performance.now() + this.sliceBudgetMs
    let hasMore = false
    try {
      for (;;) {
        const due = this.timers.popDue(Date.now())
        if (!due) break
        try {
          due.callback()
        } catch (error) {
          this.onTimerError(error)
        }
        if (performance.now() >= sliceEnd) {
          hasMore = true
          break
        }
      }
    } finally {
      this.isDraining = false
    }
    if (hasMore && !this.isStopped) setImmediate(() => this.drain())
    else this.schedule()
  }
}
