/**
 * The four ESP methods (docs/esp.md, "Methods"). Each checks its parameters and returns the engine
 * call to make, without making it: the handler decides whether the request may still run
 * (`overloaded`) once every check has passed.
 */
import type { UserNoticeType } from '../../src-shared/domain'
import {
  IDLE_SETTING_KEYS,
  isIdleParameter,
  parseIdleChange,
  RESET_PARAMETERS_KEY,
} from '../../src-shared/idle-settings'
import type { ChatEngine, CommandResult } from '../engine/chat-engine'
import { findLanguage, type LanguageSelector } from '../engine/languages'
import { EspFaultError } from './esp-faults'
import {
  MAX_SHORT_TEXT_LENGTH,
  MAX_TEXT_LENGTH,
  optionalText,
  readSender,
  requiredText,
  requirePresent,
} from './esp-parameters'
import type { EspParameters, EspTarget } from './esp-request'

/** The source named in the notices ESP requests cause ("by workflow"). */
export const ESP_SOURCE = 'workflow'

/** What a method gets to check: the parameters, the resolved session, the user data. */
export interface EspCall {
  parameters: EspParameters
  target: EspTarget
  userData: Readonly<Record<string, unknown>>
}

/** An engine call, prepared but not yet made. */
export type EngineCommand = (engine: ChatEngine) => Promise<CommandResult>

export interface EspMethod {
  /** True for a parameter the method reads; the others are listed in `ignoredParameters`. */
  isKnownParameter(key: string): boolean
  /** Checks the parameters (throws an `EspFaultError`) and returns the engine call to make. */
  prepare(call: EspCall): EngineCommand
}

const SENDER_PARAMETERS = ['Nickname', 'Visibility']

function knownSet(...keys: string[]): (key: string) => boolean {
  const known = new Set(keys)
  return (key) => known.has(key)
}

const message: EspMethod = {
  isKnownParameter: knownSet('MessageText', 'MessageType', ...SENDER_PARAMETERS),
  prepare({ parameters, target, userData }) {
    const text = requiredText(parameters, 'MessageText', MAX_TEXT_LENGTH)
    const messageType = optionalText(parameters, 'MessageType', MAX_SHORT_TEXT_LENGTH)
    const sender = readSender(parameters, userData)
    return (engine) =>
      engine.sendAsExternal(target.sessionId, {
        ...sender,
        content: { kind: 'message', text, ...(messageType ? { messageType } : {}) },
      })
  },
}

const NOTICE_TYPES: readonly UserNoticeType[] = ['USER_PUSHED_URL', 'USER_CUSTOM']

function isAbsoluteHttpUrl(text: string): boolean {
  // WHATWG URL parsing forgives "http:example.com"; an absolute URL here has its "//".
  if (!/^https?:\/\//i.test(text)) return false
  try {
    return new URL(text).hostname !== ''
  } catch {
    return false
  }
}

/** Missing before invalid (docs/esp.md's order): NoticeText is mandatory only for a pushed URL. */
function readNoticeContent(parameters: EspParameters): { type: UserNoticeType; text: string } {
  requirePresent(parameters, 'NoticeType')
  const typeText = parameters.get('NoticeType')
  if (typeText === 'USER_PUSHED_URL') requirePresent(parameters, 'NoticeText')
  const type = NOTICE_TYPES.find((candidate) => candidate === typeText)
  if (!type) {
    throw new EspFaultError(
      'invalid-parameter',
      `NoticeType must be USER_PUSHED_URL or USER_CUSTOM (got ${JSON.stringify(typeText)})`,
      'NoticeType',
    )
  }
  const text = optionalText(parameters, 'NoticeText', MAX_TEXT_LENGTH) ?? ''
  if (type === 'USER_PUSHED_URL' && !isAbsoluteHttpUrl(text)) {
    throw new EspFaultError(
      'invalid-parameter',
      `NoticeText of a USER_PUSHED_URL must be an absolute http: or https: URL (got ${JSON.stringify(text.slice(0, 200))})`,
      'NoticeText',
    )
  }
  return { type, text }
}

const notice: EspMethod = {
  isKnownParameter: knownSet('NoticeType', 'NoticeText', ...SENDER_PARAMETERS),
  prepare({ parameters, target, userData }) {
    const { type, text } = readNoticeContent(parameters)
    const sender = readSender(parameters, userData)
    return (engine) =>
      engine.sendAsExternal(target.sessionId, {
        ...sender,
        content: { kind: 'notice', noticeType: type, text },
      })
  },
}

const IDLE_PARAMETER_LIST = [RESET_PARAMETERS_KEY, ...Object.values(IDLE_SETTING_KEYS)].join(', ')

const idleControlConfigure: EspMethod = {
  isKnownParameter: isIdleParameter,
  prepare({ parameters, target }) {
    const known = [...parameters].filter(([key]) => isIdleParameter(key))
    if (known.length === 0) {
      throw new EspFaultError(
        'no-parameters',
        `IdleControlConfigure needs at least one of ${IDLE_PARAMETER_LIST}`,
      )
    }
    const parsed = parseIdleChange(Object.fromEntries(known))
    if (!parsed.ok) {
      throw new EspFaultError('invalid-parameter', parsed.problem.text, parsed.problem.parameter)
    }
    const change = parsed.value
    return (engine) => engine.configureIdle(target.sessionId, { change, by: ESP_SOURCE })
  },
}

/**
 * `GCTI_LanguageCode` decides when present, else `GCTI_LanguageName` (docs/sessions.md). Decision: an
 * empty value counts as not given, as the engine's language lookup treats it.
 */
function readLanguageSelector(parameters: EspParameters): LanguageSelector {
  const code = parameters.get('GCTI_LanguageCode')
  if (code) return { code }
  const name = parameters.get('GCTI_LanguageName')
  if (name) return { name }
  throw new EspFaultError(
    'no-parameters',
    'ConfigureSession needs GCTI_LanguageCode or GCTI_LanguageName',
  )
}

const configureSession: EspMethod = {
  isKnownParameter: knownSet('GCTI_LanguageCode', 'GCTI_LanguageName'),
  prepare({ parameters, target }) {
    const selector = readLanguageSelector(parameters)
    // Checked here, not only by the engine, so that `unknown-language` wins over `overloaded`.
    if (!findLanguage(target.application, selector)) {
      const named = selector.code ?? selector.name ?? ''
      throw new EspFaultError(
        'unknown-language',
        `${target.application.name} has no language ${JSON.stringify(named)}`,
      )
    }
    return (engine) => engine.setLanguage(target.sessionId, { selector, by: ESP_SOURCE })
  },
}

/** The methods by their wire name. A `Map`, so that "toString" or "__proto__" is no method. */
const METHODS: ReadonlyMap<string, EspMethod> = new Map([
  ['Message', message],
  ['Notice', notice],
  ['IdleControlConfigure', idleControlConfigure],
  ['ConfigureSession', configureSession],
])

/** The names of the methods, as docs/esp.md lists them. */
export const ESP_METHOD_NAMES: readonly string[] = [...METHODS.keys()]

/**
 * The method called `name`.
 *
 * @throws EspFaultError `unknown-method`
 */
export function findMethod(name: string): EspMethod {
  const method = METHODS.get(name)
  if (!method) {
    throw new EspFaultError(
      'unknown-method',
      `Unknown method ${JSON.stringify(name)}; expected one of ${ESP_METHOD_NAMES.join(', ')}`,
    )
  }
  return method
}
