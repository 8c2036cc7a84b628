import type { CloseReason } from '../../src-shared/domain'
import { REASON_CODES } from '../../src-shared/domain'
import type { SessionWrite } from './chat-session'
import type { PartyRecord } from './ports'

const REASON_TEXTS: Record<number, string> = {
  [REASON_CODES.leftOnItsOwn]: 'left the session',
  [REASON_CODES.protocolInactivity]: 'removed for protocol inactivity',
  [REASON_CODES.removedByParty]: 'removed by another party',
  [REASON_CODES.removedBySystem]: 'removed by the system',
  [REASON_CODES.sessionInactivity]: 'removed for session inactivity',
}

/** Appends `party-left` for `party` with the visibility its join had, and marks it gone. */
export function appendPartyLeft(
  write: SessionWrite,
  party: PartyRecord,
  reasonCode: number,
  askerId?: string,
): void {
  write.append({
    type: 'party-left',
    partyId: party.partyId,
    visibility: party.joinedVisibility,
    reasonCode,
    reasonText: REASON_TEXTS[reasonCode] ?? 'left the session',
    ...(askerId ? { askerId } : {}),
  })
  write.touchParty({ ...party, isPresent: false })
}

export interface CloseOptions {
  reason: CloseReason
  /** The code the customer leaves with (4 agent close, 5 TTL, 7 idle). */
  customerReasonCode: number
  /** The party that closed it, if any: it leaves with code 0, others are removed by it. */
  closedBy?: PartyRecord
}

/**
 * Closes the session: every party still present leaves (the customer first), then
 * `session-closed`; user data `IsOnline` becomes "0" and the timers stop.
 */
export function appendClose(write: SessionWrite, options: CloseOptions, now: number): void {
  const { session } = write
  const askerId = options.closedBy?.partyId
  for (const party of session.presentParties()) {
    const isCloser = party.partyId === askerId
    const code =
      party.type === 'CLIENT'
        ? options.customerReasonCode
        : isCloser
          ? REASON_CODES.leftOnItsOwn
          : askerId
            ? REASON_CODES.removedByParty
            : REASON_CODES.removedBySystem
    appendPartyLeft(write, party, code, isCloser ? undefined : askerId)
  }
  write.append({
    type: 'session-closed',
    partyId: session.systemParty.partyId,
    visibility: 'ALL',
    reason: options.reason,
  })
  session.record.state = 'closed'
  session.record.closedAt = now
  session.record.closeReason = options.reason
  session.record.userData.IsOnline = '0'
  session.idle.stop()
}
