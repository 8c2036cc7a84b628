import { EngineError, type EngineErrorCode } from '../engine/engine-error'

/** The JSON body of every GMS error answer (docs/gms.md, "Errors"). */
export interface GmsErrorBody {
  message: string
  exception: string
}

/** A refusal decided at the GMS boundary, with its HTTP status and GMS exception name. */
export class GmsError extends Error {
  override readonly name = 'GmsError'
  constructor(
    readonly status: number,
    readonly exception: string,
    message: string,
  ) {
    super(message)
  }
}

export function serviceNotFound(serviceId: string): GmsError {
  return new GmsError(404, 'ServiceNotFound', `Service ${JSON.stringify(serviceId)} not found`)
}

/**
 * A missing or invalid value. GMS answers these with 415, not 400 (docs/gms.md); the message names
 * the value so a client developer can fix the call.
 */
export function invalidValue(name: string, problem: string): GmsError {
  return new GmsError(415, 'InvalidParameter', `${name}: ${problem}`)
}

export function chatNotStarted(serviceId: string): GmsError {
  return new GmsError(400, 'ChatNotStarted', `No chat started on service ${serviceId}`)
}

export function chatDisconnected(sessionId: string): GmsError {
  return new GmsError(400, 'ChatDisconnected', `Chat ${sessionId} is disconnected`)
}

export function bodyTooLarge(maxBytes: number): GmsError {
  return new GmsError(413, 'RequestTooLarge', `The request body is over ${maxBytes} bytes`)
}

export function unsupportedContentType(contentType: string | undefined): GmsError {
  const given = contentType ? JSON.stringify(contentType) : 'none'
  return new GmsError(
    415,
    'UnsupportedMediaType',
    `Content-Type ${given} is not supported: use application/x-www-form-urlencoded or multipart/form-data`,
  )
}

const ENGINE_STATUS: Record<EngineErrorCode, [number, string]> = {
  overloaded: [503, 'SessionLimitReached'],
  'invalid-parameter': [415, 'InvalidParameter'],
  'missing-parameter': [415, 'InvalidParameter'],
  'session-closed': [400, 'ChatDisconnected'],
  'unknown-party': [400, 'ChatDisconnected'],
  'unknown-session': [400, 'ChatDisconnected'],
  'unknown-application': [500, 'InternalError'],
  'unknown-language': [415, 'InvalidParameter'],
  forbidden: [400, 'Forbidden'],
  conflict: [409, 'Conflict'],
  'storage-full': [503, 'StorageFull'],
  'storage-error': [503, 'StorageError'],
}

/** Fastify and @fastify/multipart error codes that are the client's fault. */
const FRAMEWORK_ERRORS: Record<string, [number, string, string?]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'RequestTooLarge'],
  FST_PARTS_LIMIT: [413, 'RequestTooLarge', 'Too many form fields'],
  FST_FIELDS_LIMIT: [413, 'RequestTooLarge', 'Too many form fields'],
  FST_FILES_LIMIT: [415, 'InvalidParameter', 'File uploads are not accepted'],
  FST_PROTO_VIOLATION: [415, 'InvalidParameter', 'A form field name is not allowed'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'UnsupportedMediaType'],
}

export interface HttpError {
  status: number
  body: GmsErrorBody
  /** True for a fault of the server rather than of the request: worth logging. */
  isUnexpected: boolean
}

/**
 * The one mapping of everything a GMS handler can throw to an HTTP answer. `contentType` is the
 * request's, named when it is the reason for a refusal.
 */
export function toHttpError(error: unknown, contentType?: string): HttpError {
  if (error instanceof GmsError) return answer(error.status, error.exception, error.message)
  if (errorProperty(error, 'code') === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return toHttpError(unsupportedContentType(contentType))
  }
  if (error instanceof EngineError) {
    const [status, exception] = ENGINE_STATUS[error.code]
    return answer(status, exception, error.message, status >= 500)
  }
  const code = errorProperty(error, 'code')
  const framework = code === undefined ? undefined : FRAMEWORK_ERRORS[code]
  if (framework) {
    const [status, exception, message] = framework
    return answer(status, exception, message ?? errorMessage(error))
  }
  const status = errorProperty(error, 'statusCode')
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own refusals (unsupported media type, malformed multipart...): keep the status.
    const exception = status === 415 ? 'UnsupportedMediaType' : 'BadRequest'
    return answer(status, exception, errorMessage(error))
  }
  return answer(500, 'InternalError', 'Internal server error', true)
}

function answer(status: number, exception: string, message: string, isUnexpected = false) {
  return { status, body: { message, exception }, isUnexpected }
}

function errorProperty(error: unknown, key: 'code' | 'statusCode'): string | number | undefined {
  if (typeof error !== 'object' || error === null || !(key in error)) return undefined
  const value: unknown = (error as Record<string, unknown>)[key]
  return typeof value === 'string' || typeof value === 'number' ? value : undefined
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
