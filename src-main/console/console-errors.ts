/**
 * The one mapping from whatever a console call threw to the {@link ConsoleError} it is answered
 * with (docs/style.md, "Boundaries are where input is checked": one mapping function per transport;
 * both console transports share this one).
 */
import type { z } from 'zod'
import type { ConsoleError, ConsoleErrorCode } from '../../src-shared/console-api'
import { EngineError, type EngineErrorCode } from '../engine/engine-error'
import type { Logger } from '../engine/ports'

/** A check of the console layer refused the call. Caught once, by {@link toConsoleError}. */
export class ConsoleApiError extends Error {
  override readonly name = 'ConsoleApiError'
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

/**
 * Engine codes as console codes. `unknown-party` only follows from a console user acting in a
 * session it is not (or no longer) in. The `Record` makes a code the engine adds fail the type
 * check until it is mapped here.
 */
const ENGINE_CODES: Record<EngineErrorCode, ConsoleErrorCode> = {
  'unknown-application': 'unknown-application',
  'unknown-session': 'unknown-session',
  'unknown-party': 'not-in-session',
  'session-closed': 'session-closed',
  'invalid-parameter': 'invalid-parameter',
  'missing-parameter': 'missing-parameter',
  'unknown-language': 'unknown-language',
  forbidden: 'forbidden',
  overloaded: 'overloaded',
  conflict: 'conflict',
  'storage-full': 'storage-full',
  'storage-error': 'storage-error',
}

/** Engine parameter names (ESP's) that mean a console param; others are not the caller's. */
const ENGINE_FIELDS: Readonly<Record<string, string>> = {
  MessageText: 'text',
  NoticeText: 'text',
  endpoint: 'endpoint',
}

function withField(code: ConsoleErrorCode, message: string, field?: string): ConsoleError {
  return field === undefined ? { code, message } : { code, message, field }
}

/**
 * The name the UI knows a zod issue's parameter by: the param itself, or for an idle setting
 * its wire key (`settings.timeout-alert` → `timeout-alert`), where the idle editor shows it.
 */
function issueField(path: readonly PropertyKey[]): string | undefined {
  if (path.length === 0) return undefined
  if (path[0] === 'settings' && path.length > 1) return String(path[1])
  return path.map(String).join('.')
}

/** The first issue of a params schema failure, as a sentence naming the field. */
export function invalidParams(error: z.ZodError): ConsoleApiError {
  const issue = error.issues[0]
  if (!issue) return new ConsoleApiError('invalid-params', 'The params are invalid')
  const field = issueField(issue.path)
  const message = field === undefined ? issue.message : `${field}: ${issue.message}`
  return new ConsoleApiError('invalid-params', message, field)
}

/**
 * The error a call is answered with.
 *
 * @param error a {@link ConsoleApiError}, an `EngineError`, or anything else (a bug, logged)
 * @param step what was being done ("sendMessage"), for the log and an `internal-error` sentence
 */
export function toConsoleError(error: unknown, step: string, logger: Logger): ConsoleError {
  if (error instanceof ConsoleApiError) return withField(error.code, error.message, error.field)
  if (error instanceof EngineError) {
    const field = error.parameter === undefined ? undefined : ENGINE_FIELDS[error.parameter]
    return withField(ENGINE_CODES[error.code], error.message, field)
  }
  logger.error('console call failed', { step, error })
  const reason = error instanceof Error ? error.message : String(error)
  return { code: 'internal-error', message: `${step} failed: ${reason}` }
}
