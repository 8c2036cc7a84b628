import { EngineError } from '../../engine/engine-error'
import { NamelessPartError } from '../form-input'
import { GmsError } from '../gms-errors'

/** Switchboard's catalogue of v2 error codes (docs/gms.md, "v2 errors"). */
export const V2_CODES = {
  noSuchPath: 100,
  unknownService: 101,
  missingParameter: 102,
  invalidValue: 103,
  unsupportedBody: 104,
  requestTooLarge: 105,
  methodNotAllowed: 106,
  originNotAllowed: 107,
  unknownChat: 110,
  credentialsMismatch: 111,
  chatEnded: 112,
  fileTransfer: 120,
  serverFull: 130,
  storageFull: 131,
  unknownOperation: 140,
} as const
export type V2Code = (typeof V2_CODES)[keyof typeof V2_CODES]

/** The HTTP status each code answers with; chat-level outcomes are 200 (the chat, not the request). */
const HTTP_STATUS: Record<V2Code, number> = {
  100: 404,
  101: 404,
  102: 400,
  103: 400,
  104: 415,
  105: 413,
  106: 405,
  107: 403,
  110: 200,
  111: 200,
  112: 200,
  120: 501,
  130: 503,
  131: 503,
  140: 200,
}

/** The error object of v2: `statusCode` 2 (1 where retrying may help), `errors`, `chatId`. */
export interface V2ErrorBody {
  statusCode: 1 | 2
  chatId: string
  errors: { code: number; advice: string }[]
  chatEnded?: boolean
}

/** A refusal of a v2 request; `chatEnded` is set once the caller has proved it owns the chat. */
export class V2Error extends Error {
  override readonly name = 'V2Error'
  constructor(
    readonly code: V2Code,
    readonly advice: string,
    readonly chatEnded?: boolean,
  ) {
    super(advice)
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code]
  }

  body(chatId: string): V2ErrorBody {
    const retryable = this.code === V2_CODES.serverFull || this.code === V2_CODES.storageFull
    return {
      statusCode: retryable ? 1 : 2,
      chatId,
      errors: [{ code: this.code, advice: this.advice }],
      ...(this.chatEnded === undefined ? {} : { chatEnded: this.chatEnded }),
    }
  }

  withChatEnded(chatEnded: boolean): V2Error {
    return new V2Error(this.code, this.advice, chatEnded)
  }
}

/** The v1-shaped refusals that shared code throws (input parsing, limits), as v2 codes. */
const FROM_V1: Record<string, V2Code> = {
  UnsupportedMediaType: V2_CODES.unsupportedBody,
  RequestTooLarge: V2_CODES.requestTooLarge,
  InvalidParameter: V2_CODES.invalidValue,
  UserDataTooLarge: V2_CODES.invalidValue,
  SessionLimitReached: V2_CODES.serverFull,
  StorageFull: V2_CODES.storageFull,
  OriginNotAllowed: V2_CODES.originNotAllowed,
}

/** Fastify's and multipart's own error codes that are the client's fault. */
const FRAMEWORK: Record<string, V2Code> = {
  FST_ERR_CTP_BODY_TOO_LARGE: V2_CODES.requestTooLarge,
  FST_PARTS_LIMIT: V2_CODES.requestTooLarge,
  FST_FIELDS_LIMIT: V2_CODES.requestTooLarge,
  FST_FILES_LIMIT: V2_CODES.unsupportedBody,
  FST_PROTO_VIOLATION: V2_CODES.unsupportedBody,
  FST_INVALID_MULTIPART_CONTENT_TYPE: V2_CODES.unsupportedBody,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: V2_CODES.unsupportedBody,
  FST_ERR_CTP_EMPTY_JSON_BODY: V2_CODES.unsupportedBody,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: V2_CODES.unsupportedBody,
}

/**
 * Everything a v2 handler can throw as a `V2Error`; undefined for a fault of the server
 * (a bug), which the caller logs and answers as 500.
 */
export function toV2Error(error: unknown): V2Error | undefined {
  if (error instanceof V2Error) return error
  if (error instanceof NamelessPartError) {
    return new V2Error(V2_CODES.unsupportedBody, error.message)
  }
  if (error instanceof GmsError) {
    const code = FROM_V1[error.exception]
    if (code !== undefined) return new V2Error(code, error.message)
    if (error.status === 413) return new V2Error(V2_CODES.requestTooLarge, error.message)
    if (error.status === 415) return new V2Error(V2_CODES.unsupportedBody, error.message)
    return undefined
  }
  if (error instanceof EngineError) {
    switch (error.code) {
      case 'overloaded':
        return new V2Error(V2_CODES.serverFull, error.message)
      case 'invalid-parameter':
      case 'unknown-language':
        return new V2Error(V2_CODES.invalidValue, error.message)
      case 'missing-parameter':
        return new V2Error(V2_CODES.missingParameter, error.message)
      case 'session-closed':
      case 'unknown-party':
        return new V2Error(V2_CODES.chatEnded, error.message, true)
      default:
        return undefined
    }
  }
  const code = frameworkCode(error)
  if (code !== undefined) return new V2Error(code, errorMessage(error))
  return undefined
}

function frameworkCode(error: unknown): V2Code | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const record = error as Record<string, unknown>
  if (typeof record.code === 'string' && record.code in FRAMEWORK) return FRAMEWORK[record.code]
  const status = record.statusCode
  if (status === 413) return V2_CODES.requestTooLarge
  if (typeof status === 'number' && status >= 400 && status < 500) return V2_CODES.unsupportedBody
  return undefined
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
