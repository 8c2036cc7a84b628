/**
 * ESP fault codes and the one function that turns whatever a request threw into the fault it is
 * answered with (docs/esp.md, "Fault codes"; docs/style.md, "Boundaries are where input is checked").
 */
import { ESP_FAULT_CODES, type EspFault, type EspFaultCode } from '../../src-shared/esp-wire'
import { EngineError, type EngineErrorCode } from '../engine/engine-error'

/** The fault codes of docs/esp.md, in the order a request is checked for them. */
export const FAULT_CODES = ESP_FAULT_CODES
export type FaultCode = EspFaultCode

/** The `fault` object of an `Event3rdServerFault`. */
export type Fault = EspFault

/**
 * A check of the ESP layer refused the request. Thrown by the parsing and validation steps and
 * caught once, in the handler, by {@link toFault}.
 */
export class EspFaultError extends Error {
  override readonly name = 'EspFaultError'
  readonly fault: Fault

  constructor(code: FaultCode, text: string, parameter?: string) {
    super(text)
    this.fault = parameter === undefined ? { code, text } : { code, parameter, text }
  }
}

/**
 * Engine codes that are ESP fault codes as they are. The others cannot follow from an ESP request
 * (an EXTERNAL party is no console user and may use every visibility), so meeting one is a bug:
 * `internal-error`. The `Record` makes a code the engine adds fail the type check until mapped.
 */
const ENGINE_CODE_TO_FAULT: Record<EngineErrorCode, FaultCode | undefined> = {
  'unknown-application': 'unknown-application',
  'unknown-session': 'unknown-session',
  'session-closed': 'session-closed',
  'invalid-parameter': 'invalid-parameter',
  'missing-parameter': 'missing-parameter',
  'unknown-language': 'unknown-language',
  overloaded: 'overloaded',
  'storage-full': 'storage-full',
  // docs/esp.md has no fault for other I/O errors: `internal-error`, whose text names the I/O error.
  'storage-error': undefined,
  'unknown-party': undefined,
  forbidden: undefined,
  conflict: undefined,
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}

/**
 * The fault a request is answered with, from whatever it threw or rejected with.
 *
 * @param error an {@link EspFaultError}, an `EngineError`, or anything else (a bug)
 * @param step what was being done, for the text of an `internal-error` ("Message on session X")
 */
export function toFault(error: unknown, step: string): Fault {
  if (error instanceof EspFaultError) return error.fault
  if (error instanceof EngineError) {
    const code = ENGINE_CODE_TO_FAULT[error.code]
    if (code !== undefined) {
      return error.parameter === undefined
        ? { code, text: error.message }
        : { code, parameter: error.parameter, text: error.message }
    }
  }
  return { code: 'internal-error', text: `${step} failed: ${describe(error)}` }
}
