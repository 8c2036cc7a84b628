/**
 * What each role sees, as flat items that expectations match field by field and reports print:
 * the customer's GMS entries, an agent's or supervisor's console transcript, the idle timeline,
 * the strategy failures. Every view is read through the endpoint that role really uses.
 */
import { basename, relative } from 'node:path'
import type { IdleTimelineResult } from '../../src-shared/console-api'
import type { ChatEvent, Party } from '../../src-shared/domain'
import type { GmsEntry } from './customer-actor'
import type { ScenarioWorld } from './scenario-world'
import type { StrategyFailure } from './strategy-failure'

/** One thing a role saw, as field → value. */
export type Item = Record<string, string | number | boolean | null>

/** A customer's GMS entries: `{ type, nickname, text, at, partyType }`. */
export function gmsItems(entries: readonly GmsEntry[]): Item[] {
  return entries.map(([type, nickname, text, seconds, partyType]) => ({
    type,
    nickname,
    text,
    at: Number(seconds),
    partyType,
  }))
}

function eventFields(event: ChatEvent): Item {
  switch (event.type) {
    case 'party-joined':
      return event.party.mode ? { mode: event.party.mode } : {}
    case 'party-left':
      return { reasonCode: event.reasonCode, reason: event.reasonText }
    case 'message':
      return { text: event.text, ...(event.messageType ? { messageType: event.messageType } : {}) }
    case 'notice':
      return { noticeType: event.noticeType, text: event.text }
    case 'session-closed':
      return { reason: event.reason }
  }
}

/** A console event: `{ eventId, type, visibility, nickname, partyType, at, ...its fields }`. */
export function eventItem(event: ChatEvent, partyOf: (partyId: string) => Party | undefined): Item {
  const party = event.type === 'party-joined' ? event.party : partyOf(event.partyId)
  return {
    eventId: event.eventId,
    type: event.type,
    visibility: event.visibility,
    nickname: party?.nickname ?? '',
    partyType: party?.type ?? '',
    at: event.timeShift,
    ...eventFields(event),
  }
}

/** A view, or why the role could not read it (a refusal is something to see too). */
export type ViewRead = { ok: true; items: Item[] } | { ok: false; error: string }

/** The whole transcript of `sessionId` as `userId` reads it through the console API. */
export async function consoleView(
  world: ScenarioWorld,
  userId: string,
  sessionId: string,
): Promise<ViewRead> {
  // Names come from the full party list: only events the role may see are named at all.
  const parties = world.server.engine.getSession(sessionId, 'supervisor')?.parties ?? []
  const partyOf = (partyId: string) => parties.find((party) => party.partyId === partyId)
  const events: ChatEvent[] = []
  for (;;) {
    const afterEventId = events.at(-1)?.eventId ?? 0
    const params = { sessionId, afterEventId, limit: 500 }
    const reply = await world.consoles.call(userId, 'readTranscript', params)
    if ('error' in reply) return { ok: false, error: `${reply.error.code}: ${reply.error.message}` }
    events.push(...reply.result.events)
    if (!reply.result.hasMore) break
  }
  return { ok: true, items: events.map((event) => eventItem(event, partyOf)) }
}

/** The idle timeline: `{ kind, text, phase, deadline (s from the entry), by, at, ... }`. */
export function timelineItems(timeline: IdleTimelineResult, startedAt: number): Item[] {
  return timeline.entries.map((entry) => ({
    kind: entry.kind,
    text: entry.text,
    phase: entry.phase,
    deadline: entry.deadline === null ? null : (entry.deadline - entry.time) / 1000,
    at: Math.floor((entry.time - startedAt) / 1000),
    ...(entry.by === undefined ? {} : { by: entry.by }),
    ...(entry.nickname === undefined ? {} : { nickname: entry.nickname }),
    ...(entry.eventId === undefined ? {} : { eventId: entry.eventId }),
  }))
}

/** Strategy failures: `{ strategy, file, line, column, sessionId, message }`. */
export function failureItems(failures: readonly StrategyFailure[]): Item[] {
  return failures.map((failure) => ({
    strategy: basename(failure.file),
    file: relative(process.cwd(), failure.file),
    line: failure.line ?? null,
    column: failure.column ?? null,
    sessionId: failure.sessionId,
    message: failure.message,
  }))
}

/** `{type: "message", text: "Hi", at: 0}`: unambiguous, one line. */
export function formatItem(item: Item): string {
  const fields = Object.entries(item).map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
  return `{${fields.join(', ')}}`
}
