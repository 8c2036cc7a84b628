/**
 * Who may reach the browser-mode console (docs/console-api.md, "Security"): a caller holding the per-run
 * token (query parameter once, then the cookie this sets, or an `Authorization: Bearer` header),
 * addressing the listener by one of its own names, and, for the WebSocket, from the listener's
 * own origin. The Host check stops DNS rebinding; the Origin check stops other sites' pages.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isIPv6 } from 'node:net'

/** Query parameter of the ready line's URL. */
export const TOKEN_QUERY_PARAMETER = 'token'

/** A fresh per-run token: 256 random bits. */
export function createToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The cookie's name carries the port: cookies ignore ports, and two Switchboards on one machine
 * must not overwrite each other's.
 */
export const tokenCookieName = (port: number): string => `switchboard_console_${port}`

/** `HttpOnly` keeps it from scripts; `SameSite=Strict` from other sites' requests. */
export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return undefined
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '')
  return match?.[1]
}

/** The token a request presents: the query parameter, else the header, else the cookie. */
export function presentedToken(
  request: IncomingMessage,
  url: URL,
  port: number,
): { token: string | undefined; isFromQuery: boolean } {
  const fromQuery = url.searchParams.get(TOKEN_QUERY_PARAMETER)
  if (fromQuery !== null) return { token: fromQuery, isFromQuery: true }
  const token =
    bearer(request.headers.authorization) ??
    cookieValue(request.headers.cookie, tokenCookieName(port))
  return { token, isFromQuery: false }
}

/** Constant-time comparison; hashing first makes the lengths equal. */
export function isSameToken(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(presented), digest(expected))
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', ''])
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']

const hostWithPort = (host: string, port: number): string =>
  `${isIPv6(host) ? `[${host}]` : host}:${port}`.toLowerCase()

/** The names a browser may use for this listener, and its origin for each. */
export class HostPolicy {
  private readonly names: ReadonlySet<string> | undefined

  constructor(host: string, port: number) {
    const isLoopback = host === 'localhost' || host === '::1' || host.startsWith('127.')
    // A wildcard bind answers to names we cannot know; the token still guards it.
    this.names = WILDCARD_HOSTS.has(host)
      ? undefined
      : new Set([
          hostWithPort(host, port),
          ...(isLoopback ? LOOPBACK_NAMES.map((name) => `${name}:${port}`) : []),
        ])
  }

  isAllowedHost(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined || hostHeader === '') return false
    return this.names === undefined || this.names.has(hostHeader.toLowerCase())
  }

  /** The `Origin` of a page this listener served, reached by the name in `Host`. */
  isOwnOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
    if (origin === undefined || !this.isAllowedHost(hostHeader)) return false
    return origin.toLowerCase() === `http://${hostHeader!.toLowerCase()}`
  }
}
