import type { EngineLimits } from '../engine/application-config'
import type { ChatEngine } from '../engine/chat-engine'
import type { Clock, Logger } from '../engine/ports'
import { DEFAULT_ALLOWED_ORIGINS, OriginPolicy } from './cors'
import type { GmsCustomerStore } from './customer-records'
import { DEFAULT_MAX_USER_DATA_BYTES } from './user-data-budget'

/** One GMS service section (`gms.services.<name>` in config; docs/gms.md, "Configuration"). */
export interface GmsServiceSettings {
  /** `_ttl`: seconds a service and its business data live. */
  ttlSeconds: number
  /** `_chat_endpoint`: the endpoint (queue) chats are submitted to. */
  chatEndpoint: string
  /** `_chat_400_response_on_disconnected`: answer 400 instead of 200 on a finished chat. */
  chat400OnDisconnected: boolean
  /** The Chat Server application hosting the chats; default: the default (first) one. */
  application?: string
}

export interface GmsListenerOptions {
  engine: ChatEngine
  /** The clock of service TTLs and protocol inactivity: a `VirtualClock` in tests. */
  clock: Clock
  host: string
  /** 0 picks a free port. */
  port: number
  /** Service name (the `{name}` of `POST /genesys/1/service/{name}`) to its settings. */
  services: Record<string, GmsServiceSettings>
  /** Seconds without any request of a customer's client before it is removed (code 3). */
  flexDisconnectTimeoutSeconds?: number
  /** Largest request body; default 1 MiB (docs/gms.md). */
  maxBodyBytes?: number
  /** The engine's limits, so that create-service can answer 503 before any chat starts. */
  limits?: EngineLimits
  /** Seconds a Bayeux `/meta/connect` is held open; default 30 (the CometD default). */
  longPollTimeoutSeconds?: number
  /** v1 services waiting for their chat before create-service answers 503; default 1,000. */
  maxPendingServices?: number
  /** User data held in all, services and open chats, before 503; default 128 MiB. */
  maxUserDataBytes?: number
  /** `gms.cors.allowed-origins`: browser origins that may call GMS; default: this machine. */
  corsAllowedOrigins?: readonly string[]
  logger: Logger
  /** Where customers are kept across a restart (the store); default: memory only. */
  customers?: GmsCustomerStore
}

/** A service section with its application resolved and checked against the engine. */
export interface ResolvedService {
  name: string
  ttlSeconds: number
  chatEndpoint: string
  chat400OnDisconnected: boolean
  application: string
}

export interface ResolvedGmsOptions {
  host: string
  port: number
  services: ReadonlyMap<string, ResolvedService>
  flexDisconnectTimeoutMs: number
  maxBodyBytes: number
  maxOpenSessions: number | undefined
  longPollTimeoutSeconds: number
  originPolicy: OriginPolicy
  maxPendingServices: number
  maxUserDataBytes: number
}

export const DEFAULT_FLEX_DISCONNECT_SECONDS = 45
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024
const DEFAULT_LONG_POLL_SECONDS = 30
const DEFAULT_MAX_PENDING_SERVICES = 1000
/** A service name is one path segment that cannot be mistaken for a UUID's `ixn` path. */
const SERVICE_NAME = /^[A-Za-z0-9._~-]+$/

/** Defaults first, then validation that throws a `TypeError` naming the option (docs/style.md). */
export function resolveGmsOptions(options: GmsListenerOptions): ResolvedGmsOptions {
  const flexSeconds = options.flexDisconnectTimeoutSeconds ?? DEFAULT_FLEX_DISCONNECT_SECONDS
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const longPollTimeoutSeconds = options.longPollTimeoutSeconds ?? DEFAULT_LONG_POLL_SECONDS
  requireInteger('port', options.port, 0, 65535)
  requirePositive('flexDisconnectTimeoutSeconds', flexSeconds)
  requireInteger('maxBodyBytes', maxBodyBytes, 1, Number.MAX_SAFE_INTEGER)
  requirePositive('longPollTimeoutSeconds', longPollTimeoutSeconds)
  if (typeof options.host !== 'string' || options.host === '') {
    throw new TypeError('host must be a host name or address')
  }
  const services = new Map<string, ResolvedService>()
  for (const [name, settings] of Object.entries(options.services)) {
    services.set(name, resolveService(options.engine, name, settings))
  }
  return {
    host: options.host,
    port: options.port,
    services,
    flexDisconnectTimeoutMs: flexSeconds * 1000,
    maxBodyBytes,
    maxOpenSessions: options.limits?.maxOpenSessions,
    longPollTimeoutSeconds,
    originPolicy: new OriginPolicy(options.corsAllowedOrigins ?? DEFAULT_ALLOWED_ORIGINS),
    maxPendingServices: options.maxPendingServices ?? DEFAULT_MAX_PENDING_SERVICES,
    maxUserDataBytes: options.maxUserDataBytes ?? DEFAULT_MAX_USER_DATA_BYTES,
  }
}

function resolveService(
  engine: ChatEngine,
  name: string,
  settings: GmsServiceSettings,
): ResolvedService {
  const option = `services.${name}`
  if (!SERVICE_NAME.test(name)) throw new TypeError(`${option}: not a valid path segment`)
  requireInteger(`${option}.ttlSeconds`, settings.ttlSeconds, 1, 100 * 365 * 86400)
  const owner = settings.application ?? engine.application().name
  if (!engine.applicationNames.includes(owner)) {
    throw new TypeError(`${option}.application: no application ${JSON.stringify(owner)}`)
  }
  if (!engine.application(owner).endpoints.includes(settings.chatEndpoint)) {
    throw new TypeError(`${option}.chatEndpoint: ${owner} has no endpoint ${settings.chatEndpoint}`)
  }
  return {
    name,
    ttlSeconds: settings.ttlSeconds,
    chatEndpoint: settings.chatEndpoint,
    chat400OnDisconnected: settings.chat400OnDisconnected === true,
    application: owner,
  }
}

function requireInteger(option: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${option} must be an integer from ${min} to ${max}, got ${value}`)
  }
}

function requirePositive(option: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${option} must be a positive number of seconds, got ${value}`)
  }
}
