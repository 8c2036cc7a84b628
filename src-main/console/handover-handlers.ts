/**
 * Transfer, conference and back to the queue from the console (docs/dashboard.md): the caller
 * acts as its party in the chat; the target must be a configured agent who is signed in now, so
 * a chat is never handed to nobody.
 */
import type { ConsoleUser } from '../../src-shared/console-api'
import type { HandoverKind } from '../engine/agent-handover'
import {
  callerPartyId,
  visibleEventIds,
  type ConsoleContext,
  type ConsoleHandlers,
} from './console-context'
import { ConsoleApiError } from './console-errors'
import type { SignedInUsers } from './signed-in-users'

export interface HandoverDeps {
  users: ReadonlyMap<string, ConsoleUser>
  presence: SignedInUsers | undefined
}

function targetAgent(deps: HandoverDeps, context: ConsoleContext, userId: string): ConsoleUser {
  const user = deps.users.get(userId)
  if (!user || user.role !== 'agent') {
    throw new ConsoleApiError('invalid-params', `${userId} is not an agent`, 'toUserId')
  }
  if (user.id === context.user.id) {
    throw new ConsoleApiError('invalid-params', 'Choose another agent than yourself', 'toUserId')
  }
  const isSignedIn = deps.presence?.agents().some((agent) => agent.id === userId) ?? false
  if (!isSignedIn) {
    throw new ConsoleApiError('conflict', `${user.name} is not signed in`, 'toUserId')
  }
  return user
}

async function handOver(
  deps: HandoverDeps,
  context: ConsoleContext,
  kind: HandoverKind,
  sessionId: string,
  toUserId?: string,
) {
  const byPartyId = callerPartyId(context, sessionId)
  const to = toUserId === undefined ? undefined : targetAgent(deps, context, toUserId)
  const result = await context.engine.handOver(sessionId, {
    kind,
    byPartyId,
    ...(to ? { to: { userId: to.id, nickname: to.name } } : {}),
  })
  return { sessionId, eventIds: visibleEventIds(context, result) }
}

export function handoverHandlers(
  deps: HandoverDeps,
): ConsoleHandlers<'transfer' | 'invite' | 'returnToQueue' | 'listAvailableAgents'> {
  return {
    transfer: (context, { sessionId, toUserId }) =>
      handOver(deps, context, 'transfer', sessionId, toUserId),
    invite: (context, { sessionId, toUserId }) =>
      handOver(deps, context, 'conference', sessionId, toUserId),
    returnToQueue: (context, { sessionId }) => handOver(deps, context, 'queue', sessionId),
    listAvailableAgents: (context) => ({
      agents: (deps.presence?.agents() ?? [])
        .filter((agent) => agent.id !== context.user.id)
        .map((agent) => ({ userId: agent.id, name: agent.name })),
    }),
  }
}
