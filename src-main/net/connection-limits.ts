/**
 * Connection time-outs and caps shared by every listener (docs/limits.md, "Connections"): a
 * stalled or idle connection is closed, and one listener's flood cannot take the file
 * descriptors the others and the store need.
 *
 * Node's own HTTP server does the work: its connection checker closes a connection whose request
 * head or body is not whole in time (408, or a plain close), and only while the request is being
 * received. So a held answer (a CometD `/meta/connect`, a slow route) is never cut, and a socket
 * that became a WebSocket leaves the checker altogether: it lives as long as it answers pings.
 */
import type { Server } from 'node:http'
import type { Logger } from '../engine/ports'

export interface ConnectionLimits {
  /** A request head must be whole this long after the connection opened or the head began. */
  headersTimeoutMs: number
  /** A request (head and body) must be whole this long after its head began. */
  requestTimeoutMs: number
  /** An idle connection between requests is closed after this long. */
  keepAliveTimeoutMs: number
  /** How often the two request time-outs above are checked. */
  checkIntervalMs: number
  /** Open connections (WebSockets included); one more is closed at once. */
  maxConnections: number
}

/** The listeners that cap their connections, as named in `limits.max-connections`. */
export type ListenerName = 'gms' | 'esp' | 'console'

/** Defaults of docs/limits.md: a stalled connection is gone at the latest 40 s after it opened. */
export const DEFAULT_CONNECTION_TIMEOUTS = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 5_000,
} as const

/**
 * Together with a reserve of 128 descriptors (store, logs, strategies) these stay under 1,024,
 * the smallest descriptor limit supported.
 */
export const DEFAULT_MAX_CONNECTIONS: Readonly<Record<ListenerName, number>> = {
  gms: 512,
  esp: 256,
  console: 64,
}

/** Longest a time-out may be configured: Node keeps them as 32-bit milliseconds. */
const MAX_TIMEOUT_MS = 3_600_000

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${name} must be an integer from ${min} to ${max} (got ${value})`)
  }
}

/**
 * `given` over the defaults of the listener `name`, checked.
 *
 * @throws TypeError naming the option that is out of range
 */
export function resolveConnectionLimits(
  name: ListenerName,
  given: Partial<ConnectionLimits> = {},
): ConnectionLimits {
  const limits: ConnectionLimits = {
    headersTimeoutMs: given.headersTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUTS.headersTimeoutMs,
    requestTimeoutMs: given.requestTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUTS.requestTimeoutMs,
    keepAliveTimeoutMs: given.keepAliveTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUTS.keepAliveTimeoutMs,
    checkIntervalMs: given.checkIntervalMs ?? DEFAULT_CONNECTION_TIMEOUTS.checkIntervalMs,
    maxConnections: given.maxConnections ?? DEFAULT_MAX_CONNECTIONS[name],
  }
  checkInteger('connections.headersTimeoutMs', limits.headersTimeoutMs, 1, MAX_TIMEOUT_MS)
  checkInteger('connections.requestTimeoutMs', limits.requestTimeoutMs, 1, MAX_TIMEOUT_MS)
  checkInteger('connections.keepAliveTimeoutMs', limits.keepAliveTimeoutMs, 1, MAX_TIMEOUT_MS)
  checkInteger('connections.checkIntervalMs', limits.checkIntervalMs, 1, MAX_TIMEOUT_MS)
  checkInteger('connections.maxConnections', limits.maxConnections, 1, 1_000_000)
  // Node refuses a head time-out longer than the whole request's.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new TypeError('connections.headersTimeoutMs must not exceed requestTimeoutMs')
  }
  return limits
}

/** How often a listener at its cap logs that it turns connections away. */
const DROP_LOG_INTERVAL_MS = 60_000

/**
 * Sets `limits` on `server`. Call it before `listen()`: Node starts its connection checker when
 * the server starts listening, with the interval it has then.
 *
 * @throws Error when the server already listens
 */
export function applyConnectionLimits(
  server: Server,
  limits: ConnectionLimits,
  logger?: Logger,
): void {
  if (server.listening) throw new Error('applyConnectionLimits must be called before listen()')
  server.headersTimeout = limits.headersTimeoutMs
  server.requestTimeout = limits.requestTimeoutMs
  server.keepAliveTimeout = limits.keepAliveTimeoutMs
  // Read by Node when listening starts (it is otherwise a createServer option, hence the cast).
  ;(server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    limits.checkIntervalMs
  server.maxConnections = limits.maxConnections
  // No inactivity time-out on a request being answered: long polls are held on purpose.
  server.setTimeout(0)
  let lastDropLog = -Infinity
  server.on('drop', () => {
    const now = Date.now()
    if (now - lastDropLog < DROP_LOG_INTERVAL_MS) return
    lastDropLog = now
    logger?.warn('listener at its connection cap: new connections are closed', {
      maxConnections: limits.maxConnections,
    })
  })
}
