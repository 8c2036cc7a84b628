/**
 * The event feed of one strategy invocation (strategy-api.ts, `StrategyEvents`): its session's
 * events in order, queued while the strategy is busy, taken with `next` or heard with `on`.
 * A strategy waiting in `next` is parked like one asleep on the clock, so the harness may move
 * time on; the event that wakes it marks it busy again before anything else runs.
 */
import type { ChatEvent, Party } from '../../src-shared/domain'
import type {
  StrategyEvent,
  StrategyEventFilter,
  StrategyEventOf,
  StrategyEvents,
  StrategyEventType,
  StrategyParty,
} from './strategy-api'
import type { Invocation, SleepTimers } from './strategy-context'

function partyOfEvent(event: StrategyEvent): StrategyParty | undefined {
  if ('from' in event) return event.from
  return 'party' in event ? event.party : undefined
}

function typeMatches(wanted: string | readonly string[] | undefined, type: string): boolean {
  if (wanted === undefined) return true
  return typeof wanted === 'string' ? wanted === type : wanted.includes(type)
}

/** True when `event` is one `filter` asks for. */
export function matchesFilter(
  filter: StrategyEventFilter | '*' | undefined,
  event: StrategyEvent,
): boolean {
  if (filter === undefined || filter === '*') return true
  if (typeof filter === 'string' || Array.isArray(filter)) return typeMatches(filter, event.type)
  const { type, from, text } = filter as Exclude<StrategyEventFilter, string | readonly string[]>
  if (!typeMatches(type, event.type)) return false
  if (from !== undefined && partyOfEvent(event)?.type !== from) return false
  if (text === undefined) return true
  if (!('text' in event)) return false
  return typeof text === 'string' ? event.text.includes(text) : text.test(event.text)
}

/** The engine's event as the strategy's feed shows it. */
export function toStrategyEvent(
  event: ChatEvent,
  partyOf: (partyId: string) => Party | undefined,
): StrategyEvent {
  const base = {
    eventId: event.eventId,
    time: event.time,
    at: event.timeShift,
    visibility: event.visibility,
  }
  const known = partyOf(event.partyId)
  const party: StrategyParty = known
    ? { partyId: known.partyId, nickname: known.nickname, type: known.type }
    : { partyId: event.partyId, nickname: '', type: 'SYSTEM' }
  switch (event.type) {
    case 'party-joined': {
      const { partyId, nickname, type } = event.party
      return { ...base, type: 'joined', party: { partyId, nickname, type } }
    }
    case 'party-left':
      return {
        ...base,
        type: 'left',
        party,
        reasonCode: event.reasonCode,
        reason: event.reasonText,
      }
    case 'message':
      return {
        ...base,
        type: 'message',
        from: party,
        text: event.text,
        ...(event.messageType === undefined ? {} : { messageType: event.messageType }),
      }
    case 'notice':
      if (event.noticeType === 'TYPING_STARTED' || event.noticeType === 'TYPING_STOPPED') {
        return { ...base, type: 'typing', party, isTyping: event.noticeType === 'TYPING_STARTED' }
      }
      if (event.noticeType === 'IDLE_CONTROL_ALERT') {
        return { ...base, type: 'idle-alert', text: event.text }
      }
      return { ...base, type: 'notice', party, noticeType: event.noticeType, text: event.text }
    case 'session-closed':
      return { ...base, type: 'closed', reason: event.reason }
  }
}

interface Waiter {
  filter: StrategyEventFilter | undefined
  resolve: (event: StrategyEvent | undefined) => void
  cancelTimeout: () => void
}

interface Handler {
  filter: StrategyEventFilter | '*'
  handler: (event: StrategyEvent) => void
}

/** The feed of one invocation. */
export class SessionFeed implements StrategyEvents {
  private readonly events: StrategyEvent[] = []
  /** Events before it have been taken or passed over by `next`. */
  private cursor = 0
  private waiters: Waiter[] = []
  private readonly handlers = new Set<Handler>()
  private isSessionClosed = false
  private isEnded = false

  constructor(
    private readonly timers: SleepTimers,
    private readonly invocation: Invocation,
    /** A handler passed to `on` threw: reported as the strategy's failure. */
    private readonly onHandlerError: (error: unknown) => void,
  ) {}

  get all(): readonly StrategyEvent[] {
    return this.events
  }

  /** New events of the session, in order. */
  push(events: readonly StrategyEvent[]): void {
    if (this.isEnded) return
    for (const event of events) {
      this.events.push(event)
      if (event.type === 'closed') this.isSessionClosed = true
      for (const { filter, handler } of [...this.handlers]) {
        if (!matchesFilter(filter, event)) continue
        try {
          handler(event)
        } catch (error) {
          this.onHandlerError(error)
        }
      }
    }
    this.serveWaiters()
  }

  next<T extends StrategyEventType = StrategyEventType>(
    filter?: StrategyEventFilter<T>,
    options: { timeout?: number } = {},
  ): Promise<StrategyEventOf<T> | undefined> {
    const found = this.take(filter)
    if (found || this.isSessionClosed || this.isEnded) {
      return Promise.resolve(found as StrategyEventOf<T> | undefined)
    }
    return new Promise((resolve) => {
      this.invocation.update(() => (this.invocation.sleeps += 1))
      const waiter: Waiter = {
        filter,
        resolve: (event) => resolve(event as StrategyEventOf<T> | undefined),
        cancelTimeout: () => {},
      }
      if (options.timeout !== undefined) {
        waiter.cancelTimeout = this.timers.set(
          this.timers.now() + Math.max(0, options.timeout),
          () => this.finish(waiter, undefined),
        )
      }
      this.waiters.push(waiter)
    })
  }

  on<T extends StrategyEventType = StrategyEventType>(
    filter: StrategyEventFilter<T> | '*',
    handler: (event: StrategyEventOf<T>) => void,
  ): () => void {
    const entry: Handler = {
      filter,
      handler: handler as (event: StrategyEvent) => void,
    }
    if (!this.isEnded) this.handlers.add(entry)
    return () => this.handlers.delete(entry)
  }

  /** The strategy returned: it hears nothing more, and whoever still waits gets `undefined`. */
  end(): void {
    this.isEnded = true
    this.handlers.clear()
    for (const waiter of [...this.waiters]) this.finish(waiter, undefined)
  }

  /** The server is going away: nothing more is heard and nobody waiting wakes (as with sleeps). */
  drop(): void {
    this.isEnded = true
    this.handlers.clear()
    for (const waiter of this.waiters) waiter.cancelTimeout()
    this.waiters = []
  }

  /** The first event from the cursor on that matches; the cursor moves past it. */
  private take(filter: StrategyEventFilter | undefined): StrategyEvent | undefined {
    for (let index = this.cursor; index < this.events.length; index++) {
      const event = this.events[index]
      if (event && matchesFilter(filter, event)) {
        this.cursor = index + 1
        return event
      }
    }
    return undefined
  }

  private serveWaiters(): void {
    for (const waiter of [...this.waiters]) {
      const found = this.take(waiter.filter)
      if (found) this.finish(waiter, found)
      else if (this.isSessionClosed) this.finish(waiter, undefined)
    }
  }

  /** Wakes `waiter`: it is busy again before its promise settles (the harness must not move on). */
  private finish(waiter: Waiter, event: StrategyEvent | undefined): void {
    if (!this.waiters.includes(waiter)) return
    this.waiters = this.waiters.filter((other) => other !== waiter)
    waiter.cancelTimeout()
    this.invocation.update(() => (this.invocation.sleeps -= 1))
    waiter.resolve(event)
  }
}
