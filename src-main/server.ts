/**
 * The headless composition: config, store, engine and listeners wired together. `cli.ts`
 * (`switchboard serve`) and the Electron root (`index.ts`, browser mode) both start the app
 * through here, so the two never drift apart.
 */
import { dirname, join } from 'node:path'
import { registerAdminRoutes } from './admin/admin-routes'
import { loadConfig, resolveResourcesDir } from './config/load-config'
import { prepareDataDir } from './config/prepare-data-dir'
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
import { explainListenError } from './listen-error'
import type { StrategyLoader } from './harness/strategy-loader'
import { StrategyRunner } from './harness/strategy-runner'
import { Closers } from './closers'
import { DATABASE_FILE_NAME, lockDataDir, openStore } from './store'
import { GmsCustomerRepository } from './store/gms-customer-repository'
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

/** SQLite's own messages ("unable to open database file") do not say which file. */
function openNamedStore(
  storePath: string,
  options: Parameters<typeof openStore>[1],
): ReturnType<typeof openStore> {
  try {
    return openStore(storePath, options)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`The store ${storePath} cannot be opened: ${reason}`, { cause: error })
  }
}

/**
 * Starts everything. Each step registers its closer as soon as it has opened something, so a
 * step that throws unwinds exactly what came before it, and `close()` runs the same list.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const closers = new Closers(options.logger)
  try {
    return await startSteps(options, closers)
  } catch (error) {
    await closers.closeAll()
    throw error
  }
}

async function startSteps(options: ServerOptions, closers: Closers): Promise<RunningServer> {
  const spot = (name: string, option: string, port: number) => ({
    name,
    option,
    host: options.host,
    port,
  })
  const resourcesDir = resolveResourcesDir()
  const config =
    options.config ??
    loadConfig({ configFile: options.configFile, dataDir: options.dataDir, resourcesDir })
  if (options.storePath === undefined) {
    prepareDataDir(options.dataDir)
    // One data directory, one process: a second one stops here, before touching the database.
    closers.add('data directory lock', lockDataDir(options.dataDir), (lock) => lock.release())
  }
  const store = closers.add(
    'store',
    openNamedStore(options.storePath ?? join(options.dataDir, DATABASE_FILE_NAME), {
      synchronous: config.store.synchronous,
      logger: options.logger,
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    }),
    async ({ persistence }) => {
      persistence.close()
      await persistence.closed
    },
  )
  const clock =
    options.clock ??
    closers.add(
      'clock',
      new SystemClock({ onTimerError: (error) => options.logger.error('timer failed', { error }) }),
      (systemClock) => systemClock.stop(),
    )
  const engine = closers.add(
    'engine',
    new ChatEngine({
      applications: config.applications,
      persistence: store.persistence,
      clock,
      logger: options.logger,
      limits: config.limits,
      ...(options.ids ? { ids: options.ids } : {}),
    }),
    // Stops the restored sessions' timers and waits for what is still being committed.
    (chatEngine) => chatEngine.shutdown(),
  )
  const restored = engine.restore()
  if (restored > 0) options.logger.info('restored open sessions', { count: restored })

  const esp = closers.add(
    'ESP listener',
    await startEspListener({
      engine,
      host: options.host,
      port: options.espPort,
      connections: { maxConnections: config.maxConnections.esp },
      settings: config.esp,
      logger: options.logger,
      extraRoutes: (app) => registerAdminRoutes(app, engine),
    }).catch((error: unknown) => {
      throw explainListenError(error, spot('ESP endpoint', '--esp-port', options.espPort))
    }),
    (listener) => listener.close(),
  )
  const gms = closers.add(
    'GMS listener',
    await startGmsListener({
      engine,
      clock,
      host: options.host,
      port: options.gmsPort,
      services: config.gms.services,
      flexDisconnectTimeoutSeconds: config.gms.flexDisconnectTimeoutSeconds,
      maxPendingServices: config.gms.maxPendingServices,
      maxUserDataBytes: config.gms.maxUserDataBytes,
      ...(config.gms.corsAllowedOrigins && { corsAllowedOrigins: config.gms.corsAllowedOrigins }),
      limits: config.limits,
      logger: options.logger,
      customers: new GmsCustomerRepository(store.db, store.persistence),
      connections: { maxConnections: config.maxConnections.gms },
    }).catch((error: unknown) => {
      throw explainListenError(error, spot('GMS customer API', '--gms-port', options.gmsPort))
    }),
    (listener) => listener.close(),
  )
  // Closed before the ESP listener (last opened, first closed): their ESP connections would
  // otherwise hold it open.
  const strategies = closers.add(
    'strategies',
    await StrategyRunner.start({
      engine,
      clock,
      espUrl: esp.url,
      ...(config.esp.token === undefined ? {} : { espToken: config.esp.token }),
      strategies: config.strategies,
      ...(options.strategyLoader ? { loader: options.strategyLoader } : {}),
      logger: options.logger,
    }),
    (runner) => runner.close(),
  )
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
  const consolePort = options.consolePort
  if (consolePort !== null) {
    consoleListener = closers.add(
      'console listener',
      await startConsoleListener({
        service: consoleService,
        // The built renderer sits next to resources/ in the project (out/renderer).
        rendererDir: join(dirname(resourcesDir), 'out', 'renderer'),
        host: options.host,
        port: consolePort,
        logger: options.logger,
        connections: { maxConnections: config.maxConnections.console },
      }).catch((error: unknown) => {
        throw explainListenError(error, spot('console', '--console-port', consolePort))
      }),
      (listener) => listener.close(),
    )
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
    close: () => closers.closeAll(),
  }
}
