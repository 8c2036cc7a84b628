import type { CloseReason } from '../../src-shared/domain'
import { REASON_CODES } from '../../src-shared/domain'
import type { SessionWrite } from './chat-session'
import { EngineError } from './engine-error'
import type { PartyRecord } from './ports'
import { isAtLeastAsWide } from './supervisor-modes'

const REASON_TEXTS: Record<number, string> = {
  [REASON_CODES.leftOnItsOwn]: 'left the session',
  [REASON_CODES.protocolInactivity]: 'removed for protocol inactivity',
  [REASON_CODES.removedByParty]: 'removed by another party',
  [REASON_CODES.removedBySystem]: 'removed by the system',
  [REASON_CODES.sessionInactivity]: 'removed for session inactivity',
}

/**
 * Appends `party-left` for `party` with the visibility of its (widest) join, and marks it gone.
 * The asker is named only to audiences that saw the asker join: a monitoring supervisor who
 * removes someone must not appear, by id, in the customer's transcript.
 */
export function appendPartyLeft(
  write: SessionWrite,
  party: PartyRecord,
  reasonCode: number,
  asker?: PartyRecord,
): void {
  const visibility = party.joinedVisibility
  const isAskerVisible = asker !== undefined && isAtLeastAsWide(asker.joinedVisibility, visibility)
  write.append({
    type: 'party-left',
    partyId: party.partyId,
    visibility,
    reasonCode,
    reasonText: REASON_TEXTS[reasonCode] ?? 'left the session',
    ...(isAskerVisible ? { askerId: asker.partyId } : {}),
  })
  write.touchParty({ ...party, isPresent: false })
}

/**
 * A party leaves on its own (a customer: code 0, or 3 for protocol inactivity). The session
 * closes once neither the customer nor any agent is left to talk. The SYSTEM party and
 * workflows (EXTERNAL) never leave: they are gone when the session closes (docs/sessions.md).
 */
export function appendLeave(
  write: SessionWrite,
  party: PartyRecord,
  reasonCode: number,
  now: number,
): void {
  if (party.type === 'SYSTEM' || party.type === 'EXTERNAL') {
    throw new EngineError('forbidden', `A ${party.type} party does not leave a session`)
  }
  appendPartyLeft(write, party, reasonCode)
  const { session } = write
  if (!session.customer?.isPresent && !session.hasAgentPresent) {
    appendClose(write, { reason: 'customer-left', customerReasonCode: reasonCode }, now)
  }
  write.afterCommit(() => session.refreshIdle())
}

/** An agent or a supervisor closes the session for everyone; the customer leaves with code 4. */
export function appendCloseBy(write: SessionWrite, closer: PartyRecord, now: number): void {
  if (closer.type !== 'AGENT' && closer.type !== 'SUPERVISOR') {
    throw new EngineError('forbidden', 'Only an agent or a supervisor in the session can close it')
  }
  const options = {
    reason: 'agent-closed',
    customerReasonCode: REASON_CODES.removedByParty,
    closedBy: closer,
  } as const
  appendClose(write, options, now)
}

/** How a session closes: its reason, the customer's code and who closed it. */
export interface CloseOptions {
  reason: CloseReason
  /** The code the customer leaves with (4 agent close, 5 TTL, 7 idle). */
  customerReasonCode: number
  /** The party that closed it, if any: it leaves with code 0, others are removed by it. */
  closedBy?: PartyRecord
}

/**
 * Closes the session: every party still present leaves (the customer first), then
 * `session-closed`; user data `IsOnline` becomes "0", the SYSTEM party is gone too (it posts no
 * event of its own) and the timers stop.
 */
export function appendClose(write: SessionWrite, options: CloseOptions, now: number): void {
  const { session } = write
  const closer = options.closedBy
  write.isClosing = true
  for (const party of session.presentParties()) {
    const isCloser = party.partyId === closer?.partyId
    appendPartyLeft(
      write,
      party,
      leavingCode(party, options, isCloser),
      isCloser ? undefined : closer,
    )
  }
  const system = session.systemParty
  write.append({
    type: 'session-closed',
    partyId: system.partyId,
    visibility: 'ALL',
    reason: options.reason,
  })
  write.touchParty({ ...system, isPresent: false })
  write.updateRow((record) => {
    record.state = 'closed'
    record.closedAt = now
    record.closeReason = options.reason
    record.userData.IsOnline = '0'
  })
  write.afterCommit(() => {
    const wasRunning = session.idle.isRunning
    session.idle.stop()
    // An idle close has its own timeline line (idle-expiry.ts).
    if (wasRunning && options.reason !== 'idle') {
      session.recordIdle('stopped', `timers stopped: the session closed (${options.reason})`)
    }
  })
}

function leavingCode(party: PartyRecord, options: CloseOptions, isCloser: boolean): number {
  if (party.type === 'CLIENT') return options.customerReasonCode
  if (isCloser) return REASON_CODES.leftOnItsOwn
  return options.closedBy ? REASON_CODES.removedByParty : REASON_CODES.removedBySystem
}
