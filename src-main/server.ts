/**
 * The headless composition: config, store, engine and listeners wired together. `cli.ts`
 * (`switchboard serve`) and the Electron root (`index.ts`, browser mode) both start the app
 * through here, so the two never drift apart.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { registerAdminRoutes } from './admin/admin-routes'
import { loadConfig, resolveResourcesDir } from './config/load-config'
import type { SwitchboardConfig } from './config/switchboard-config'
import { STANDARD_RESPONSES_FILE } from '../src-shared/console-api/standard-responses'
import { ConsoleService } from './console/console-service'
import { DashboardFeed } from './console/dashboard-feed'
import { RaisedHands } from './console/raised-hands'
import { SignedInUsers } from './console/signed-in-users'
import { startConsoleListener, type ConsoleListener } from './console/console-listener'
import { ChatEngine } from './engine/chat-engine'
import { SystemClock } from './engine/clock'
import type { Clock, IdSource, Logger } from './engine/ports'
import { startEspListener } from './esp/esp-listener'
import { startGmsListener } from './gms/gms-listener'
import type { StrategyLoader } from './harness/strategy-loader'
import { StrategyRunner } from './harness/strategy-runner'
import { DATABASE_FILE_NAME, openStore } from './store'
import { StatsRepository } from './store/stats-repository'

export interface ServerOptions {
  dataDir: string
  configFile?: string
  host: string
  gmsPort: number
  espPort: number
  /** The browser-mode console listener; null leaves it off (the Electron app uses IPC). */
  consolePort: number | null
  logger: Logger
  /** Defaults to the wall clock. */
  clock?: Clock
  /**
   * The better-sqlite3 addon to load instead of node_modules' Node build: the Electron app
   * passes its Electron build (`out/native/electron/better_sqlite3.node`).
   */
  nativeBinding?: string
  /** A configuration already loaded (the harness builds one per scenario): no file is read. */
  config?: SwitchboardConfig
  /** The store's path; `':memory:'` keeps it in memory (the harness). Default: in `dataDir`. */
  storePath?: string
  /** Session and party ids; default random (the harness uses sequential ones). */
  ids?: IdSource
  /** Loads strategy modules; the harness shares one across scenarios so each loads once. */
  strategyLoader?: StrategyLoader
}

/** The line `switchboard serve` prints once every listener is up (README.md, spec). */
export interface ReadyInfo {
  event: 'ready'
  gms: string
  esp: string
  /** The console URL with its per-run token; absent when the console listener is off. */
  console?: string
  dataDir: string
}

export interface RunningServer {
  ready: ReadyInfo
  engine: ChatEngine
  config: SwitchboardConfig
  /** The console API, shared by every transport (IPC windows, the console WebSocket). */
  consoleService: ConsoleService
  /** The configured strategies (none with the shipped configuration). */
  strategies: StrategyRunner
  clock: Clock
  /** Closes the listeners, stops the timers, flushes and closes the store. Idempotent. */
  close(): Promise<void>
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const resourcesDir = resolveResourcesDir()
  const config =
    options.config ??
    loadConfig({ configFile: options.configFile, dataDir: options.dataDir, resourcesDir })
  if (options.storePath === undefined) mkdirSync(options.dataDir, { recursive: true })
  const store = openStore(options.storePath ?? join(options.dataDir, DATABASE_FILE_NAME), {
    synchronous: config.store.synchronous,
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
  })
  const clock =
    options.clock ??
    new SystemClock({ onTimerError: (error) => options.logger.error('timer failed', { error }) })
  const engine = new ChatEngine({
    applications: config.applications,
    persistence: store.persistence,
    clock,
    logger: options.logger,
    limits: config.limits,
    ...(options.ids ? { ids: options.ids } : {}),
  })
  const restored = engine.restore()
  if (restored > 0) options.logger.info('restored open sessions', { count: restored })

  const esp = await startEspListener({
    engine,
    host: options.host,
    port: options.espPort,
    settings: config.esp,
    logger: options.logger,
    extraRoutes: (app) => registerAdminRoutes(app, engine),
  })
  const gms = await startGmsListener({
    engine,
    clock,
    host: options.host,
    port: options.gmsPort,
    services: config.gms.services,
    flexDisconnectTimeoutSeconds: config.gms.flexDisconnectTimeoutSeconds,
    limits: config.limits,
    logger: options.logger,
  }).catch(async (error: unknown) => {
    await esp.close()
    throw error
  })
  const strategies = await StrategyRunner.start({
    engine,
    clock,
    espUrl: esp.url,
    ...(config.esp.token === undefined ? {} : { espToken: config.esp.token }),
    strategies: config.strategies,
    ...(options.strategyLoader ? { loader: options.strategyLoader } : {}),
    logger: options.logger,
  }).catch(async (error: unknown) => {
    await Promise.allSettled([esp.close(), gms.close()])
    throw error
  })
  const presence = new SignedInUsers()
  const hands = new RaisedHands(clock, engine)
  const dashboard = new DashboardFeed({
    hands,
    engine,
    stats: new StatsRepository(store.db),
    clock,
    presence,
    logger: options.logger,
  })
  const consoleService = new ConsoleService({
    engine,
    dashboard,
    presence,
    hands,
    standardResponsesFile: join(options.dataDir, STANDARD_RESPONSES_FILE),
    users: config.users,
    gmsUrl: gms.url,
    espUrl: esp.url,
    ...(config.esp.token === undefined ? {} : { espToken: config.esp.token }),
    clock,
    logger: options.logger,
  })
  let consoleListener: ConsoleListener | undefined
  if (options.consolePort !== null) {
    consoleListener = await startConsoleListener({
      service: consoleService,
      // The built renderer sits next to resources/ in the project (out/renderer).
      rendererDir: join(dirname(resourcesDir), 'out', 'renderer'),
      host: options.host,
      port: options.consolePort,
      logger: options.logger,
    }).catch(async (error: unknown) => {
      await Promise.allSettled([strategies.close(), esp.close(), gms.close()])
      throw error
    })
  }

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      // Strategies first: their ESP connection would otherwise hold the ESP listener open.
      await strategies.close()
      await Promise.allSettled([esp.close(), gms.close(), consoleListener?.close()])
      await engine.shutdown()
      if (clock instanceof SystemClock) clock.stop()
      store.persistence.close()
      await store.persistence.closed
    })()
    return closing
  }
  return {
    ready: {
      event: 'ready',
      gms: gms.url,
      esp: esp.url,
      ...(consoleListener ? { console: consoleListener.url } : {}),
      dataDir: options.dataDir,
    },
    engine,
    config,
    consoleService,
    strategies,
    clock,
    close,
  }
}
