/**
 * Readers for the parameters the ESP methods share (esp.md, "Methods"). Each either returns the
 * value or throws the `missing-parameter` / `invalid-parameter` fault naming the parameter.
 */
import { VISIBILITIES, type Visibility } from '../../src-shared/domain'
import { EspFaultError } from './esp-faults'
import type { EspParameters } from './esp-request'

/** Longest `MessageText` / `NoticeText`, in UTF-16 code units as the engine counts them. */
export const MAX_TEXT_LENGTH = 16384
/** Longest `MessageType` and `Nickname`. */
export const MAX_SHORT_TEXT_LENGTH = 64
/** The EXTERNAL party's nickname when a request gives none (esp.md). */
export const DEFAULT_NICKNAME = 'system'

/** Who a Message or Notice is posted as. */
export interface ExternalSender {
  nickname: string
  visibility: Visibility
  isBot: boolean
}

function tooLong(name: string, max: number, text: string): EspFaultError {
  return new EspFaultError(
    'invalid-parameter',
    `${name} must be at most ${max} characters (got ${text.length})`,
    name,
  )
}

/** Throws `missing-parameter` when a mandatory parameter is absent or empty. */
export function requirePresent(parameters: EspParameters, name: string): void {
  const text = parameters.get(name)
  if (text === undefined || text === '') {
    throw new EspFaultError('missing-parameter', `${name} is mandatory and must not be empty`, name)
  }
}

/** A mandatory text of 1 to `max` characters. */
export function requiredText(parameters: EspParameters, name: string, max: number): string {
  requirePresent(parameters, name)
  return optionalText(parameters, name, max) ?? ''
}

/** An optional text of at most `max` characters (empty allowed); undefined when absent. */
export function optionalText(
  parameters: EspParameters,
  name: string,
  max: number,
): string | undefined {
  const text = parameters.get(name)
  if (text !== undefined && text.length > max) throw tooLong(name, max, text)
  return text
}

function readNickname(parameters: EspParameters): string {
  const nickname = parameters.get('Nickname')
  if (nickname === undefined) return DEFAULT_NICKNAME
  // Not mandatory, so an empty one is a value out of range rather than a missing parameter.
  if (nickname === '') {
    throw new EspFaultError(
      'invalid-parameter',
      `Nickname must be 1 to ${MAX_SHORT_TEXT_LENGTH} characters (got an empty one)`,
      'Nickname',
    )
  }
  if (nickname.length > MAX_SHORT_TEXT_LENGTH) {
    throw tooLong('Nickname', MAX_SHORT_TEXT_LENGTH, nickname)
  }
  return nickname
}

function readVisibility(parameters: EspParameters): Visibility {
  const text = parameters.get('Visibility')
  if (text === undefined) return 'ALL'
  const visibility = VISIBILITIES.find((candidate) => candidate === text)
  if (!visibility) {
    throw new EspFaultError(
      'invalid-parameter',
      `Visibility must be ALL, INT or VIP (got ${JSON.stringify(text)})`,
      'Visibility',
    )
  }
  return visibility
}

/**
 * The EXTERNAL party a Message or Notice is posted as. Decision: the bot flag comes from the
 * interaction's user data, `GCTI_Chat_PartyStyle` equal to `BOT` (sessions.md's bot marker),
 * since a strategy speaking for a bot sends that key with every request.
 */
export function readSender(
  parameters: EspParameters,
  userData: Readonly<Record<string, unknown>>,
): ExternalSender {
  return {
    nickname: readNickname(parameters),
    visibility: readVisibility(parameters),
    isBot: userData.GCTI_Chat_PartyStyle === 'BOT',
  }
}
