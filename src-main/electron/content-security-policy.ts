/**
 * The console's Content Security Policy (docs/style.md, "Electron": starting from `default-src
 * 'none'`). The built page carries the same policy in a `<meta>` tag; the shell also sends it as
 * a response header, which is the only way `frame-ancestors` and friends take effect and which
 * covers anything served without the tag (the dev server).
 */

/**
 * Everything is refused unless listed: scripts, styles and fonts only from the app itself, no
 * inline code or `eval`, images also as `data:` URLs, no frames, plugins, forms or `<base>`.
 * `connect-src 'self'` covers the dev server's hot reload; the packaged renderer talks over IPC.
 */
export const CONSOLE_CSP_DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
  ['object-src', "'none'"],
]

/** The policy as one header value. */
export const CONSOLE_CSP = CONSOLE_CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join(
  '; ',
)

/** Response headers as Electron's `webRequest.onHeadersReceived` hands them over. */
export type ResponseHeaders = Record<string, string[]>

/**
 * `headers` with the console's policy set, replacing any policy the response brought (header
 * names are case-insensitive, so a server's `content-security-policy` is dropped too).
 */
export function withConsoleCsp(headers: ResponseHeaders | undefined): ResponseHeaders {
  const kept = Object.entries(headers ?? {}).filter(
    ([name]) => name.toLowerCase() !== 'content-security-policy',
  )
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [CONSOLE_CSP] }
}
