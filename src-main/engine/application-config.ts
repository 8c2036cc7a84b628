import type { IdleSettings, Language } from '../../src-shared/domain'

/** A configured language with its optional language-specific idle texts (docs/sessions.md). */
export interface LanguageConfig extends Language {
  messageAlert?: string
  messageAlert2?: string
  messageClose?: string
}

/** One Chat Server application as the engine sees it, after the configuration was validated. */
export interface ApplicationConfig {
  name: string
  /** Endpoints (queues) this application hosts; the first is its default. */
  endpoints: string[]
  /** Inactivity-control defaults: Genesys' defaults overlaid with the configuration. */
  idleDefaults: IdleSettings
  /** Code of the default language; null when the application lists no languages. */
  defaultLanguage: string | null
  languages: LanguageConfig[]
  /** Nickname of the SYSTEM party (default `system`). */
  systemNickname: string
}

/** Limits that protect the engine from overload (`limits` in config). */
export interface EngineLimits {
  /** Open sessions per application before new ones are refused (`overloaded`, GMS 503). */
  maxOpenSessions: number
}

/** The limits used when the configuration names none. */
export const DEFAULT_ENGINE_LIMITS: EngineLimits = { maxOpenSessions: 100_000 }
