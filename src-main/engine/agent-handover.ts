/**
 * Transfer and conference (docs/dashboard.md, "Transfer and conference"): an agent hands its
 * chat to another agent, invites one in, or returns the chat to the queue. The customer sees what
 * a Genesys customer would: the new agent joining and the old one leaving (ALL); the agents and
 * supervisors also read who did what in an internal note (INT), which is no activity for idle
 * control. Joins and leaves are, so idle control keeps its rules: the timers run while an agent
 * is present and restart on each join or leave.
 */
import type { SessionWrite } from './chat-session'
import { EngineError } from './engine-error'
import { appendJoin, findConsoleParty, presentParty } from './party-joins'
import type { PartyRecord } from './ports'
import { appendLeave } from './session-closing'
import type { NewParty } from './session-registry'

export const HANDOVER_KINDS = ['transfer', 'conference', 'queue'] as const
export type HandoverKind = (typeof HANDOVER_KINDS)[number]

export interface HandoverRequest {
  kind: HandoverKind
  /** The agent (or supervisor) handing over: a present party of the session. */
  byPartyId: string
  /** The agent taking over or invited; not for `queue`. */
  to?: { userId: string; nickname: string }
}

function sentence(kind: HandoverKind, by: string, to: string | undefined): string {
  if (kind === 'transfer') return `${by} transferred the chat to ${to}`
  if (kind === 'conference') return `${by} invited ${to} into the chat`
  return `${by} returned the chat to the queue`
}

/**
 * Appends the hand-over to `write`. Returns the joining agent's party, if any.
 *
 * @throws EngineError `forbidden` when the caller is no agent or supervisor, `conflict` when the
 *   invited agent is in the chat already, `invalid-parameter` without a target.
 */
export function appendHandover(
  write: SessionWrite,
  request: HandoverRequest,
  newParty: (party: NewParty) => PartyRecord,
  now: number,
): PartyRecord | undefined {
  const { session } = write
  const by = presentParty(session, request.byPartyId)
  if (by.type !== 'AGENT' && by.type !== 'SUPERVISOR') {
    throw new EngineError('forbidden', 'Only an agent or a supervisor in the chat can hand it over')
  }
  const { to } = request
  if (request.kind !== 'queue') {
    if (!to) throw new EngineError('invalid-parameter', `A ${request.kind} needs an agent`)
    if (findConsoleParty(session, to.userId, 'AGENT')) {
      throw new EngineError('conflict', `${to.nickname} is in this chat already`)
    }
  }
  write.append({
    type: 'notice',
    partyId: by.partyId,
    visibility: 'INT',
    noticeType: 'USER_CUSTOM',
    text: sentence(request.kind, by.nickname, to?.nickname),
  })
  const joined =
    request.kind === 'queue' || !to
      ? undefined
      : appendJoin(write, newParty({ ...to, type: 'AGENT' }), 'ALL')
  if (request.kind !== 'conference') {
    appendLeave(write, by, 0, now)
    // Nobody left to answer it: the chat waits in the queue again (unless it closed).
    if (session.record.state === 'active' && !session.hasAgentPresent) {
      session.record.state = 'queued'
    }
  }
  session.refreshIdle()
  return joined
}
