import { EngineError } from '../engine/engine-error'
import { GmsError } from './gms-errors'

/**
 * Rules both API versions apply to what a customer sends (docs/gms.md, "Limits"). Lengths are
 * counted in characters, i.e. Unicode code points, never UTF-16 units.
 */

export const MAX_NICKNAME_LENGTH = 64
export const MAX_USER_DATA_KEYS = 100
export const MAX_USER_DATA_BYTES = 64 * 1024

/** Unicode Cc: a nickname carrying one cannot be rendered or told apart. */
const CONTROL_CHARACTERS = /\p{Cc}/gu

export function characterCount(text: string): number {
  return Array.from(text).length
}

/** Why a nickname a customer chose is refused; undefined when it is fine. */
export function nicknameProblem(nickname: string): string | undefined {
  if (nickname.trim() === '') return 'must not be empty or only white space'
  if (characterCount(nickname) > MAX_NICKNAME_LENGTH) {
    return `must be at most ${MAX_NICKNAME_LENGTH} characters`
  }
  if (new RegExp(CONTROL_CHARACTERS.source, 'u').test(nickname)) {
    return 'must not contain control characters'
  }
  return undefined
}

/** `firstName lastName` as a nickname: control characters removed, cut to 64 characters. */
export function nicknameFromNames(firstName = '', lastName = ''): string {
  const joined = [firstName, lastName]
    .map((part) => part.replace(CONTROL_CHARACTERS, '').trim())
    .filter((part) => part !== '')
    .join(' ')
  return Array.from(joined).slice(0, MAX_NICKNAME_LENGTH).join('').trim()
}

/** Why a chat's user data is over its caps (keys, then UTF-8 bytes); undefined within them. */
export function userDataProblem(userData: Readonly<Record<string, string>>): string | undefined {
  const entries = Object.entries(userData)
  if (entries.length > MAX_USER_DATA_KEYS) {
    return `User data has ${entries.length} keys: at most ${MAX_USER_DATA_KEYS} are allowed per chat`
  }
  let bytes = 0
  for (const [key, value] of entries) bytes += Buffer.byteLength(key) + Buffer.byteLength(value)
  if (bytes > MAX_USER_DATA_BYTES) {
    return `User data is ${bytes} bytes: at most ${MAX_USER_DATA_BYTES} (64 KiB) are allowed per chat`
  }
  return undefined
}

/** The v1 refusal of user data over its caps (413, `UserDataTooLarge`). */
export function userDataTooLarge(problem: string): GmsError {
  return new GmsError(413, 'UserDataTooLarge', problem)
}

/**
 * Runs a customer's action on its chat. False when the session closed, or the customer was
 * removed, between the check and the action (an agent closing at the same moment): that is a
 * finished chat, not a failure.
 */
export async function unlessGone(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action()
    return true
  } catch (error) {
    if (isGoneError(error)) return false
    throw error
  }
}

export function isGoneError(error: unknown): boolean {
  return (
    error instanceof EngineError &&
    (error.code === 'session-closed' || error.code === 'unknown-party')
  )
}
