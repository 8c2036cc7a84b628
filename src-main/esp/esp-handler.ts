/**
 * One ESP request, whatever carried it: parse, check, call the engine, answer (docs/esp.md). The
 * WebSocket and HTTP transports only frame the answer.
 */
import type { EspAnswer, EspFaultAnswer, EspResponse } from '../../src-shared/esp-wire'
import type { ChatEngine, CommandResult } from '../engine/chat-engine'
import type { Logger } from '../engine/ports'
import { EspFaultError, toFault, type Fault } from './esp-faults'
import { findMethod, type EngineCommand } from './esp-methods'
import { parseEnvelope, readReferenceId, resolveTarget, type ReferenceId } from './esp-request'

/** The path both transports serve. */
export const ESP_PATH = '/esp'

/** The only service ESP offers (docs/esp.md). */
export const ESP_SERVICE = 'Chat'

/** The request was carried out; `eventIds` are the session events it appended. */
export type { EspAnswer, EspFaultAnswer, EspResponse } from '../../src-shared/esp-wire'

/** What the transport knows about a request besides its content. */
export interface EspRequestContext {
  /** True when the caller is past its rate: answered `overloaded` unless an earlier check faults. */
  isOverLimit: boolean
  logger: Logger
  /** Who sent it, for the logs (`ws 127.0.0.1:51234`, `http 127.0.0.1`). */
  caller: string
}

/** A fault answer built outside the handler (a frame that is not JSON at all). */
export function faultAnswer(
  referenceId: ReferenceId,
  fault: Fault,
  ignoredParameters?: string[],
): EspFaultAnswer {
  const answer: EspFaultAnswer = { referenceId, event: 'Event3rdServerFault', fault }
  if (ignoredParameters) answer.ignoredParameters = ignoredParameters
  return answer
}

/** What is known of a request so far, for the answer and the logs whatever step refuses it. */
interface Progress {
  referenceId: ReferenceId
  /** What was being done, named in an `internal-error`. */
  step: string
  method?: string
  sessionId?: string
  userData?: Readonly<Record<string, unknown>>
  ignoredParameters?: string[]
}

/** Every check, in docs/esp.md's fault order; returns the engine call, not yet made. */
function prepare(
  engine: ChatEngine,
  raw: unknown,
  context: EspRequestContext,
  progress: Progress,
): EngineCommand {
  const envelope = parseEnvelope(raw)
  progress.userData = envelope.userData
  if (envelope.service !== ESP_SERVICE) {
    throw new EspFaultError(
      'unknown-service',
      `Unknown service ${JSON.stringify(envelope.service)}; expected ${ESP_SERVICE}`,
    )
  }
  const method = findMethod(envelope.method)
  progress.method = envelope.method
  progress.sessionId = envelope.interactionId
  progress.ignoredParameters = [...envelope.parameters.keys()].filter(
    (key) => !method.isKnownParameter(key),
  )
  progress.step = `${envelope.method} on session ${envelope.interactionId ?? '(none)'}`
  const target = resolveTarget(engine, envelope)
  const { parameters, userData } = envelope
  const command = method.prepare({ parameters, target, userData })
  if (context.isOverLimit) {
    throw new EspFaultError('overloaded', 'Too many requests from this caller; try again shortly')
  }
  return command
}

function respond(progress: Progress, result: CommandResult): EspResponse {
  return {
    referenceId: progress.referenceId,
    event: 'Event3rdServerResponse',
    result: { sessionId: result.sessionId, eventIds: result.eventIds },
    ignoredParameters: progress.ignoredParameters ?? [],
  }
}

function refuse(progress: Progress, error: unknown, context: EspRequestContext): EspFaultAnswer {
  const fault = toFault(error, progress.step)
  const fields = {
    caller: context.caller,
    referenceId: progress.referenceId,
    method: progress.method,
    sessionId: progress.sessionId,
    fault,
    userData: progress.userData,
  }
  if (fault.code === 'internal-error')
    context.logger.error('esp request failed', { ...fields, error })
  // A caller past its rate would flood the log; the transport logs when it goes over.
  else if (fault.code !== 'overloaded' || !context.isOverLimit)
    context.logger.info('esp request refused', fields)
  return faultAnswer(progress.referenceId, fault, progress.ignoredParameters)
}

/**
 * Answers one ESP request. Never rejects: every refusal, and every bug, is a fault answer.
 *
 * Every check and the engine call itself run synchronously, before this returns, so requests
 * reach the engine in the order they are handed in; the engine commits in call order, so the
 * returned promises settle in that order too, except that a fault settles at once. Transports
 * that must keep the order of answers (one WebSocket, per session) sequence them.
 *
 * @param raw the request as parsed from JSON, unchecked
 */
export function handleEspRequest(
  engine: ChatEngine,
  raw: unknown,
  context: EspRequestContext,
): Promise<EspAnswer> {
  const progress: Progress = { referenceId: readReferenceId(raw), step: 'Reading the request' }
  try {
    const command = prepare(engine, raw, context, progress)
    return command(engine).then(
      (result) => respond(progress, result),
      (error: unknown) => refuse(progress, error, context),
    )
  } catch (error) {
    return Promise.resolve(refuse(progress, error, context))
  }
}
