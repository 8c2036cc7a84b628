import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * Origins allowed when `gms.cors.allowed-origins` is not configured: any page served from the
 * developer's own machine (docs/gms.md, "CORS"). A page from anywhere else must be listed.
 */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = [
  'http://localhost:*',
  'http://127.0.0.1:*',
  'http://[::1]:*',
  'https://localhost:*',
  'https://127.0.0.1:*',
  'https://[::1]:*',
]

/** The configuration key named in refusals, so that a developer knows what to change. */
export const ALLOWED_ORIGINS_KEY = 'gms.cors.allowed-origins'

const ALLOWED_HEADERS = 'Content-Type, X-Requested-With, apikey, gms_user, Authorization'
const PREFLIGHT_MAX_AGE_SECONDS = '600'

/** One entry of the list: `scheme://host[:port]`, `scheme://host:*`, `null` or `*`. */
export const ORIGIN_ENTRY =
  /^(?:\*|null|https?:\/\/(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(?:\d{1,5}|\*))?)$/

/** Throws a `TypeError` naming the entry that is not an origin, `null` or `*`. */
export function validateAllowedOrigins(entries: readonly string[]): void {
  for (const entry of entries) {
    if (ORIGIN_ENTRY.test(entry)) continue
    throw new TypeError(
      `${ALLOWED_ORIGINS_KEY}: ${JSON.stringify(entry)} is not an origin (scheme://host[:port], a port of *, null or *)`,
    )
  }
}

/**
 * Decides which browser origins may call GMS. Entries compare with the request's `Origin`
 * exactly, except that a port of `*` matches any port (and none) of that scheme and host.
 */
export class OriginPolicy {
  private readonly exact = new Set<string>()
  private readonly anyPort = new Set<string>()
  private readonly isAnyOrigin: boolean

  constructor(entries: readonly string[]) {
    validateAllowedOrigins(entries)
    this.isAnyOrigin = entries.includes('*')
    for (const entry of entries) {
      if (entry.endsWith(':*')) this.anyPort.add(entry.slice(0, -2).toLowerCase())
      else this.exact.add(entry.toLowerCase())
    }
  }

  isAllowed(origin: string): boolean {
    if (this.isAnyOrigin) return true
    const normalised = origin.toLowerCase()
    if (this.exact.has(normalised)) return true
    const withoutPort = normalised.replace(/:\d{1,5}$/, '')
    return this.anyPort.has(withoutPort)
  }
}

/** What the listener does with one request as far as CORS goes. */
export type CorsVerdict =
  | { kind: 'no-origin' }
  | { kind: 'allowed'; origin: string }
  | { kind: 'preflight'; origin: string }
  | { kind: 'refused'; origin: string; isPreflight: boolean }

export function corsVerdict(policy: OriginPolicy, request: IncomingMessage): CorsVerdict {
  const origin = request.headers.origin
  if (typeof origin !== 'string' || origin === '') return { kind: 'no-origin' }
  const isPreflight =
    request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined
  if (!policy.isAllowed(origin)) return { kind: 'refused', origin, isPreflight }
  return isPreflight ? { kind: 'preflight', origin } : { kind: 'allowed', origin }
}

/** The headers of an answer to an allowed origin (credentialed: the origin is named exactly). */
export function setCorsHeaders(response: ServerResponse, origin: string): void {
  response.setHeader('Access-Control-Allow-Origin', origin)
  response.setHeader('Access-Control-Allow-Credentials', 'true')
  response.setHeader('Vary', 'Origin')
}

/** 204 to an allowed preflight. */
export function answerPreflight(response: ServerResponse, origin: string): void {
  setCorsHeaders(response, origin)
  response.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
  response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS)
  response.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS)
  response.writeHead(204)
  response.end()
}

/** The sentence every refusal carries: what is wrong and where to change it. */
export function originRefusalText(origin: string): string {
  return `Origin ${JSON.stringify(origin.slice(0, 200))} is not allowed to call GMS: add it to ${ALLOWED_ORIGINS_KEY}`
}
