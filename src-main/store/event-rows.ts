/**
 * Maps `ChatEvent`s to `events` rows and back. Message and notice texts get their own column so
 * transcripts can be searched (docs/sessions.md, "Durability"); the other type-specific fields go to
 * a JSON `payload`.
 */
import type {
  ChatEvent,
  ChatEventType,
  CloseReason,
  NoticeType,
  PartyInfo,
  Visibility,
} from '../../src-shared/domain'
import type { EventPositions } from '../engine/ports'

/** An event as bound to statements: primitives only, captured when the change is queued. */
export interface EventParams {
  sessionId: string
  eventId: number
  time: number
  timeShift: number
  partyId: string
  visibility: Visibility
  type: ChatEventType
  text: string | null
  payload: string | null
  /** The engine's numbering of what the customer and an agent see (null: hidden from them). */
  customerPosition: number | null
  agentPosition: number | null
}

/** An `events` row as SQLite returns it. */
export interface EventRow {
  session_id: string
  event_id: number
  time: number
  time_shift: number
  party_id: string
  visibility: Visibility
  type: string
  text: string | null
  payload: string | null
}

export const EVENT_COLUMNS =
  'session_id, event_id, time, time_shift, party_id, visibility, type, text, payload'

/** What each event type keeps in `payload` (absent optional fields are left out of the JSON). */
interface PayloadOf {
  'party-joined': { party: PartyInfo }
  'party-left': { reasonCode: number; reasonText: string; askerId?: string }
  message: { messageType?: string }
  notice: { noticeType: NoticeType }
  'session-closed': { reason: CloseReason }
}

/**
 * A lone UTF-16 surrogate has no UTF-8 encoding: SQLite would store bytes that are not UTF-8
 * and read back three U+FFFD. Replacing it here keeps the column valid, searchable UTF-8.
 */
function toWellFormed(text: string): string {
  return text.replace(/\p{Surrogate}/gu, '\uFFFD')
}

/** Maps an event to statement parameters. */
export function toEventParams(
  event: ChatEvent,
  positions: EventPositions = { customer: null, agent: null },
): EventParams {
  const { text, payload } = splitFields(event)
  return {
    sessionId: event.sessionId,
    eventId: event.eventId,
    time: event.time,
    timeShift: event.timeShift,
    partyId: event.partyId,
    visibility: event.visibility,
    type: event.type,
    text: text === null ? null : toWellFormed(text),
    payload: payload === null ? null : JSON.stringify(payload),
    customerPosition: positions.customer,
    agentPosition: positions.agent,
  }
}

/**
 * Picks the fields of each type by name, so a property that is not part of the event's type
 * (a `Party`'s `isPresent` passed as `PartyInfo`) is never stored.
 */
function splitFields(event: ChatEvent): { text: string | null; payload: object | null } {
  switch (event.type) {
    case 'party-joined':
      return { text: null, payload: { party: pickPartyInfo(event.party) } }
    case 'party-left': {
      const payload: PayloadOf['party-left'] = {
        reasonCode: event.reasonCode,
        reasonText: event.reasonText,
      }
      if (event.askerId !== undefined) payload.askerId = event.askerId
      return { text: null, payload }
    }
    case 'message':
      return {
        text: event.text,
        payload: event.messageType === undefined ? null : { messageType: event.messageType },
      }
    case 'notice':
      return { text: event.text, payload: { noticeType: event.noticeType } }
    case 'session-closed':
      return { text: null, payload: { reason: event.reason } }
  }
}

function pickPartyInfo(party: PartyInfo): PartyInfo {
  const info: PartyInfo = { partyId: party.partyId, nickname: party.nickname, type: party.type }
  if (party.userId !== undefined) info.userId = party.userId
  if (party.mode !== undefined) info.mode = party.mode
  return info
}

/** Maps a row back to the event it was written from. */
export function toChatEvent(row: EventRow): ChatEvent {
  const base = {
    sessionId: row.session_id,
    eventId: row.event_id,
    time: row.time,
    timeShift: row.time_shift,
    partyId: row.party_id,
    visibility: row.visibility,
  }
  switch (row.type) {
    case 'party-joined':
      return { ...base, type: row.type, ...readPayload(row, row.type) }
    case 'party-left':
      return { ...base, type: row.type, ...readPayload(row, row.type) }
    case 'message':
      return { ...base, type: row.type, text: row.text ?? '', ...readPayload(row, row.type) }
    case 'notice':
      return { ...base, type: row.type, text: row.text ?? '', ...readPayload(row, row.type) }
    case 'session-closed':
      return { ...base, type: row.type, ...readPayload(row, row.type) }
    default:
      throw new Error(`event ${row.session_id}/${row.event_id} has unknown type ${row.type}`)
  }
}

/** The payload is trusted: only `toEventParams` writes it, and migrations keep its shape. */
function readPayload<T extends ChatEventType>(row: EventRow, _type: T): PayloadOf[T] {
  return (row.payload === null ? {} : JSON.parse(row.payload)) as PayloadOf[T]
}
