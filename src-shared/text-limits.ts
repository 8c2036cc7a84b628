/**
 * Text lengths as every spec counts them (docs/limits.md): characters are Unicode code points,
 * so an emoji is one character, never two UTF-16 units (JavaScript's `length`) or four bytes.
 * Shared by every boundary (ESP, GMS, the console API) and the engine, so that a text accepted
 * by one is never refused by another for its length, and errors give the count the sender sees.
 */

/** Longest message, notice, note or idle text (docs/esp.md, docs/gms.md, docs/console-api.md). */
export const MAX_TEXT_LENGTH = 16384
/** Longest nickname (docs/esp.md `Nickname`; docs/limits.md, the customer nickname). */
export const MAX_NICKNAME_LENGTH = 64

/** Number of code points in `text`: a surrogate pair counts once. */
export function codePointLength(text: string): number {
  let length = text.length
  for (let index = 0; index < text.length - 1; index++) {
    const unit = text.charCodeAt(index)
    if (unit < 0xd800 || unit > 0xdbff) continue
    const next = text.charCodeAt(index + 1)
    if (next >= 0xdc00 && next <= 0xdfff) {
      length--
      index++
    }
  }
  return length
}

/** `name must be at most max characters (got n)`, or undefined when `text` fits. */
export function tooLongProblem(name: string, text: string, max: number): string | undefined {
  const length = codePointLength(text)
  if (length <= max) return undefined
  return `${name} must be at most ${max} characters (got ${length})`
}

const CONTROL_CHARACTER = /\p{Cc}/u
const ONLY_WHITE_SPACE = /^\s*$/u

/**
 * Why `nickname` cannot be a party's name, or undefined when it can: 1 to 64 characters, not
 * only white space, no control characters. A blank or control-character name cannot be told
 * apart from another or rendered (a newline, a bell, an escape sequence in a log).
 */
export function nicknameProblem(name: string, nickname: string): string | undefined {
  if (nickname === '') {
    return `${name} must be 1 to ${MAX_NICKNAME_LENGTH} characters (got an empty one)`
  }
  if (ONLY_WHITE_SPACE.test(nickname)) return `${name} must not be only white space`
  if (CONTROL_CHARACTER.test(nickname)) {
    return `${name} must not contain control characters (got ${JSON.stringify(nickname)})`
  }
  return tooLongProblem(name, nickname, MAX_NICKNAME_LENGTH)
}
