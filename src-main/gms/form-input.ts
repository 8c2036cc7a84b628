import type { FastifyRequest } from 'fastify'
import { bodyTooLarge, GmsError, invalidValue, unsupportedContentType } from './gms-errors'

/** The fields of one GMS request, each given at most once. */
export type FormFields = ReadonlyMap<string, string>

/**
 * Parameters per request, body and query string together, whatever the body type (docs/limits.md):
 * each field costs heap, and 1 MiB of `a=&b=` would otherwise be 129k of them.
 */
export const MAX_FIELDS = 128
const MAX_FIELD_NAME_BYTES = 256

/** Which bodies a call accepts besides forms: JSON on the chat calls and on v2 (docs/gms.md). */
export interface ReadFormOptions {
  maxBytes: number
  isJsonAccepted: boolean
}

/** What the body parsers of the listener hand over. */
type ParsedBody = { pairs: [string, string][] } | { tooManyFields: true } | { json: unknown }

/**
 * The body `@fastify/formbody` hands over: pairs in order, so that duplicates show. A body with
 * too many fields is counted, not parsed, so that refusing it costs no heap.
 */
export function parseUrlEncoded(text: string): ParsedBody {
  if (countFields(text) > MAX_FIELDS) return { tooManyFields: true }
  return { pairs: Array.from(new URLSearchParams(text)) }
}

/** The JSON body of a chat call, kept unparsed into fields until the route knows its rules. */
export function parseJsonBody(text: string): ParsedBody {
  if (text.trim() === '') return { pairs: [] }
  try {
    return { json: JSON.parse(text) as unknown }
  } catch {
    throw new GmsError(415, 'UnsupportedMediaType', 'The JSON body could not be parsed')
  }
}

/** A multipart part without a name: v1's `InvalidParameter`, a body that does not parse in v2. */
export class NamelessPartError extends GmsError {
  constructor() {
    super(415, 'InvalidParameter', 'A multipart part has no name: every part needs one')
  }
}

function namelessPart(): GmsError {
  return new NamelessPartError()
}

export function tooManyFields(): GmsError {
  return new GmsError(413, 'RequestTooLarge', `Too many form fields (at most ${MAX_FIELDS})`)
}

/**
 * Reads the request's parameters: the query string, then the body (url-encoded, multipart or,
 * where accepted, a JSON object), a body value winning over a query value of the same name
 * (docs/gms.md). A request without a body has the query's fields only. Files are refused, and so is
 * a multipart body whose fields add up to more than `maxBytes` (fastify limits the others).
 */
export async function readForm(
  request: FastifyRequest,
  options: ReadFormOptions,
): Promise<FormFields> {
  const query = queryPairs(request.url)
  const body = request.isMultipart()
    ? await readMultipart(request, options.maxBytes)
    : bodyPairs(request.body, options.isJsonAccepted, request.headers['content-type'])
  if (query.length + body.length > MAX_FIELDS) throw tooManyFields()
  const fields = new Map<string, string>(query)
  const seen = new Set<string>()
  for (const [name, value] of body) {
    if (seen.has(name)) throw invalidValue(name, 'is given more than once')
    seen.add(name)
    fields.set(name, value)
  }
  return fields
}

function queryPairs(url: string): [string, string][] {
  const at = url.indexOf('?')
  if (at < 0) return []
  const text = url.slice(at + 1)
  if (countFields(text) > MAX_FIELDS) throw tooManyFields()
  return Array.from(new URLSearchParams(text))
}

/** `&`-separated pieces, counted without splitting (a flood must cost nothing). */
function countFields(text: string): number {
  if (text === '') return 0
  let count = 1
  for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) count += 1
  return count
}

function bodyPairs(
  body: unknown,
  isJsonAccepted: boolean,
  contentType: string | undefined,
): [string, string][] {
  if (body === undefined || body === null) return []
  if (typeof body !== 'object') throw unreadableBody()
  if ('tooManyFields' in body) throw tooManyFields()
  if ('json' in body) {
    if (!isJsonAccepted) throw unsupportedContentType(contentType)
    return jsonPairs(body.json)
  }
  const pairs: unknown = 'pairs' in body ? body.pairs : undefined
  if (Array.isArray(pairs) && pairs.every(isStringPair)) return pairs
  throw unreadableBody()
}

/**
 * A JSON body is one object whose values are strings, numbers or booleans, read as their text;
 * `null` counts as absent. `userData` may be an object (v2): its entries become `userData[key]`
 * fields, exactly as a form would carry them, with nested values as their JSON.
 */
export function jsonPairs(json: unknown): [string, string][] {
  if (!isRecord(json))
    throw new GmsError(415, 'UnsupportedMediaType', 'The JSON body must be one object')
  const pairs: [string, string][] = []
  for (const [name, value] of Object.entries(json)) {
    if (name === 'userData' && isRecord(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (item === null) continue
        pairs.push([
          `userData[${key}]`,
          isRecord(item) || Array.isArray(item) ? JSON.stringify(item) : String(item),
        ])
      }
    } else if (value !== null) {
      if (typeof value === 'object') throw invalidValue(name, 'must be a string, number or boolean')
      pairs.push([name, String(value)])
    }
    if (pairs.length > MAX_FIELDS) throw tooManyFields()
  }
  return pairs
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function unreadableBody(): GmsError {
  return new GmsError(500, 'InternalError', 'The form body could not be read')
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
    // A part without a name cannot be a parameter: the client's fault, never a 500.
    if (typeof part.fieldname !== 'string' || part.fieldname === '') throw namelessPart()
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
