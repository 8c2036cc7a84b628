/**
 * The validated configuration every part of the app receives from the composition roots
 * (docs/configuration.md). camelCase, complete: every default
 * is already applied, so consumers never look at the YAML or its kebab-case keys.
 */
import type { ApplicationConfig, EngineLimits } from '../engine/application-config'
import type { ListenerName } from '../net/connection-limits'

/** Console roles a configured user may have (docs/console-api.md, "Users and roles"). */
export const CONSOLE_ROLES = ['agent', 'supervisor'] as const
export type ConsoleRole = (typeof CONSOLE_ROLES)[number]

/** One GMS service section, e.g. `gms.services.request-chat` (docs/gms.md, "Configuration"). */
export interface GmsServiceConfig {
  /** `_ttl`: seconds the service and its data live. */
  ttlSeconds: number
  /** `_chat_endpoint`: endpoint (queue) new chats are submitted to; one of the application's. */
  chatEndpoint: string
  /** `_chat_400_response_on_disconnected`: answer 400 instead of 200 on a finished chat. */
  chat400OnDisconnected: boolean
  /** Name of the Chat Server application that hosts the chats. */
  application: string
}

export interface GmsConfig {
  /** Service name (the `{service}` of `/genesys/1/service/{service}`) to its settings. */
  services: Record<string, GmsServiceConfig>
  /** Seconds without a poll or CometD request before a customer is removed (reason code 3). */
  flexDisconnectTimeoutSeconds: number
  /** `gms.cors.allowed-origins`; absent: this machine's origins (docs/gms.md, "CORS"). */
  corsAllowedOrigins?: string[]
  /** `limits.max-pending-services`: v1 services waiting for their chat (docs/limits.md). */
  maxPendingServices: number
  /** `limits.max-user-data-bytes`: user data held in all, services and chats (docs/limits.md). */
  maxUserDataBytes: number
}

/** A console user (docs/console-api.md, "Users and roles"). */
export interface ConsoleUser {
  id: string
  /** Display name. */
  name: string
  role: ConsoleRole
}

/** Limits of the ESP endpoint (docs/esp.md, "Transport"). */
export interface EspConfig {
  /** Requests per second per connection (or HTTP client address). */
  rateLimit: number
  /** Requests allowed in a burst before the rate applies. */
  burst: number
  /** Largest WebSocket frame or HTTP body, in bytes. */
  maxBodyBytes: number
  /** Shared secret callers must present as `Authorization: Bearer <token>`; absent: none. */
  token?: string
  /** `esp.allowed-origins`: exact web-page origins let in; any other `Origin` gets 403. */
  allowedOrigins: string[]
}

export interface StoreConfig {
  /** SQLite `synchronous` pragma, upper-case as SQLite reads it back. */
  synchronous: 'NORMAL' | 'FULL'
}

/** The whole configuration, defaults applied. */
export interface SwitchboardConfig {
  /** Chat Server applications; the first is the default application. */
  applications: ApplicationConfig[]
  limits: EngineLimits
  /** `limits.max-connections`: open connections per listener (docs/limits.md). */
  maxConnections: Record<ListenerName, number>
  gms: GmsConfig
  users: ConsoleUser[]
  esp: EspConfig
  store: StoreConfig
  /** Endpoint to the absolute path of the strategy module attached to it (docs/harness.md). */
  strategies: Record<string, string>
  /** Absolute path of the file the configuration was read from (the shipped defaults if none). */
  sourceFile: string
}
