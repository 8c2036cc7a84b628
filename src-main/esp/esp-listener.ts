/**
 * The ESP listener (README.md, "Processes and listeners"): WebSocket and HTTP `POST` on `/esp`,
 * one port, one fastify server with the `ws` server mounted on its `upgrade` event.
 */
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import type { ChatEngine } from '../engine/chat-engine'
import type { Logger } from '../engine/ports'
import {
  applyConnectionLimits,
  resolveConnectionLimits,
  type ConnectionLimits,
} from '../net/connection-limits'
import { ESP_PATH } from './esp-handler'
import { registerEspHttp } from './esp-http'
import { EspWebSocketServer } from './esp-websocket'
import { RateLimiterPool, type Now, type RateLimit } from './rate-limiter'

/** The `esp` part of the configuration. */
export interface EspListenerSettings {
  /** Requests per second per connection or HTTP client address (`esp.rate-limit`, 2000). */
  rateLimit: number
  /** Requests a caller may send at once after a quiet spell (4000). */
  burst: number
  /** Largest frame or body, in bytes (1 MiB). */
  maxBodyBytes: number
  /** Shared secret: when set, callers must send `Authorization: Bearer <token>`. */
  token?: string
  /** Exact web-page origins let in (`esp.allowed-origins`); any other `Origin` gets 403. */
  allowedOrigins?: readonly string[]
}

export interface EspListenerOptions {
  engine: ChatEngine
  host: string
  /** 0 picks a free port. */
  port: number
  settings: EspListenerSettings
  logger: Logger
  /** Time for the rate limits, in ms (default `Date.now`); tests pass a fake. */
  now?: Now
  /** How often idle peers are pinged; one that missed the previous ping is dropped (30 s). */
  heartbeatIntervalMs?: number
  /**
   * More HTTP routes behind the same access check and JSON parsing (the admin routes of
   * `src-main/admin`): whoever may call ESP may call them, nobody else.
   */
  extraRoutes?: (app: FastifyInstance) => void
  /** Connection time-outs and cap (docs/limits.md); defaults: 20/30/5 s, 256 connections. */
  connections?: Partial<ConnectionLimits>
}

export type EspListenerState = 'starting' | 'running' | 'closing' | 'closed'

export interface EspListener {
  /** `ws://<host>:<port>/esp`; HTTP calls go to the same host and port. */
  readonly url: string
  readonly port: number
  readonly state: EspListenerState
  /** Stops accepting, terminates every connection, resolves once the port is released. Idempotent. */
  close(): Promise<void>
}

const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000

function requirePositive(value: number, name: string, isInteger: boolean): void {
  if (!Number.isFinite(value) || value <= 0 || (isInteger && !Number.isInteger(value))) {
    throw new TypeError(`${name} must be a positive ${isInteger ? 'integer' : 'number'}`)
  }
}

/** Style.md: defaults first, then validation that names the option. */
function checkOptions(
  options: EspListenerOptions,
): Required<Omit<EspListenerOptions, 'connections'>> & { connections: ConnectionLimits } {
  const checked = {
    extraRoutes: () => {},
    ...options,
    now: options.now ?? Date.now,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
    connections: resolveConnectionLimits('esp', options.connections),
  }
  const { host, port, settings } = checked
  if (typeof host !== 'string' || host === '') throw new TypeError('host must be a non-empty text')
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError('port must be an integer from 0 to 65535')
  }
  requirePositive(settings.rateLimit, 'settings.rateLimit', false)
  requirePositive(settings.burst, 'settings.burst', false)
  requirePositive(settings.maxBodyBytes, 'settings.maxBodyBytes', true)
  requirePositive(checked.heartbeatIntervalMs, 'heartbeatIntervalMs', true)
  if (
    settings.token !== undefined &&
    (typeof settings.token !== 'string' || settings.token === '')
  ) {
    throw new TypeError('settings.token must be a non-empty text when given')
  }
  return checked
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

class RunningEspListener implements EspListener {
  state: EspListenerState = 'starting'
  url = ''
  port = 0
  private closing: Promise<void> | undefined

  constructor(
    private readonly app: FastifyInstance,
    private readonly sockets: EspWebSocketServer,
    private readonly logger: Logger,
  ) {}

  async listen(host: string, port: number): Promise<void> {
    await this.app.listen({ host, port })
    this.port = (this.app.server.address() as AddressInfo).port
    this.url = `ws://${urlHost(host)}:${this.port}${ESP_PATH}`
    this.state = 'running'
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown()
    return this.closing
  }

  private async shutdown(): Promise<void> {
    this.state = 'closing'
    try {
      // WebSockets first: the HTTP server only reports closed once every socket is gone.
      await this.sockets.close()
      await this.app.close()
    } catch (error) {
      this.logger.error('esp listener did not close cleanly', { error })
    } finally {
      this.state = 'closed'
    }
  }
}

/**
 * Starts the ESP listener on `host:port`.
 *
 * @throws TypeError naming the option when an option is invalid
 * @returns once it listens; rejects when the port cannot be bound
 */
export async function startEspListener(options: EspListenerOptions): Promise<EspListener> {
  const {
    engine,
    host,
    port,
    settings,
    logger,
    now,
    heartbeatIntervalMs,
    extraRoutes,
    connections,
  } = checkOptions(options)
  const limit: RateLimit = { ratePerSecond: settings.rateLimit, burst: settings.burst }
  const { token, maxBodyBytes } = settings
  const allowedOrigins = settings.allowedOrigins ?? []
  // forceCloseConnections: close() means closed, even with a client holding a keep-alive socket.
  const app = Fastify({ logger: false, bodyLimit: maxBodyBytes, forceCloseConnections: true })
  applyConnectionLimits(app.server, connections, logger)
  registerEspHttp(app, {
    engine,
    logger,
    token,
    allowedOrigins,
    limiters: new RateLimiterPool(limit, now),
  })
  extraRoutes(app)
  const sockets = new EspWebSocketServer({
    engine,
    logger,
    token,
    allowedOrigins,
    limit,
    now,
    maxPayload: maxBodyBytes,
    heartbeatIntervalMs,
  })
  app.server.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head))
  const listener = new RunningEspListener(app, sockets, logger)
  try {
    await listener.listen(host, port)
  } catch (error) {
    await listener.close()
    throw error
  }
  logger.info('esp listener running', { url: listener.url, hasToken: token !== undefined })
  return listener
}
