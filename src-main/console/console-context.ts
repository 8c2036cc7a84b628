/**
 * What every signed-in handler works with, and the access rules they share: which sessions a
 * role may read, and which party the caller acts as.
 */
import type {
  ConsoleMethodName,
  ConsoleParsedParams,
  ConsoleResult,
  ConsoleRole,
  ConsoleUser,
} from '../../src-shared/console-api'
import type { SessionSummary } from '../../src-shared/domain'
import type { ChatEngine, CommandResult } from '../engine/chat-engine'
import type { Clock, Logger } from '../engine/ports'
import { ConsoleApiError } from './console-errors'

/** A signed-in caller and the engine it works on. */
export interface ConsoleContext {
  engine: ChatEngine
  user: ConsoleUser
  clock: Pick<Clock, 'now'>
  logger: Logger
}

/**
 * An agent's part of the sessions (docs/console-api.md): the queue, and sessions it is or was an agent
 * of. A supervisor's part is everything.
 */
export function isInScope(summary: SessionSummary, user: ConsoleUser): boolean {
  if (user.role === 'supervisor') return true
  return (
    summary.state === 'queued' ||
    summary.parties.some((party) => party.type === 'AGENT' && party.userId === user.id)
  )
}

/** The session as the caller's role sees it, if the caller may read it at all. */
export function readableSession(context: ConsoleContext, sessionId: string): SessionSummary {
  const summary = context.engine.getSession(sessionId, context.user.role)
  if (!summary) throw new ConsoleApiError('unknown-session', `No session ${sessionId}`)
  if (!isInScope(summary, context.user)) {
    throw new ConsoleApiError(
      'forbidden',
      `Session ${sessionId} is neither queued nor one of yours, so an agent may not open it`,
    )
  }
  // The engine numbers each role's view: `lastEventId` betrays no hidden event.
  return summary
}

function joinHint(role: ConsoleRole): string {
  return role === 'agent' ? 'accept it first' : 'join it first'
}

/** The caller's party in an open session, for actions that the caller performs in it. */
export function callerPartyId(context: ConsoleContext, sessionId: string): string {
  // Read as supervisor: a monitoring supervisor's own party is VIP, and it must find itself.
  const summary = context.engine.getSession(sessionId, 'supervisor')
  if (!summary) throw new ConsoleApiError('unknown-session', `No session ${sessionId}`)
  if (summary.state === 'closed') {
    throw new ConsoleApiError('session-closed', `Session ${sessionId} is closed`)
  }
  const party = summary.parties.find(
    (candidate) => candidate.userId === context.user.id && candidate.isPresent,
  )
  if (!party) {
    throw new ConsoleApiError(
      'not-in-session',
      `You are not in session ${sessionId}; ${joinHint(context.user.role)}`,
    )
  }
  return party.partyId
}

/**
 * The ids of a command's events that the caller's role may see. A closing session appends events
 * of parties an agent never saw (a monitoring supervisor leaving): their ids would reveal them.
 */
export function visibleEventIds(context: ConsoleContext, result: CommandResult): number[] {
  if (context.user.role === 'supervisor') return [...result.eventIds]
  // An agent knows events by its own numbering, which the engine gives with the result.
  return [...(result.seenBy?.agent ?? [])]
}

/** Carries out one method for a signed-in caller; its params already passed the schema. */
export type ConsoleHandler<M extends ConsoleMethodName> = (
  context: ConsoleContext,
  params: ConsoleParsedParams<M>,
) => Promise<ConsoleResult<M>> | ConsoleResult<M>

/** Handlers of some of the methods, checked against the contract's params and result types. */
export type ConsoleHandlers<Names extends ConsoleMethodName> = {
  [M in Names]: ConsoleHandler<M>
}
