/**
 * The errors of the console API (docs/console-api.md, "Console API"): every refused call is answered with
 * one of these codes and a sentence for the user, never a silent no-op.
 */

export const CONSOLE_ERROR_CODES = [
  /** The frame is not a request (not JSON, no `id`/`method`): WebSocket transport only. */
  'invalid-request',
  'unknown-method',
  /** The params do not match the method's schema; `field` names the first bad one. */
  'invalid-params',
  'not-signed-in',
  'unknown-user',
  /** The caller's role may not call the method, or may not read that session. */
  'forbidden',
  'unknown-session',
  'session-closed',
  /** An action that needs the caller in the session (send, leave, set mode...) before it joined. */
  'not-in-session',
  /** The session's state does not allow it (accepting a session another agent took). */
  'conflict',
  'unknown-application',
  'unknown-language',
  /** Engine checks, named as in ESP; `field` names the parameter (an idle wire key, `text`...). */
  'missing-parameter',
  'invalid-parameter',
  /** `configureIdle` with no setting. */
  'no-parameters',
  'overloaded',
  /** The store is out of disk space: nothing was changed; retry once space is freed. */
  'storage-full',
  /** The store could not write for another I/O reason: nothing was changed. */
  'storage-error',
  /** A `testCustomer.*` call before `testCustomer.start`, or a second start while chatting. */
  'test-customer-not-started',
  'test-customer-active',
  /** The GMS API is not configured or could not be reached. */
  'gms-unavailable',
  /** The GMS API answered with an error; the message carries its status and text. */
  'gms-error',
  /** `espSend`: the ESP endpoint is not configured or could not be reached. */
  'esp-unavailable',
  /** `espSend`: the ESP endpoint refused the call itself (HTTP 4xx, not an ESP fault). */
  'esp-error',
  /** A bug: the message says what failed; nothing was changed on purpose. */
  'internal-error',
] as const

export type ConsoleErrorCode = (typeof CONSOLE_ERROR_CODES)[number]

/** What a refused call is answered with. */
export interface ConsoleError {
  code: ConsoleErrorCode
  /** A sentence for the user ("Only a supervisor may join a session"). */
  message: string
  /** The parameter at fault, so the UI can show the message next to its field. */
  field?: string
}
