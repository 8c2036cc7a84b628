/**
 * Who may call the ESP listener (esp.md, "Transport"): with a token, whoever presents it as
 * `Authorization: Bearer <token>`; without one, loopback callers only.
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
  caller: { authorization: string | undefined; remoteAddress: string | undefined },
  token: string | undefined,
): AccessRefusal | undefined {
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
