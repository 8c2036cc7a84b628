/**
 * The strategy developer's tools in the console (docs/console-api.md, "ESP composer"): the ESP composer, which
 * sends one request through the real ESP endpoint and shows its answer or fault, and the idle
 * timeline, which explains every reset and non-reset of the session's inactivity timer.
 */
import type { ConsoleUser, EspSendResult, IdleTimelineResult } from '../../src-shared/console-api'
import { checkComposerRequest } from './composer-policy'
import { readableSession, type ConsoleContext, type ConsoleHandlers } from './console-context'
import { ConsoleApiError } from './console-errors'
import type { EspSender } from './esp-sender'

type EspSendParams = {
  sessionId: string
  method: string
  parameters: Record<string, string | number | boolean>
  application?: string | undefined
  userData?: Record<string, string> | undefined
}

/**
 * Decision: an agent may use the composer on the sessions it may open (the queue and its own),
 * a supervisor on any; the request then acts as a workflow would (an EXTERNAL party), with the
 * session's own user data unless the caller gives some.
 */
async function espSend(
  context: ConsoleContext,
  esp: EspSender | undefined,
  users: readonly ConsoleUser[],
  params: EspSendParams,
): Promise<EspSendResult> {
  if (!esp) {
    throw new ConsoleApiError('esp-unavailable', 'This console has no ESP endpoint to send to')
  }
  const summary = readableSession(context, params.sessionId)
  checkComposerRequest(context.user, params, users)
  const request: EspSendResult['request'] = {
    referenceId: esp.reference(),
    ...(params.application === undefined ? {} : { application: params.application }),
    service: 'Chat',
    method: params.method,
    interactionId: params.sessionId,
    parameters: params.parameters,
    userData: params.userData ?? summary.userData,
  }
  const started = performance.now()
  const answer = await esp.send(request)
  return { request, answer, elapsedMs: Math.round((performance.now() - started) * 10) / 10 }
}

function idleTimeline(context: ConsoleContext, sessionId: string): IdleTimelineResult {
  readableSession(context, sessionId)
  const timeline = context.engine.readIdleTimeline(sessionId, context.user.role)
  if (!timeline) throw new ConsoleApiError('unknown-session', `No session ${sessionId}`)
  return { ...timeline, serverTime: context.clock.now() }
}

/** `espSend` and `idleTimeline`, for agents and supervisors. */
export function diagnosticHandlers(
  esp: EspSender | undefined,
  users: readonly ConsoleUser[],
): ConsoleHandlers<'espSend' | 'idleTimeline'> {
  return {
    espSend: (context, params) => espSend(context, esp, users, params),
    idleTimeline: (context, { sessionId }) => idleTimeline(context, sessionId),
  }
}
