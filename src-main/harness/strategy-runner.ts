/**
 * Runs the configured strategy (docs/harness.md, "Strategies") for each new interaction at its
 * endpoint. It hears of new sessions on the engine's bus, like a routing server hears of new
 * interactions, and speaks to them only through the real ESP endpoint. A strategy that throws is
 * reported with its file, line and session; the engine and the other strategies carry on.
 */
import type { ChatEngine } from '../engine/chat-engine'
import type { SessionUpdate } from '../engine/engine-bus'
import type { Clock, Logger } from '../engine/ports'
import { EspClient } from './esp-client'
import {
  StrategyFaultError,
  type Strategy,
  type StrategyEvent,
  type StrategyInteraction,
} from './strategy-api'
import { Invocation, SleepTimers, strategyClock, strategyEsp } from './strategy-context'
import { formatStrategyFailure, toStrategyFailure, type StrategyFailure } from './strategy-failure'
import { SessionFeed, toStrategyEvent } from './strategy-events'
import { StrategyLoader } from './strategy-loader'
import type { TraceListener, TraceRecord } from './strategy-trace'

/** `Omit` over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
import { watchUnhandledRejections } from './unhandled-rejections'

/** What the runner needs from the composition root. */
export interface StrategyRunnerOptions {
  engine: ChatEngine
  clock: Clock
  /** `ws://host:port/esp` of the running ESP listener. */
  espUrl: string
  espToken?: string
  /** Endpoint to the absolute path of its strategy module (`config.strategies`). */
  strategies: Readonly<Record<string, string>>
  /** Default: a new loader. The harness shares one, so each module loads once per run. */
  loader?: StrategyLoader
  logger: Logger
}

type FailureListener = (failure: StrategyFailure) => void

/** The running strategies of one server. */
export class StrategyRunner {
  private readonly invocations = new Set<Invocation>()
  private readonly failureListeners = new Set<FailureListener>()
  private readonly traceListeners = new Set<TraceListener>()
  /** The feeds of running invocations, by session: each hears its session's events. */
  private readonly feeds = new Map<string, Set<SessionFeed>>()
  private settledWaiters: (() => void)[] = []
  private readonly timers: SleepTimers
  private readonly esp: EspClient
  private readonly unsubscribe: () => void
  private readonly stopWatching: () => void
  private isClosed = false

  private constructor(
    private readonly options: StrategyRunnerOptions,
    private readonly modules: ReadonlyMap<string, { file: string; strategy: Strategy }>,
  ) {
    this.timers = new SleepTimers(options.clock)
    this.esp = new EspClient({
      url: options.espUrl,
      ...(options.espToken === undefined ? {} : { token: options.espToken }),
    })
    this.unsubscribe =
      modules.size === 0
        ? () => {}
        : options.engine.bus.subscribe('supervisor', (update) => this.onUpdate(update))
    this.stopWatching =
      modules.size === 0
        ? () => {}
        : watchUnhandledRejections(
            [...modules.values()].map((m) => m.file),
            (error, file) => this.reportUnhandled(error, file),
          )
  }

  /**
   * Loads every configured module, then listens for new interactions.
   *
   * @throws StrategyLoadError naming the module that cannot be loaded
   */
  static async start(options: StrategyRunnerOptions): Promise<StrategyRunner> {
    const loader = options.loader ?? new StrategyLoader()
    const entries = await Promise.all(
      Object.entries(options.strategies).map(
        async ([endpoint, file]) =>
          [endpoint, { file, strategy: await loader.load(file) }] as const,
      ),
    )
    return new StrategyRunner(options, new Map(entries))
  }

  /** True while a strategy runs anything but a sleep on the clock. */
  get isBusy(): boolean {
    for (const invocation of this.invocations) if (invocation.isBusy) return true
    return false
  }

  /** Resolves once no strategy is busy (each finished or sleeping on the clock). */
  whenSettled(): Promise<void> {
    if (!this.isBusy) return Promise.resolve()
    return new Promise((resolve) => this.settledWaiters.push(resolve))
  }

  /** Calls `listener` with every strategy failure; returns the unsubscribe function. */
  onFailure(listener: FailureListener): () => void {
    this.failureListeners.add(listener)
    return () => this.failureListeners.delete(listener)
  }

  /**
   * Calls `listener` with every request, answer, log line and event of every strategy (the
   * harness' traces); returns the unsubscribe function. With none, nothing is recorded.
   */
  onTrace(listener: TraceListener): () => void {
    this.traceListeners.add(listener)
    return () => this.traceListeners.delete(listener)
  }

