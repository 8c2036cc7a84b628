import { INCLUDE_NOTICES, type IdleSettings, type IncludeNotices } from './domain'
import { MAX_TEXT_LENGTH, tooLongProblem } from './text-limits'

/** Genesys' defaults (docs/sessions.md), used where an application's configuration says nothing. */
export const DEFAULT_IDLE_SETTINGS: IdleSettings = {
  enabled: false,
  includeNotices: 'major',
  timeoutAlert: 255,
  timeoutAlert2: 0,
  timeoutClose: 45,
  messageAlert: 'Chat session will be closed soon due to inactivity of chat participants.',
  messageAlert2: 'Chat session will be closed very soon due to inactivity of chat participants.',
  messageClose: 'Chat session closed due to inactivity of chat participants.',
}

/** Wire names (ESP parameters, YAML keys) of each setting, in the order they are listed. */
export const IDLE_SETTING_KEYS = {
  enabled: 'enabled',
  includeNotices: 'include-notices',
  timeoutAlert: 'timeout-alert',
  timeoutAlert2: 'timeout-alert2',
  timeoutClose: 'timeout-close',
  messageAlert: 'message-alert',
  messageAlert2: 'message-alert2',
  messageClose: 'message-close',
} as const satisfies Record<keyof IdleSettings, string>

/** A setting's name on the wire: `timeout-alert`, `include-notices`, ... */
export type IdleSettingWireKey = (typeof IDLE_SETTING_KEYS)[keyof IdleSettings]

/** Valid ranges, in seconds, of the three timeouts. */
export const IDLE_TIMEOUT_RANGES = {
  timeoutAlert: { min: 1, max: 86400 },
  timeoutAlert2: { min: 0, max: 86400 },
  timeoutClose: { min: 1, max: 86400 },
} as const

/** The `IdleControlConfigure` flag that first drops the session's overrides. */
export const RESET_PARAMETERS_KEY = 'reset-parameters'

/** A request to change a session's idle control: optional reset, then these overrides. */
export interface IdleChange {
  resetParameters: boolean
  changes: Partial<IdleSettings>
}

/** Why a parameter was refused, for the ESP fault or console error that reports it. */
export interface SettingProblem {
  /** The wire key at fault. */
  parameter: string
  text: string
}

/** A parsed value, or the problem that refused it. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: SettingProblem }

const WIRE_TO_FIELD = new Map<string, keyof IdleSettings>(
  Object.entries(IDLE_SETTING_KEYS).map(([field, wire]) => [wire, field as keyof IdleSettings]),
)

/** True for the keys `IdleControlConfigure` knows (the settings and `reset-parameters`). */
export function isIdleParameter(key: string): boolean {
  return key === RESET_PARAMETERS_KEY || WIRE_TO_FIELD.has(key)
}

function parseBoolean(parameter: string, text: string): ParseResult<boolean> {
  const lower = text.toLowerCase()
  if (lower === 'true') return { ok: true, value: true }
  if (lower === 'false') return { ok: true, value: false }
  return {
    ok: false,
    problem: {
      parameter,
      text: `${parameter} must be true or false (got ${JSON.stringify(text)})`,
    },
  }
}

function parseSeconds(
  parameter: string,
  text: string,
  min: number,
  max: number,
): ParseResult<number> {
  const isWholeNumber = /^\d+$/.test(text.trim())
  const value = isWholeNumber ? Number(text.trim()) : NaN
  if (!isWholeNumber || value < min || value > max) {
    return {
      ok: false,
      problem: {
        parameter,
        text: `${parameter} must be a whole number of seconds from ${min} to ${max} (got ${JSON.stringify(text)})`,
      },
    }
  }
  return { ok: true, value }
}

/** Parses one setting from its wire text. */
export function parseIdleSetting<K extends keyof IdleSettings>(
  field: K,
  text: string,
): ParseResult<IdleSettings[K]> {
  const parameter = IDLE_SETTING_KEYS[field]
  switch (field) {
    case 'enabled':
      return parseBoolean(parameter, text) as ParseResult<IdleSettings[K]>
    case 'includeNotices':
      if ((INCLUDE_NOTICES as readonly string[]).includes(text)) {
        return { ok: true, value: text as IncludeNotices as IdleSettings[K] }
      }
      return {
        ok: false,
        problem: {
          parameter,
          text: `${parameter} must be one of ${INCLUDE_NOTICES.join(', ')} (got ${JSON.stringify(text)})`,
        },
      }
    case 'timeoutAlert':
    case 'timeoutAlert2':
    case 'timeoutClose': {
      const range = IDLE_TIMEOUT_RANGES[field as keyof typeof IDLE_TIMEOUT_RANGES]
      return parseSeconds(parameter, text, range.min, range.max) as ParseResult<IdleSettings[K]>
    }
    default: {
      // The idle texts are posted to the customer like a message, so they have a message's cap.
      const problem = tooLongProblem(parameter, text, MAX_TEXT_LENGTH)
      if (problem !== undefined) return { ok: false, problem: { parameter, text: problem } }
      return { ok: true, value: text as IdleSettings[K] }
    }
  }
}

/**
 * Parses the parameters of an idle-control change (ESP `IdleControlConfigure`, the console's idle
 * editor). Unknown keys are the caller's business; the first invalid value refuses the whole change.
 */
export function parseIdleChange(
  parameters: Readonly<Record<string, string>>,
): ParseResult<IdleChange> {
  let resetParameters = false
  const changes: Partial<IdleSettings> = {}
  for (const [key, text] of Object.entries(parameters)) {
    if (key === RESET_PARAMETERS_KEY) {
      const parsed = parseBoolean(key, text)
      if (!parsed.ok) return parsed
      resetParameters = parsed.value
      continue
    }
    const field = WIRE_TO_FIELD.get(key)
    if (!field) continue
    const parsed = parseIdleSetting(field, text)
    if (!parsed.ok) return parsed
    Object.assign(changes, { [field]: parsed.value })
  }
  return { ok: true, value: { resetParameters, changes } }
}
