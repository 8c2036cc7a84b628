/**
 * Builders for store tests: records and events with sensible defaults, and temp directories.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { ChatEvent, NewChatEvent, Visibility } from '../../../src-shared/domain'
import type { PartyRecord, SessionChange, SessionRecord } from '../../../src-main/engine/ports'
import { isVisibleTo } from '../../../src-shared/visibility'

export const STARTED_AT = Date.UTC(2026, 0, 15, 9, 30, 0, 123)

export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    sessionId: 'Sess000000000001',
    application: 'ChatServer',
    endpoint: 'gms_builtin',
    state: 'queued',
    startedAt: STARTED_AT,
    closedAt: null,
    closeReason: null,
    languageCode: 'en-US',
    userData: { IsOnline: '1', FirstName: 'Ada' },
    idleOverrides: {},
    lastEventId: 0,
    customerPosition: 0,
    agentPosition: 0,
    ...overrides,
  }
}

export function clientParty(sessionId: string, overrides: Partial<PartyRecord> = {}): PartyRecord {
  return {
    sessionId,
    partyId: '00000000000000C1',
    nickname: 'Ada',
    type: 'CLIENT',
    isPresent: true,
    joinedVisibility: 'ALL',
    ...overrides,
  }
}

export function agentParty(sessionId: string, overrides: Partial<PartyRecord> = {}): PartyRecord {
  return {
    sessionId,
    partyId: '00000000000000A1',
    nickname: 'Agent One',
    type: 'AGENT',
    userId: 'agent1',
    isPresent: true,
    joinedVisibility: 'ALL',
    ...overrides,
  }
}

/** Numbers and times events the way the engine does: 1, 2, 3 ... one second apart. */
export function numberEvents(
  sessionId: string,
  events: readonly NewChatEvent[],
  firstEventId = 1,
): ChatEvent[] {
  return events.map((event, index) => {
    const eventId = firstEventId + index
    return { ...event, sessionId, eventId, time: STARTED_AT + eventId * 1000, timeShift: eventId }
  }) as ChatEvent[]
}

/** A message from the client party with the given visibility. */
export function message(text: string, visibility: Visibility = 'ALL'): NewChatEvent {
  return { type: 'message', partyId: '00000000000000C1', visibility, text }
}

/**
 * A change that writes the session row with its events, numbering what the customer and an
 * agent see from the counters of `session` as the engine does (and `lastEventId` matching).
 */
export function changeWith(
  session: SessionRecord,
  events: ChatEvent[],
  parties: PartyRecord[] = [],
): SessionChange {
  const lastEventId = events.at(-1)?.eventId ?? session.lastEventId
  let { customerPosition, agentPosition } = session
  const positions = events.map((event) => ({
    customer: isVisibleTo('customer', event.visibility) ? ++customerPosition : null,
    agent: isVisibleTo('agent', event.visibility) ? ++agentPosition : null,
  }))
  return {
    session: { ...session, lastEventId, customerPosition, agentPosition },
    isRowChanged: true,
    parties,
    events,
    positions,
  }
}

/** A fresh temp directory per call, removed after the test. */
export function useTempDirs(): () => string {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-store-'))
    dirs.push(dir)
    return dir
  }
}
