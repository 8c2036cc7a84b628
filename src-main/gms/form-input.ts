import type { FastifyRequest } from 'fastify'
import { bodyTooLarge, GmsError, invalidValue } from './gms-errors'

/** The fields of one GMS request, each given at most once. */
export type FormFields = ReadonlyMap<string, string>

/** More fields than any GMS call needs, yet far below what could exhaust memory. */
const MAX_FIELDS = 500
const MAX_FIELD_NAME_BYTES = 256

/** The body `@fastify/formbody` hands over: pairs in order, so that duplicates show. */
export function parseUrlEncoded(text: string): { pairs: [string, string][] } {
  return { pairs: Array.from(new URLSearchParams(text)) }
}

/**
 * Reads the request's form, url-encoded or multipart, as `unknown` input turned into fields.
 * A request without a body has no fields. Files are refused, and so is a multipart body whose
 * fields add up to more than `maxBytes` (fastify limits url-encoded bodies itself).
 */
export async function readForm(request: FastifyRequest, maxBytes: number): Promise<FormFields> {
  const pairs = request.isMultipart()
    ? await readMultipart(request, maxBytes)
    : urlEncodedPairs(request.body)
  const fields = new Map<string, string>()
  for (const [name, value] of pairs) {
    if (fields.has(name)) throw invalidValue(name, 'is given more than once')
    fields.set(name, value)
  }
  return fields
}

function urlEncodedPairs(body: unknown): [string, string][] {
  if (body === undefined || body === null) return []
  const pairs: unknown = typeof body === 'object' && 'pairs' in body ? body.pairs : undefined
  if (Array.isArray(pairs) && pairs.every(isStringPair)) return pairs
  throw new GmsError(500, 'InternalError', 'The form body could not be read')
}

function isStringPair(value: unknown): value is [string, string] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string'
  )
}

/**
 * busboy reports a malformed body (no boundary, bad headers) with plain errors: at this parsing
 * boundary they become a 415 naming the problem; our own refusals and coded limits pass through.
 */
async function readMultipart(request: FastifyRequest, maxBytes: number) {
  try {
    return await readMultipartPairs(request, maxBytes)
  } catch (error) {
    if (error instanceof GmsError || hasCode(error)) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new GmsError(415, 'UnsupportedMediaType', `Malformed multipart body: ${reason}`)
  }
}

function hasCode(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error
}

async function readMultipartPairs(request: FastifyRequest, maxBytes: number) {
  const pairs: [string, string][] = []
  let total = 0
  const parts = request.parts({
    limits: {
      fieldSize: maxBytes,
      fieldNameSize: MAX_FIELD_NAME_BYTES,
      fields: MAX_FIELDS,
      parts: MAX_FIELDS,
      files: 0,
    },
  })
  for await (const part of parts) {
    // A part without a name is the client's malformed request (docs/limits.md), not a 500.
    if (typeof part.fieldname !== 'string' || part.fieldname === '') {
      throw invalidValue(
        'multipart part',
        'has no name (Content-Disposition: form-data; name="...")',
      )
    }
    // busboy skips file parts once `files: 0` is reached and reports FST_FILES_LIMIT instead.
    if (part.type === 'file') throw invalidValue(part.fieldname, 'file uploads are not accepted')
    if (part.valueTruncated || part.fieldnameTruncated) throw bodyTooLarge(maxBytes)
    const value = typeof part.value === 'string' ? part.value : String(part.value)
    total += Buffer.byteLength(part.fieldname) + Buffer.byteLength(value)
    if (total > maxBytes) throw bodyTooLarge(maxBytes)
    pairs.push([part.fieldname, value])
  }
  return pairs
}
