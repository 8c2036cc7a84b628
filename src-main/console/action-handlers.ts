/**
 * What an agent (and a supervisor in the session) does in a session: accept it, send messages,
 * notes, typing notices and URLs, leave it or close it. The engine checks who may send with which
 * visibility; this layer finds the caller's party and reports only the events it may see.
 */
import type { ActionResult } from '../../src-shared/console-api'
import type { CommandResult, Content } from '../engine/chat-engine'
import {
  callerPartyId,
  visibleEventIds,
  type ConsoleContext,
  type ConsoleHandlers,
} from './console-context'

function actionResult(context: ConsoleContext, result: CommandResult): ActionResult {
  return { sessionId: result.sessionId, eventIds: visibleEventIds(context, result) }
}

async function sendAs(
  context: ConsoleContext,
  sessionId: string,
  content: Content,
  visibility?: 'INT',
): Promise<ActionResult> {
  const partyId = callerPartyId(context, sessionId)
  const result = await context.engine.send(sessionId, {
    partyId,
    content,
    ...(visibility === undefined ? {} : { visibility }),
  })
  return actionResult(context, result)
}

/**
 * An agent accepts a queued session (or re-opens one it is already in). The engine decides, on
 * the session as the commands before this one left it, so two agents accepting at once cannot
 * both win (`conflict`).
 */
async function accept(context: ConsoleContext, sessionId: string) {
  const { engine, user } = context
  const result = await engine.accept(sessionId, { userId: user.id, nickname: user.name })
  return { ...actionResult(context, result), partyId: result.partyId }
}

/** The actions in a session, by method name. */
export const ACTION_HANDLERS: ConsoleHandlers<
  'accept' | 'sendMessage' | 'sendNote' | 'setTyping' | 'pushUrl' | 'leave' | 'closeSession'
> = {
  accept: (context, { sessionId }) => accept(context, sessionId),

  // No visibility: ALL for an agent; a supervisor's mode decides (monitor VIP, coach INT).
  sendMessage: (context, { sessionId, text }) =>
    sendAs(context, sessionId, { kind: 'message', text }),

  sendNote: (context, { sessionId, text }) =>
    sendAs(context, sessionId, { kind: 'message', text }, 'INT'),

  setTyping: (context, { sessionId, isTyping }) =>
    sendAs(context, sessionId, {
      kind: 'notice',
      noticeType: isTyping ? 'TYPING_STARTED' : 'TYPING_STOPPED',
      text: '',
    }),

  pushUrl: (context, { sessionId, url }) =>
    sendAs(context, sessionId, { kind: 'notice', noticeType: 'USER_PUSHED_URL', text: url }),

  async leave(context, { sessionId }) {
    const partyId = callerPartyId(context, sessionId)
    return actionResult(context, await context.engine.leave(sessionId, partyId))
  },

  async closeSession(context, { sessionId }) {
    const partyId = callerPartyId(context, sessionId)
    return actionResult(context, await context.engine.closeSession(sessionId, partyId))
  },
}
