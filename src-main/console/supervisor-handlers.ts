/**
 * What only a supervisor does: join in a mode and switch it, edit the idle-control settings
 * live, switch the language. Idle settings are parsed by the very function ESP uses, so the
 * console refuses exactly what `IdleControlConfigure` refuses, with the same sentences.
 */
import { isIdleParameter, parseIdleChange } from '../../src-shared/idle-settings'
import type { SupervisorMode } from '../../src-shared/domain'
import { EngineError } from '../engine/engine-error'
import {
  callerPartyId,
  visibleEventIds,
  type ConsoleContext,
  type ConsoleHandlers,
} from './console-context'
import { ConsoleApiError } from './console-errors'

async function join(context: ConsoleContext, sessionId: string, mode: SupervisorMode) {
  const { user, engine } = context
  const result = await engine.joinSupervisor(sessionId, {
    userId: user.id,
    nickname: user.name,
    mode,
  })
  return { sessionId, eventIds: visibleEventIds(context, result), partyId: result.partyId }
}

async function configureIdle(
  context: ConsoleContext,
  sessionId: string,
  settings: Record<string, string>,
) {
  const keys = Object.keys(settings)
  if (keys.length === 0) {
    throw new ConsoleApiError('no-parameters', 'Change at least one idle-control setting')
  }
  const unknown = keys.find((key) => !isIdleParameter(key))
  if (unknown !== undefined) {
    throw new ConsoleApiError(
      'invalid-parameter',
      `${unknown} is not an idle-control setting`,
      unknown,
    )
  }
  const parsed = parseIdleChange(settings)
  if (!parsed.ok) {
    throw new ConsoleApiError('invalid-parameter', parsed.problem.text, parsed.problem.parameter)
  }
  const result = await context.engine.configureIdle(sessionId, {
    change: parsed.value,
    by: context.user.name,
  })
  return { sessionId, eventIds: visibleEventIds(context, result) }
}

async function setLanguage(
  context: ConsoleContext,
  params: { sessionId: string; code?: string | undefined; name?: string | undefined },
) {
  const { sessionId, code, name } = params
  // As ConfigureSession: a code decides when present, and the name is then ignored.
  const selector = code === undefined ? { name } : { code }
  try {
    const result = await context.engine.setLanguage(sessionId, { selector, by: context.user.name })
    return { sessionId, eventIds: visibleEventIds(context, result) }
  } catch (error) {
    // The engine does not know which console field named the language; the UI needs it.
    if (error instanceof EngineError && error.code === 'unknown-language') {
      throw new ConsoleApiError(
        'unknown-language',
        error.message,
        code === undefined ? 'name' : 'code',
      )
    }
    throw error
  }
}

/** The supervisor-only actions, by method name. */
export const SUPERVISOR_HANDLERS: ConsoleHandlers<
  'join' | 'setMode' | 'configureIdle' | 'setLanguage'
> = {
  join: (context, { sessionId, mode }) => join(context, sessionId, mode),

  async setMode(context, { sessionId, mode }) {
    const partyId = callerPartyId(context, sessionId)
    const result = await context.engine.setSupervisorMode(sessionId, partyId, mode)
    return { sessionId, eventIds: visibleEventIds(context, result) }
  },

  configureIdle: (context, { sessionId, settings }) => configureIdle(context, sessionId, settings),

  setLanguage,
}
