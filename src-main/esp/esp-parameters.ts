/**
 * Readers for the parameters the ESP methods share (docs/esp.md, "Methods"). Each either returns the
 * value or throws the `missing-parameter` / `invalid-parameter` fault naming the parameter.
 */
import { VISIBILITIES, type Visibility } from '../../src-shared/domain'
import {
  MAX_NICKNAME_LENGTH,
  MAX_TEXT_LENGTH as MAX_TEXT_CHARACTERS,
  nicknameProblem,
  tooLongProblem,
} from '../../src-shared/text-limits'
import { EspFaultError } from './esp-faults'
import type { EspParameters } from './esp-request'

/** Longest `MessageText` / `NoticeText` / idle text, in characters (code points). */
export const MAX_TEXT_LENGTH = MAX_TEXT_CHARACTERS
/** Longest `MessageType` and `Nickname`, in characters. */
export const MAX_SHORT_TEXT_LENGTH = MAX_NICKNAME_LENGTH
/** The EXTERNAL party's nickname when a request gives none (docs/esp.md). */
export const DEFAULT_NICKNAME = 'system'

/** Who a Message or Notice is posted as. */
export interface ExternalSender {
  nickname: string
  visibility: Visibility
  isBot: boolean
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
  const problem = text === undefined ? undefined : tooLongProblem(name, text, max)
  if (problem !== undefined) throw new EspFaultError('invalid-parameter', problem, name)
  return text
}

function readNickname(parameters: EspParameters): string {
  const nickname = parameters.get('Nickname')
  if (nickname === undefined) return DEFAULT_NICKNAME
  // Not mandatory, so an empty or blank one is a value out of range, not a missing parameter.
  const problem = nicknameProblem('Nickname', nickname)
  if (problem !== undefined) throw new EspFaultError('invalid-parameter', problem, 'Nickname')
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
 * interaction's user data, `GCTI_Chat_PartyStyle` equal to `BOT` (docs/sessions.md's bot marker),
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
