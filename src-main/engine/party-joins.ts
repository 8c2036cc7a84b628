import type { PartyType, SupervisorMode, Visibility } from '../../src-shared/domain'
import type { ChatSession, SessionWrite } from './chat-session'
import { EngineError } from './engine-error'
import type { PartyRecord } from './ports'
import type { NewParty } from './session-registry'
import { isAtLeastAsWide, MODE_VISIBILITY, widerOf } from './supervisor-modes'

/**
 * Appends `party-joined` with `visibility` and marks the party present. Its `joinedVisibility`
 * only ever widens: whoever once saw it join keeps seeing it, up to and including its
 * `party-left`, so no audience sees a party join and never leave.
 */
export function appendJoin(
  write: SessionWrite,
  party: PartyRecord,
  visibility: Visibility,
): PartyRecord {
  const previous = write.session.parties.get(party.partyId)
  const joinedVisibility = previous ? widerOf(previous.joinedVisibility, visibility) : visibility
  const joined: PartyRecord = { ...party, isPresent: true, joinedVisibility }
  write.touchParty(joined)
  const { partyId, nickname, type, userId, mode } = joined
  write.append({
    type: 'party-joined',
    partyId,
    visibility,
    party: { partyId, nickname, type, ...(userId ? { userId } : {}), ...(mode ? { mode } : {}) },
  })
  write.afterCommit(() => write.session.refreshIdle())
  return joined
}

/** A supervisor's mode switch re-announces it to the audience of its new mode. */
export function appendModeSwitch(
  write: SessionWrite,
  supervisor: PartyRecord,
  mode: SupervisorMode,
): void {
  appendJoin(write, { ...supervisor, mode }, MODE_VISIBILITY[mode])
}

/**
 * The EXTERNAL party of a workflow's request (docs/esp.md): joins on the first use of its nickname,
 * and joins again, wider, before its first event a wider audience can see (decision).
 */
export function joinExternal(
  write: SessionWrite,
  request: { nickname: string; visibility: Visibility; isBot?: boolean },
  create: (party: NewParty) => PartyRecord,
): PartyRecord {
  const { nickname, visibility } = request
  const existing = [...write.session.parties.values()].find(
    (candidate) => candidate.type === 'EXTERNAL' && candidate.nickname === nickname,
  )
  if (!existing) {
    const isBot = request.isBot === true ? { isBot: true } : {}
    return appendJoin(write, create({ nickname, type: 'EXTERNAL', ...isBot }), visibility)
  }
  if (isAtLeastAsWide(existing.joinedVisibility, visibility)) return existing
  return appendJoin(write, existing, visibility)
}

/** The party `partyId` if it is in the session now; refused otherwise. */
export function presentParty(session: ChatSession, partyId: string): PartyRecord {
  const party = session.parties.get(partyId)
  if (!party || !party.isPresent) {
    throw new EngineError(
      'unknown-party',
      `Party ${partyId} is not in session ${session.sessionId}`,
    )
  }
  return party
}

/** The present party of a console user in that role (an agent and a supervisor are distinct). */
export function findConsoleParty(
  session: ChatSession,
  userId: string,
  type: Extract<PartyType, 'AGENT' | 'SUPERVISOR'>,
): PartyRecord | undefined {
  for (const party of session.parties.values()) {
    if (party.userId === userId && party.type === type && party.isPresent) return party
  }
  return undefined
}
