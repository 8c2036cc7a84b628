import type { ChatEvent, NoticeType, PartyType } from '../../src-shared/domain'

/**
 * The party types a v1 client may receive. Genesys' Android sample decodes them with a strict
 * enum of these four and drops the whole answer on any other (docs/gms.md, "The chat object").
 */
export type V1PartyType = Exclude<PartyType, 'SYSTEM'>

/** `[type, nickname, text, secondsSinceStartedAt, partyType]` (docs/gms.md, "The chat object"). */
export type TranscriptEntry = [
  type: string,
  nickname: string,
  text: string,
  secondsSinceStartedAt: string,
  partyType: V1PartyType,
]

/** Who a party is, as the customer may know it. */
export interface PartyName {
  nickname: string
  type: PartyType
}

/** Finds the name of the party that caused an event the customer can see. */
export type PartyLookup = (partyId: string) => PartyName

const JOINED_TEXT = 'has joined the session'
const LEFT_TEXT = 'has left the session'

/**
 * Notices as GMS shows them. Idle alerts and close become plain messages so that any client
 * renders them (docs/gms.md). GMS v1 has no type for a nickname change, so it shows as a custom
 * notice; `IDLE_CONTROL_SET` and `LANGUAGE_SET` are INT and never reach a customer, but if they
 * did they would be custom notices too.
 */
const NOTICE_ENTRY_TYPES: Record<NoticeType, string> = {
  TYPING_STARTED: 'Notice.TypingStarted',
  TYPING_STOPPED: 'Notice.TypingStopped',
  USER_PUSHED_URL: 'Notice.PushUrl',
  USER_CUSTOM: 'Notice.Custom',
  USER_UPDATE_NICK: 'Notice.Custom',
  IDLE_CONTROL_ALERT: 'Message.Text',
  IDLE_CONTROL_CLOSE: 'Message.Text',
  IDLE_CONTROL_SET: 'Notice.Custom',
  LANGUAGE_SET: 'Notice.Custom',
}

/**
 * One customer-visible event as one transcript entry, so positions and entries stay one to one.
 * `session-closed` (caused by the SYSTEM party) shows as the SYSTEM party leaving: GMS v1 has no
 * entry type for the end of a session, and every client already renders `Notice.Left`.
 */
export function toTranscriptEntry(event: ChatEvent, partyOf: PartyLookup): TranscriptEntry {
  const seconds = String(event.timeShift)
  if (event.type === 'party-joined') {
    return ['Notice.Joined', event.party.nickname, JOINED_TEXT, seconds, v1Type(event.party.type)]
  }
  const { nickname, type: partyType } = partyOf(event.partyId)
  const type = v1Type(partyType)
  switch (event.type) {
    case 'party-left':
    case 'session-closed':
      return ['Notice.Left', nickname, LEFT_TEXT, seconds, type]
    case 'message':
      return ['Message.Text', nickname, event.text, seconds, type]
    case 'notice':
      return [NOTICE_ENTRY_TYPES[event.noticeType], nickname, event.text, seconds, type]
  }
}

/** The server's own entries (idle alert and close, the session's end) show as `EXTERNAL`. */
export function v1Type(type: PartyType): V1PartyType {
  return type === 'SYSTEM' ? 'EXTERNAL' : type
}
