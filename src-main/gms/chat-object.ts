import type { ChatEvent, SessionSummary } from '../../src-shared/domain'
import type { ChatEngine } from '../engine/chat-engine'
import type { GmsChat } from './gms-registry'
export type { PartyLookup } from './transcript'
import {
  toTranscriptEntry,
  type PartyLookup,
  type PartyName,
  type TranscriptEntry,
} from './transcript'

/** The chat object every chat call answers and every CometD notification carries (docs/gms.md). */
export interface ChatObject {
  chatIxnState: 'TRANSCRIPT' | 'DISCONNECTED'
  chatSessionId: string
  startedAt: string
  transcriptPosition: number
  chatServiceMessage: string
  transcriptToShow: TranscriptEntry[]
  userId?: string
  secureKey?: string
  clientTimeZoneOffset?: number
  _chatIxnAPI_SEND_URL?: string
  _chatIxnAPI_REFRESH_URL?: string
  _chatIxnAPI_START_TYPING_URL?: string
  _chatIxnAPI_STOP_TYPING_URL?: string
  _chatIxnAPI_DISCONNECT_URL?: string
}

export const CHAT_SERVICE_MESSAGE = 'Chat service is available'

/** Where a chat call's transcript starts: a 1-based position, or `end` for none at all. */
export type TranscriptStart = number | 'end'

/** Past any real position: reading from here returns no entries, only the next position. */
const PAST_THE_END = Number.MAX_SAFE_INTEGER

/**
 * Builds the chat object from the engine's customer view: entries from `start` to now, read
 * with `readCustomerEntries`, so INT and VIP events neither show nor take a position. A caller
 * that holds the customer's summary of this very moment passes it.
 */
export function readChatObject(
  engine: ChatEngine,
  chat: GmsChat,
  start: TranscriptStart,
  isVerbose: boolean,
  summary: SessionSummary = customerSummary(engine, chat),
): ChatObject {
  const page = engine.readCustomerEntries(chat.sessionId, start === 'end' ? PAST_THE_END : start)
  return chatObjectOf(engine, chat, summary, page, isVerbose)
}

/** The chat object of entries already read (CometD notifications read their own page). */
export function chatObjectOf(
  engine: ChatEngine,
  chat: GmsChat,
  summary: SessionSummary,
  page: { events: ChatEvent[]; nextPosition: number },
  isVerbose: boolean,
): ChatObject {
  const partyOf = customerPartyLookup(engine, summary)
  const object: ChatObject = {
    chatIxnState: isCustomerIn(summary, chat) ? 'TRANSCRIPT' : 'DISCONNECTED',
    chatSessionId: chat.sessionId,
    startedAt: toGmsTime(summary.startedAt),
    transcriptPosition: page.nextPosition,
    chatServiceMessage: CHAT_SERVICE_MESSAGE,
    transcriptToShow: page.events.map((event) => toTranscriptEntry(event, partyOf)),
  }
  return isVerbose ? { ...object, ...verboseFields(chat) } : object
}

/** The session as the customer sees it; a chat's session always exists once created. */
export function customerSummary(
  engine: ChatEngine,
  chat: Pick<GmsChat, 'sessionId'>,
): SessionSummary {
  const summary = engine.getSession(chat.sessionId, 'customer')
  if (!summary) throw new Error(`session ${chat.sessionId} of a GMS chat is missing`)
  return summary
}

/** TRANSCRIPT while the session is open and the customer is in it (docs/gms.md). */
export function isCustomerIn(
  summary: SessionSummary,
  chat: Pick<GmsChat, 'customerPartyId'>,
): boolean {
  if (summary.state === 'closed') return false
  return summary.parties.some((party) => party.partyId === chat.customerPartyId && party.isPresent)
}

/**
 * Names from the customer's view of the parties. A supervisor who barged in and went back to
 * monitoring drops out of that view, yet its earlier ALL messages stay in the transcript: for
 * such an author, and only to name it, the full party list is consulted. That reveals nothing
 * the customer did not already see when the party joined visibly.
 */
export function customerPartyLookup(engine: ChatEngine, summary: SessionSummary): PartyLookup {
  const names = new Map<string, PartyName>(
    summary.parties.map((party) => [party.partyId, { nickname: party.nickname, type: party.type }]),
  )
  return (partyId) => {
    const known = names.get(partyId)
    if (known) return known
    const party = engine
      .getSession(summary.sessionId, 'supervisor')
      ?.parties.find((candidate) => candidate.partyId === partyId)
    const name: PartyName = party
      ? { nickname: party.nickname, type: party.type }
      : { nickname: '', type: 'SYSTEM' }
    names.set(partyId, name)
    return name
  }
}

/** GMS shows times to the second, e.g. `2026-11-21T08:00:00Z` (docs/gms.md example). */
function toGmsTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z')
}

function verboseFields(chat: GmsChat): Partial<ChatObject> {
  const base = chatUrl(chat.serviceId)
  return {
    userId: chat.customerPartyId,
    secureKey: chat.secureKey,
    clientTimeZoneOffset: chat.clientTimeZoneOffset,
    _chatIxnAPI_SEND_URL: `${base}/send`,
    _chatIxnAPI_REFRESH_URL: `${base}/refresh`,
    _chatIxnAPI_START_TYPING_URL: `${base}/startTyping`,
    _chatIxnAPI_STOP_TYPING_URL: `${base}/stopTyping`,
    _chatIxnAPI_DISCONNECT_URL: `${base}/disconnect`,
  }
}

/** `/genesys/1/service/{serviceId}/ixn/chat`. */
export function chatUrl(serviceId: string): string {
  return `/genesys/1/service/${serviceId}/ixn/chat`
}
