import type { FormFields } from '../form-input'
import { characterCount, nicknameProblem } from '../customer-rules'
import { V2_CODES, V2Error } from './v2-errors'

/** Longest message, typing preview or notice text (the engine's text limit). */
export const MAX_TEXT_LENGTH = 16384
/** Longest `messageType` (ESP's `MessageType` cap). */
const MAX_MESSAGE_TYPE_LENGTH = 64
const MAX_POSITION = 1_000_000_000

/** The `userData[key]` fields of a request (jQuery's serialisation of an object). */
const USER_DATA_FIELD = /^userData\[(.*)\]$/s

/** Keys the engine keeps itself: a customer cannot set them. */
const ENGINE_KEYS = new Set(['IsOnline', 'ChatServerAppName'])

/**
 * Reading a v2 request's parameters. An empty string counts as absent for optional fields:
 * Widgets send empty `alias`, `secureKey` and `userId` with the chat request.
 */
export class V2Fields {
  constructor(private readonly fields: FormFields) {}

  optional(name: string): string | undefined {
    const value = this.fields.get(name)
    return value === undefined || value === '' ? undefined : value
  }

  required(name: string): string {
    const value = this.optional(name)
    if (value === undefined) {
      throw new V2Error(V2_CODES.missingParameter, `${name} is required and must not be empty`)
    }
    return value
  }

  /** An optional text of at most `max` characters (code points). */
  text(name: string, max = MAX_TEXT_LENGTH): string | undefined {
    const value = this.optional(name)
    if (value !== undefined && characterCount(value) > max) {
      throw new V2Error(V2_CODES.invalidValue, `${name} must be at most ${max} characters`)
    }
    return value
  }

  /** The customer's message: 1–16384 characters. */
  message(): string {
    const value = this.required('message')
    return this.checkLength('message', value, MAX_TEXT_LENGTH)
  }

  messageType(): string | undefined {
    return this.text('messageType', MAX_MESSAGE_TYPE_LENGTH)
  }

  /** `transcriptPosition`: a decimal integer ≥ 0; undefined when absent. */
  position(): number | undefined {
    const value = this.optional('transcriptPosition')
    if (value === undefined) return undefined
    if (!/^[0-9]{1,10}$/.test(value) || Number(value) > MAX_POSITION) {
      throw new V2Error(
        V2_CODES.invalidValue,
        `transcriptPosition must be a decimal integer ≥ 0, got ${JSON.stringify(value.slice(0, 40))}`,
      )
    }
    return Number(value)
  }

  /** A nickname the customer chose: 1–64 characters, not blank, no control characters. */
  nickname(name = 'nickname'): string | undefined {
    const value = this.optional(name)
    if (value === undefined) return undefined
    const problem = nicknameProblem(value)
    if (problem) throw new V2Error(V2_CODES.invalidValue, `${name} ${problem}`)
    return value
  }

  /** An absolute `http:` or `https:` URL. */
  url(name: string): string {
    const value = this.checkLength(name, this.required(name), MAX_TEXT_LENGTH)
    let isWeb = false
    try {
      const parsed = new URL(value)
      isWeb = parsed.protocol === 'http:' || parsed.protocol === 'https:'
    } catch {
      isWeb = false
    }
    if (!isWeb) {
      throw new V2Error(V2_CODES.invalidValue, `${name} must be an absolute http: or https: URL`)
    }
    return value
  }

  /**
   * The `userData[key]` fields: the key is the text between `userData[` and the final `]`.
   * The engine's own keys cannot be set and are dropped.
   */
  userData(): Record<string, string> {
    const userData: Record<string, string> = {}
    for (const [name, value] of this.fields) {
      const key = USER_DATA_FIELD.exec(name)?.[1]
      if (key === undefined) continue
      if (key === '') throw new V2Error(V2_CODES.invalidValue, 'userData keys must not be empty')
      if (!ENGINE_KEYS.has(key)) userData[key] = value
    }
    return userData
  }

  private checkLength(name: string, value: string, max: number): string {
    if (characterCount(value) > max) {
      throw new V2Error(V2_CODES.invalidValue, `${name} must be at most ${max} characters`)
    }
    return value
  }
}
