/**
 * One scenario's whole server: engine on a virtual clock from a fixed instant, an in-memory
 * store, the real ESP and GMS listeners on free loopback ports, the console API in process, and
 * the configured strategies. Steps reach it only through those endpoints. Time moves only in
 * `advance`, one timer at a time, with every commit and every woken strategy settled in between.
 */
import { VirtualClock } from '../engine/clock'
import { SequentialIdSource } from '../engine/ids'
import type { Logger } from '../engine/ports'
import { startServer, type RunningServer } from '../server'
import { ConsoleActors } from './console-actors'
import { CustomerActor } from './customer-actor'
import { EspClient } from './esp-client'
import { FormPoster } from './form-post'
import type { LoadedScenario } from './scenario-file'
import type { StrategyFailure } from './strategy-failure'
import type { StrategyLoader } from './strategy-loader'
import type { TraceRecord } from './strategy-trace'
import { StepFailure } from './step-failure'
import { WorkTracker } from './work-tracker'

/** The instant every scenario starts at (UTC): reports and deadlines read the same every run. */
export const SCENARIO_EPOCH = Date.UTC(2026, 0, 1, 9, 0, 0)

/** Real milliseconds a step may take to settle before the scenario fails as stuck. */
const SETTLE_TIMEOUT_MS = 10_000

/** Shared by every scenario of a run. */
export interface WorldOptions {
  loader: StrategyLoader
  settleTimeoutMs?: number
}

/** Collects what the server logs as errors: each one is a bug the scenario must not hide. */
function errorCollector(errors: string[]): Logger {
  return {
    info() {},
    warn() {},
    error(message, fields) {
      // Strategy failures arrive through the runner's own listener, with their location.
      if (fields && 'strategy' in fields) return
      const error = fields?.error
      const detail = error instanceof Error ? `: ${error.message}` : ''
      errors.push(`server error: ${message}${detail}`)
    },
  }
}

/** The running scenario. */
export class ScenarioWorld {
  readonly clock = new VirtualClock(SCENARIO_EPOCH)
  readonly tracker = new WorkTracker()
  readonly customers = new Map<string, CustomerActor>()
  readonly strategyFailures: StrategyFailure[] = []
  /** Every request, answer, log line and event of the scenario's strategies, in order. */
  readonly traces: TraceRecord[] = []
  /** Strategy failures an `expect: strategyErrors` has accounted for. */
  acknowledgedFailures = 0
  readonly serverErrors: string[] = []
  /** The customer steps and expectations talk about when they name none. */
  currentCustomer: string | undefined
  /** The agent that last accepted each session: whose view `expect.agent` shows. */
  readonly agentOfSession = new Map<string, string>()
  server!: RunningServer
  consoles!: ConsoleActors
  esp!: EspClient
  private gms!: FormPoster
  private isClosed = false

  private constructor(
    readonly scenario: LoadedScenario,
    private readonly options: WorldOptions,
  ) {}

  static async start(scenario: LoadedScenario, options: WorldOptions): Promise<ScenarioWorld> {
    const world = new ScenarioWorld(scenario, options)
    world.server = await startServer({
      dataDir: '(memory)',
      storePath: ':memory:',
      config: scenario.config,
      host: '127.0.0.1',
      gmsPort: 0,
      espPort: 0,
      consolePort: null,
      logger: errorCollector(world.serverErrors),
      clock: world.clock,
      ids: new SequentialIdSource(),
      strategyLoader: options.loader,
    })
    world.server.strategies.onFailure((failure) => world.strategyFailures.push(failure))
    world.server.strategies.onTrace((record) => world.traces.push(record))
    world.consoles = new ConsoleActors(world.server.consoleService, scenario.config.users)
    const token = scenario.config.esp.token
    world.esp = new EspClient({ url: world.server.ready.esp, ...(token ? { token } : {}) })
    world.gms = new FormPoster(world.server.ready.gms)
    return world
  }

  /** The customer `id` (default: the current one, or `customer` for the first). */
  customer(id?: string): CustomerActor {
    const key = id ?? this.currentCustomer ?? 'customer'
    let customer = this.customers.get(key)
    if (!customer) {
      // Poll well inside flex-disconnect-timeout, as a live client would.
      const flexMs = this.scenario.config.gms.flexDisconnectTimeoutSeconds * 1000
      customer = new CustomerActor({
        id: key,
        gms: this.gms,
        clock: this.clock,
        tracker: this.tracker,
        pollMs: Math.max(1000, Math.floor((flexMs * 2) / 3)),
      })
      this.customers.set(key, customer)
    }
    return customer
  }

  /** The session a step names: a customer id, a session id, or (none) the current customer's. */
  sessionId(reference?: string): string {
    const customer = this.customers.get(reference ?? this.currentCustomer ?? 'customer')
    if (customer?.sessionId) return customer.sessionId
    if (reference !== undefined && /^[0-9A-Za-z]{16}$/.test(reference)) return reference
    throw new StepFailure(
      reference === undefined
        ? 'no session yet: start a customer first (customer: {start: {...}})'
        : `no customer ${reference} with a session`,
    )
  }

  /** Virtual milliseconds since the scenario started. */
  get elapsed(): number {
    return this.clock.now() - SCENARIO_EPOCH
  }

  /** Waits until every commit is done and every strategy and poll is idle or asleep. */
  async settle(): Promise<void> {
    const { strategies, engine } = this.server
    const giveUpAt = performance.now() + (this.options.settleTimeoutMs ?? SETTLE_TIMEOUT_MS)
    for (;;) {
      await engine.flush()
      await new Promise((resolve) => setImmediate(resolve))
      if (!this.tracker.isBusy && !strategies.isBusy) {
        await engine.flush()
        if (!this.tracker.isBusy && !strategies.isBusy) return
      }
      const remaining = giveUpAt - performance.now()
      if (remaining <= 0) throw this.stuck()
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        Promise.all([this.tracker.whenIdle(), strategies.whenSettled()]),
        new Promise((resolve) => (timer = setTimeout(resolve, remaining))),
      ])
      clearTimeout(timer)
    }
  }

  /** Moves the clock `milliseconds` on, firing every timer due in order, settling after each. */
  async advance(milliseconds: number): Promise<void> {
    const target = this.clock.now() + milliseconds
    await this.settle()
    while (this.clock.runNext(target)) await this.settle()
    this.clock.advanceTo(target)
    await this.settle()
  }

  async close(): Promise<void> {
    if (this.isClosed) return
    this.isClosed = true
    for (const customer of this.customers.values()) customer.stop()
    this.gms?.close()
    await Promise.allSettled([this.esp?.close(), this.consoles?.close()])
    await this.server?.close()
  }

  private stuck(): StepFailure {
    const waiting = [
      this.tracker.isBusy ? 'a customer poll' : '',
      this.server.strategies.isBusy
        ? 'a strategy (it may await something other than clock.sleep or its ESP client)'
        : '',
    ].filter(Boolean)
    return new StepFailure(`the step did not settle: still waiting for ${waiting.join(' and ')}`)
  }
}
