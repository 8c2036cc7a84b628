/**
 * Who may call the ESP listener (docs/esp.md, "Transport"): no web page unless `esp.allowed-origins`
 * names it; with a token, whoever presents it as `Authorization: Bearer <token>`; without one,
 * loopback callers only.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

/** Why a caller is turned away, as an HTTP status and a sentence. */
export interface AccessRefusal {
  status: 401 | 403
  error: 'unauthorized' | 'forbidden'
  message: string
}

/** True for 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 spelling. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false
  const ipv4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address
  return ipv4.startsWith('127.') || address === '::1'
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** Compares digests so that neither the content nor the length of the token leaks by timing. */
function isSameToken(presented: string, token: string): boolean {
  return timingSafeEqual(digest(presented), digest(token))
}

function bearerToken(authorization: string | undefined): string | undefined {
  // The scheme is case-insensitive (RFC 9110, 11.1).
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')
  return match?.[1]
}

/** What the access check reads from an upgrade or HTTP request. */
export interface CallerCredentials {
  authorization: string | undefined
  remoteAddress: string | undefined
  /** The `Origin` header: browsers send it, strategies and scripts do not. */
  origin?: string | undefined
}

/**
 * Refuses web pages (docs/limits.md, "ESP"). A browser sends `Origin` on every cross-site
 * WebSocket upgrade and POST, and neither binding to loopback nor the token (a page may know it)
 * stops a page in the user's browser, nor DNS rebinding. So any `Origin`, `null` included, is
 * refused unless listed exactly.
 */
function checkOrigin(
  origin: string | undefined,
  allowedOrigins: readonly string[],
): AccessRefusal | undefined {
  if (origin === undefined || allowedOrigins.includes(origin)) return undefined
  return {
    status: 403,
    error: 'forbidden',
    message: `Web pages may not call ESP: origin ${JSON.stringify(origin)} is not in esp.allowed-origins`,
  }
}

/**
 * Decides whether a caller may use the listener.
 *
 * Decision: without a token only loopback callers are accepted even when `--host` binds a wider
 * address, so that exposing the port never exposes an unauthenticated endpoint that changes
 * sessions; a deployment that wants remote strategies configures `esp.token`.
 *
 * @returns undefined when the caller may go on, else why not
 */
export function checkCaller(
  caller: CallerCredentials,
  token: string | undefined,
  allowedOrigins: readonly string[] = [],
): AccessRefusal | undefined {
  const originRefusal = checkOrigin(caller.origin, allowedOrigins)
  if (originRefusal) return originRefusal
  if (token !== undefined) {
    const presented = bearerToken(caller.authorization)
    if (presented !== undefined && isSameToken(presented, token)) return undefined
    return {
      status: 401,
      error: 'unauthorized',
      message: 'Authorization: Bearer <token> with the configured esp.token is required',
    }
  }
  if (isLoopbackAddress(caller.remoteAddress)) return undefined
  return {
    status: 403,
    error: 'forbidden',
    message: 'Without esp.token configured the ESP listener accepts loopback callers only',
  }
}

/** The `Origin` a request carries (`Sec-WebSocket-Origin` in the draft protocol ws still serves). */
export function originOf(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const origin = headers.origin ?? headers['sec-websocket-origin']
  return Array.isArray(origin) ? origin.join(',') : origin
}
