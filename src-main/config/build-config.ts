/**
 * Turns a merged, validated configuration file (kebab-case, optional keys) into the complete
 * camelCase `SwitchboardConfig` the rest of the app receives.
 */
import type { IdleSettings } from '../../src-shared/domain'
import { DEFAULT_IDLE_SETTINGS } from '../../src-shared/idle-settings'
import type { ApplicationConfig, LanguageConfig } from '../engine/application-config'
import { DEFAULT_MAX_CONNECTIONS } from '../net/connection-limits'
import { ConfigError, formatConfigPath } from './config-error'
import type { ConfigPath } from './config-error'
import type {
  ApplicationFile,
  ConfigFile,
  GmsServiceFile,
  IdleControlFile,
  LanguageFile,
} from './config-schema'
import type { GmsServiceConfig, SwitchboardConfig } from './switchboard-config'

/** Nickname of the SYSTEM party when an application names none (docs/sessions.md, "Parties"). */
const DEFAULT_SYSTEM_NICKNAME = 'system'
/** docs/gms.md's defaults, for a service the shipped configuration does not define. */
const DEFAULT_TTL_SECONDS = 3600
const DEFAULT_CHAT_400_ON_DISCONNECTED = false

/** Genesys' defaults overlaid with what the file sets (docs/sessions.md, "Idle control"). */
function toIdleSettings(file: IdleControlFile | null | undefined): IdleSettings {
  const defaults = DEFAULT_IDLE_SETTINGS
  return {
    enabled: file?.enabled ?? defaults.enabled,
    includeNotices: file?.['include-notices'] ?? defaults.includeNotices,
    timeoutAlert: file?.['timeout-alert'] ?? defaults.timeoutAlert,
    timeoutAlert2: file?.['timeout-alert2'] ?? defaults.timeoutAlert2,
    timeoutClose: file?.['timeout-close'] ?? defaults.timeoutClose,
    messageAlert: file?.['message-alert'] ?? defaults.messageAlert,
    messageAlert2: file?.['message-alert2'] ?? defaults.messageAlert2,
    messageClose: file?.['message-close'] ?? defaults.messageClose,
  }
}

function toLanguage(file: LanguageFile): LanguageConfig {
  const language: LanguageConfig = { code: file.code, name: file.name }
  // Absent texts stay absent: the engine then falls back to the application's text.
  if (file['message-alert'] !== undefined) language.messageAlert = file['message-alert']
  if (file['message-alert2'] !== undefined) language.messageAlert2 = file['message-alert2']
  if (file['message-close'] !== undefined) language.messageClose = file['message-close']
  return language
}

function toApplication(file: ApplicationFile): ApplicationConfig {
  const languages = (file.languages ?? []).map(toLanguage)
  const requested = file['default-language']?.toLowerCase()
  // Validation made sure a requested code exists; the list's own spelling of it is kept.
  const defaultLanguage =
    requested === undefined
      ? languages[0]
      : languages.find((language) => language.code.toLowerCase() === requested)
  return {
    name: file.name,
    endpoints: file.endpoints ?? [],
    idleDefaults: toIdleSettings(file['inactivity-control']),
    defaultLanguage: defaultLanguage?.code ?? null,
    languages,
    systemNickname: file['system-nickname'] ?? DEFAULT_SYSTEM_NICKNAME,
  }
}

/**
 * Converts `merged`, which must have passed validation and `checkComplete`. A key still missing
 * can only be missing from the shipped defaults, so the error names `defaultsFile`.
 */
export function buildConfig(
  merged: ConfigFile,
  sourceFile: string,
  defaultsFile: string,
): SwitchboardConfig {
  const need = <T>(value: T | null | undefined, path: ConfigPath): T => {
    if (value !== undefined && value !== null) return value
    throw new ConfigError(defaultsFile, [{ path: formatConfigPath(path), message: 'is required' }])
  }
  const applications = need(merged.applications, ['applications']).map(toApplication)
  const defaultApplication = need(applications[0], ['applications', 0])

  const toService = (name: string, file: GmsServiceFile): GmsServiceConfig => {
    // Without `application` a service uses the default application (docs/gms.md, "Configuration").
    const application = file.application ?? defaultApplication.name
    const hosting = applications.find((app) => app.name === application)
    const path = ['gms', 'services', name, '_chat_endpoint']
    return {
      ttlSeconds: file._ttl ?? DEFAULT_TTL_SECONDS,
      chatEndpoint: need(file._chat_endpoint ?? hosting?.endpoints[0], path),
      chat400OnDisconnected:
        file._chat_400_response_on_disconnected ?? DEFAULT_CHAT_400_ON_DISCONNECTED,
      application,
    }
  }
  const services = Object.entries(merged.gms?.services ?? {}).map(
    ([name, file]) => [name, toService(name, file)] as const,
  )

  const esp = need(merged.esp, ['esp'])
  const synchronous = need(merged.store?.synchronous, ['store', 'synchronous'])
  return {
    applications,
    limits: {
      maxOpenSessions: need(merged.limits?.['max-open-sessions'], ['limits', 'max-open-sessions']),
    },
    // A file naming one listener keeps the others' defaults.
    maxConnections: { ...DEFAULT_MAX_CONNECTIONS, ...merged.limits?.['max-connections'] },
    gms: {
      services: Object.fromEntries(services),
      flexDisconnectTimeoutSeconds: need(merged.gms?.['flex-disconnect-timeout'], [
        'gms',
        'flex-disconnect-timeout',
      ]),
      maxPendingServices: need(merged.limits?.['max-pending-services'], [
        'limits',
        'max-pending-services',
      ]),
      maxUserDataBytes: need(merged.limits?.['max-user-data-bytes'], [
        'limits',
        'max-user-data-bytes',
      ]),
      ...(merged.gms?.cors?.['allowed-origins'] && {
        corsAllowedOrigins: merged.gms.cors['allowed-origins'],
      }),
    },
    users: (merged.users ?? []).map((user) => ({ id: user.id, name: user.name, role: user.role })),
    esp: {
      rateLimit: need(esp['rate-limit'], ['esp', 'rate-limit']),
      burst: need(esp.burst, ['esp', 'burst']),
      maxBodyBytes: need(esp['max-body-bytes'], ['esp', 'max-body-bytes']),
      ...(esp.token !== undefined && { token: esp.token }),
      allowedOrigins: [...(esp['allowed-origins'] ?? [])],
    },
    store: { synchronous: synchronous === 'normal' ? 'NORMAL' : 'FULL' },
    strategies: { ...merged.strategies },
    sourceFile,
  }
}
