import type { IncomingHttpHeaders } from 'node:http'

/** The header naming an async customer on every request, REST and Bayeux (docs/gms.md, "CometD"). */
export const GMS_USER_HEADER = 'gms_user'

/** An opaque id, but not an unbounded one: it is kept in memory for every chat. */
const MAX_GMS_USER_LENGTH = 1024

/** The request's `gms_user`, if it has a usable one. */
export function gmsUserOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[GMS_USER_HEADER]
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' || trimmed.length > MAX_GMS_USER_LENGTH ? undefined : trimmed
}
