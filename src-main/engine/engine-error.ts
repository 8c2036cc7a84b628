/**
 * Why the engine refused a request. Codes match the ESP fault codes where one exists, so each
 * transport maps them with one table (docs/esp.md, docs/gms.md, docs/console-api.md).
 */
import { StoreWriteError } from './ports'

export const ENGINE_ERROR_CODES = [
  'unknown-application',
  'unknown-session',
  'unknown-party',
  'session-closed',
  'invalid-parameter',
  'missing-parameter',
  'unknown-language',
  'forbidden',
  'overloaded',
  'conflict',
  /** The store is out of disk space: nothing was changed (docs/limits.md, "Storage"). */
  'storage-full',
  /** The store could not write for another I/O reason (read-only, failing device). */
  'storage-error',
] as const
/** One of `ENGINE_ERROR_CODES`. */
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number]

/** A refused request: nothing was changed. `code` says why, `message` says it to a person. */
export class EngineError extends Error {
  override readonly name = 'EngineError'
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** The parameter at fault, for `invalid-parameter` / `missing-parameter`. */
    readonly parameter?: string,
  ) {
    super(message)
  }
}

/** A store failure as the fault a caller is answered with; anything else is a bug, as it is. */
export function toEngineFault(error: unknown): unknown {
  if (!(error instanceof StoreWriteError)) return error
  if (error.reason === 'disk-full') {
    return new EngineError(
      'storage-full',
      'The store is out of disk space: nothing was changed; try again once space is freed',
    )
  }
  return new EngineError(
    'storage-error',
    `The store could not write (${error.message}): nothing was changed`,
  )
}
