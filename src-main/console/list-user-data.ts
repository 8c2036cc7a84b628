/**
 * The user data a `listSessions` row carries (docs/console-api.md, "Console API"; docs/limits.md,
 * "Console"): at most 2 KiB, the keys a row shows first. A chat may hold 64 KiB of user data and
 * a list hundreds of rows: whole, that is a reply of many megabytes, and a window that cannot
 * read 4 MiB in time is disconnected. `getSession` still gives all of it.
 */

/** UTF-8 bytes of keys and values a list row may carry. */
export const MAX_LIST_USER_DATA_BYTES = 2048

/** What a row shows (the customer's name, the subject) and what the language filter reads. */
const FIRST_KEYS = [
  'FirstName',
  'LastName',
  'EmailAddress',
  'Subject',
  'GCTI_LanguageCode',
  'GCTI_LanguageName',
]

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

/**
 * The entries of `userData` that fit in `maxBytes`, the first keys before the rest, each whole:
 * an entry that does not fit is left out rather than cut, so no value is ever shown half.
 */
export function listUserData(
  userData: Readonly<Record<string, string>>,
  maxBytes: number = MAX_LIST_USER_DATA_BYTES,
): Record<string, string> {
  const first = FIRST_KEYS.filter((key) => Object.hasOwn(userData, key))
  const rest = Object.keys(userData).filter((key) => !FIRST_KEYS.includes(key))
  const kept: Record<string, string> = {}
  let used = 0
  for (const key of [...first, ...rest]) {
    const value = userData[key] ?? ''
    const size = utf8Bytes(key) + utf8Bytes(value)
    if (used + size > maxBytes) continue
    kept[key] = value
    used += size
  }
  return kept
}