  /** Stops hearing new interactions, drops sleeping strategies, closes the ESP connection. */
  async close(): Promise<void> {
    if (this.isClosed) return
    this.isClosed = true
    this.unsubscribe()
    this.stopWatching()
    this.timers.clear()
    for (const feeds of this.feeds.values()) for (const feed of feeds) feed.drop()
    this.feeds.clear()
    this.invocations.clear()
    this.notifySettled()
    await this.esp.close()
  }

  private onUpdate(update: SessionUpdate): void {
    if (this.isClosed) return
    // The commit that creates a session holds its first event, the customer's join.
    const module = update.events[0]?.eventId === 1 ? this.modules.get(update.endpoint) : undefined
    const feeds = this.feeds.get(update.sessionId)
    if (!module && !feeds) return
    const summary = this.options.engine.getSession(update.sessionId, 'supervisor')
    if (!summary) return
    const partyOf = (partyId: string) => summary.parties.find((party) => party.partyId === partyId)
    const events = update.events.map((event) => toStrategyEvent(event, partyOf))
    for (const feed of feeds ?? []) feed.push(events)
    if (!module) return
    const interaction: StrategyInteraction = {
      id: update.sessionId,
      endpoint: update.endpoint,
      application: update.application,
      userData: Object.freeze({ ...summary.userData }),
    }
    void this.invoke(module.file, module.strategy, interaction, events)
  }

  /** Records one trace entry, if anyone listens. */
  private tracer(file: string, sessionId: string) {
    if (this.traceListeners.size === 0) return undefined
    return (entry: DistributiveOmit<TraceRecord, 'time' | 'sessionId' | 'strategy'>) => {
      const record = {
        ...entry,
        time: this.options.clock.now(),
        sessionId,
        strategy: file,
      } as TraceRecord
      for (const listener of this.traceListeners) listener(record)
    }
  }

  /** Runs `strategy` for `interaction`; its feed starts with the events that created it. */
  private async invoke(
    file: string,
    strategy: Strategy,
    interaction: StrategyInteraction,
    firstEvents: readonly StrategyEvent[],
  ) {
    const invocation = new Invocation(() => this.notifySettled())
    this.invocations.add(invocation)
    const { engine, clock, logger } = this.options
    const at = { file, sessionId: interaction.id, endpoint: interaction.endpoint }
    const trace = this.tracer(file, interaction.id)
    const feed = new SessionFeed(this.timers, invocation, (error) => {
      if (!this.isClosed) this.report(toStrategyFailure(error, at))
    })
    const feeds = this.feeds.get(interaction.id) ?? new Set()
    this.feeds.set(interaction.id, feeds.add(feed))
    const stopTracingEvents = trace
      ? feed.on('*', (event) => trace({ kind: 'event', event }))
      : undefined
    feed.push(firstEvents)
    try {
      await strategy(interaction, {
        esp: strategyEsp(this.esp, interaction, invocation, trace),
        clock: strategyClock(clock, this.timers, invocation),
        events: feed,
        currentUserData: () => ({ ...engine.getSession(interaction.id, 'supervisor')?.userData }),
        log: (message, fields) => {
          logger.info(message, { ...fields, strategy: file, ...at })
          trace?.({ kind: 'log', message, ...(fields === undefined ? {} : { fields }) })
        },
      })
    } catch (error) {
      if (!this.isClosed) this.report(toStrategyFailure(error, at))
    } finally {
      stopTracingEvents?.()
      feed.end()
      feeds.delete(feed)
      if (feeds.size === 0) this.feeds.delete(interaction.id)
      invocation.update(() => (invocation.isDone = true))
      this.invocations.delete(invocation)
    }
  }

  /** A rejection nobody awaited: its session is known when it is an ESP fault. */
  private reportUnhandled(error: unknown, file: string): void {
    if (this.isClosed) return
    const endpoint = [...this.modules].find(([, module]) => module.file === file)?.[0] ?? '?'
    const sessionId = error instanceof StrategyFaultError ? error.sessionId : undefined
    this.report(toStrategyFailure(error, { file, endpoint, sessionId: sessionId ?? 'unknown' }))
  }

  private report(failure: StrategyFailure): void {
    this.options.logger.error(formatStrategyFailure(failure), {
      strategy: failure.file,
      line: failure.line,
      sessionId: failure.sessionId,
      stack: failure.stack,
    })
    for (const listener of this.failureListeners) listener(failure)
  }

  private notifySettled(): void {
    if (this.isBusy && !this.isClosed) return
    const waiters = this.settledWaiters
    this.settledWaiters = []
    for (const resolve of waiters) resolve()
  }
}
