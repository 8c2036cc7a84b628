/**
 * Options of the console listener: defaults first, then checks that throw a `TypeError` naming
 * the option (docs/style.md, "Network code").
 */
import type { Logger } from '../engine/ports'
import { resolveConnectionLimits, type ConnectionLimits } from '../net/connection-limits'
import type { ConsoleService } from './console-service'

export interface ConsoleListenerOptions {
  /** The console API; the listener opens one session per WebSocket. */
  service: ConsoleService
  /** The built renderer (`out/renderer`). */
  rendererDir: string
  /** Default `127.0.0.1`: the console is for this machine unless `--host` says otherwise. */
  host?: string
  /** Default 7011; 0 picks a free port. */
  port?: number
  /** Default: 256 random bits, new on every run. At least 16 characters when given. */
  token?: string
  logger?: Logger
  /** Largest request frame, in bytes. Default 256 KiB (a message is at most 16,384 chars). */
  maxPayload?: number
  /** Interval of the ping that finds dead peers. Default 30 s. */
  heartbeatMs?: number
  /** Unsent bytes past which a slow client is dropped. Default 4 MiB. */
  maxBufferedBytes?: number
  /** Connection time-outs and cap (docs/limits.md); defaults: 20/30/5 s, 64 connections. */
  connections?: Partial<ConnectionLimits>
}

export type ResolvedListenerOptions = Required<
  Omit<ConsoleListenerOptions, 'token' | 'connections'>
> & {
  token: string | undefined
  connections: ConnectionLimits
}

const silentLogger: Logger = { info() {}, warn() {}, error() {} }

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${name} must be an integer from ${min} to ${max} (got ${value})`)
  }
}

/** The options with their defaults, checked. */
export function resolveListenerOptions(options: ConsoleListenerOptions): ResolvedListenerOptions {
  // `??` rather than a spread: an option given as `undefined` takes its default too.
  const resolved: ResolvedListenerOptions = {
    service: options.service,
    rendererDir: options.rendererDir,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 7011,
    token: options.token,
    logger: options.logger ?? silentLogger,
    maxPayload: options.maxPayload ?? 256 * 1024,
    heartbeatMs: options.heartbeatMs ?? 30_000,
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    connections: resolveConnectionLimits('console', options.connections),
  }
  if (typeof resolved.service?.openSession !== 'function') {
    throw new TypeError('service must be a ConsoleService')
  }
  if (typeof resolved.rendererDir !== 'string' || resolved.rendererDir === '') {
    throw new TypeError('rendererDir must be a directory path')
  }
  if (typeof resolved.host !== 'string') throw new TypeError('host must be a string')
  checkInteger('port', resolved.port, 0, 65535)
  checkInteger('maxPayload', resolved.maxPayload, 1024, 64 * 1024 * 1024)
  checkInteger('heartbeatMs', resolved.heartbeatMs, 10, 3_600_000)
  checkInteger('maxBufferedBytes', resolved.maxBufferedBytes, 1024, 1024 * 1024 * 1024)
  if (
    resolved.token !== undefined &&
    (typeof resolved.token !== 'string' || resolved.token.length < 16)
  ) {
    throw new TypeError('token must be a string of at least 16 characters')
  }
  return resolved
}
