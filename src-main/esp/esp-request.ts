/**
 * The ESP request envelope (docs/esp.md, "Envelope"): parsed from an unknown JSON value, then resolved
 * to an open session. Every refusal is an {@link EspFaultError} thrown in the order of docs/esp.md's
 * fault table, so the first thing wrong with a request is the fault it gets.
 */
import { espRequestSchema, referenceIdSchema, type ReferenceId } from '../../src-shared/esp-wire'
import type { ApplicationConfig } from '../engine/application-config'
import type { ChatEngine } from '../engine/chat-engine'
import { EspFaultError } from './esp-faults'

export type { ReferenceId } from '../../src-shared/esp-wire'

/** Parameter values as read: numbers and booleans arrive as their text (docs/esp.md). */
export type EspParameters = ReadonlyMap<string, string>

/** A request whose envelope fields all have the right types. */
export interface EspEnvelope {
  referenceId: ReferenceId
  application: string | undefined
  service: string
  method: string
  interactionId: string | undefined
  parameters: EspParameters
  /** The interaction's user data, for the logs (and the bot flag); never applied to the session. */
  userData: Readonly<Record<string, unknown>>
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The request's `referenceId` when it has a usable one, even if the rest of it is malformed. */
export function readReferenceId(raw: unknown): ReferenceId {
  if (!isPlainObject(raw)) return null
  const parsed = referenceIdSchema.optional().safeParse(raw.referenceId)
  return parsed.success ? (parsed.data ?? null) : null
}

/**
 * The session a request is about, as written: `interactionId`, else `userData.InteractionId`.
 * An empty text counts as absent: no session has an empty id.
 */
export function readInteractionId(raw: unknown): string | undefined {
  if (!isPlainObject(raw)) return undefined
  if (typeof raw.interactionId === 'string' && raw.interactionId !== '') return raw.interactionId
  const userData = raw.userData
  if (!isPlainObject(userData)) return undefined
  const fromUserData = userData.InteractionId
  return typeof fromUserData === 'string' && fromUserData !== '' ? fromUserData : undefined
}

function describeIssue(issue: { path: readonly PropertyKey[]; message: string }): string {
  const path = issue.path.map(String).join('.')
  return path === '' ? issue.message : `${path}: ${issue.message}`
}

/**
 * Checks the envelope's shape and field types.
 *
 * @throws EspFaultError `malformed-request` for a non-object or a field of the wrong type
 */
export function parseEnvelope(raw: unknown): EspEnvelope {
  if (!isPlainObject(raw)) {
    throw new EspFaultError('malformed-request', 'The request must be a JSON object')
  }
  const parsed = espRequestSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.map(describeIssue).join('; ')
    throw new EspFaultError('malformed-request', `Malformed request envelope: ${issues}`)
  }
  const { data } = parsed
  const parameters = new Map<string, string>()
  for (const [key, value] of Object.entries(data.parameters ?? {})) {
    parameters.set(key, String(value))
  }
  return {
    referenceId: data.referenceId ?? null,
    application: data.application,
    service: data.service,
    method: data.method,
    interactionId: readInteractionId(raw),
    parameters,
    userData: data.userData ?? {},
  }
}

/** The open session a request addresses, and the application that owns it. */
export interface EspTarget {
  sessionId: string
  application: ApplicationConfig
}

/**
 * Finds the session of a request and checks that it may be addressed: in docs/esp.md's order,
 * `missing-interaction`, `unknown-session`, `unknown-application`, `session-closed`.
 */
export function resolveTarget(engine: ChatEngine, envelope: EspEnvelope): EspTarget {
  const sessionId = envelope.interactionId
  if (sessionId === undefined) {
    throw new EspFaultError(
      'missing-interaction',
      'The request names no session: give interactionId or userData.InteractionId',
    )
  }
  const session = engine.getSession(sessionId, 'supervisor')
  if (!session) {
    throw new EspFaultError('unknown-session', `No session ${JSON.stringify(sessionId)}`)
  }
  const named = envelope.application
  if (named !== undefined && !engine.applicationNames.includes(named)) {
    throw new EspFaultError('unknown-application', `No application named ${JSON.stringify(named)}`)
  }
  if (named !== undefined && named !== session.application) {
    throw new EspFaultError(
      'unknown-application',
      `Session ${sessionId} does not belong to application ${JSON.stringify(named)}`,
    )
  }
  if (session.state === 'closed') {
    throw new EspFaultError('session-closed', `Session ${sessionId} is closed`)
  }
  return { sessionId, application: engine.application(session.application) }
}
