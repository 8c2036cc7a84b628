/**
 * Which links the console may hand to the operating system (docs/console-api.md, "Security":
 * `openExternal` only for http(s) URLs). `shell.openExternal` launches whatever handles a
 * scheme, so `file:`, `smb:`, `javascript:` or a custom app scheme would turn a pushed URL in a
 * transcript into a local program start.
 */

/**
 * True for an absolute `http:` or `https:` URL with a host and no embedded credentials
 * (`https://bank.example@evil.example` reads as one site and opens another).
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false
  return parsed.hostname !== '' && parsed.username === '' && parsed.password === ''
}
