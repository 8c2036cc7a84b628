import type {
  ChatEvent,
  IdleSettings,
  NoticeType,
  PartyType,
  SessionSummary,
} from '../../../src-shared/domain'
import type { ChatEngine } from '../../engine/chat-engine'
import { customerPartyLookup, type PartyLookup } from '../chat-object'

/** The 13 message types of Chat API v2; a strict client refuses anything else. */
export const V2_MESSAGE_TYPES = [
  'ParticipantJoined',
  'ParticipantLeft',
  'Message',
  'TypingStarted',
  'TypingStopped',
  'NicknameUpdated',
  'PushUrl',
  'CustomNotice',
  'IdleAlert',
  'IdleClose',
  'Notice',
  'FileUploaded',
  'FileDeleted',
] as const
export type V2MessageType = (typeof V2_MESSAGE_TYPES)[number]

export type V2PartyType = 'Client' | 'Agent' | 'Supervisor' | 'External'

/** One customer-visible event as a v2 client sees it (docs/gms.md, "v2 messages"). */
export interface V2Message {
  from: { nickname: string; participantId: number; type: V2PartyType }
  index: number
  type: V2MessageType
  utcTime: number
  text?: string
  messageType?: string
  userData?: Record<string, string>
}

/** The engine's SYSTEM party shows as `External`: no v2 client knows another type. */
const PARTY_TYPES: Record<PartyType, V2PartyType> = {
  CLIENT: 'Client',
  AGENT: 'Agent',
  SUPERVISOR: 'Supervisor',
  EXTERNAL: 'External',
  SYSTEM: 'External',
}

const NOTICE_TYPES: Record<NoticeType, V2MessageType> = {
  TYPING_STARTED: 'TypingStarted',
  TYPING_STOPPED: 'TypingStopped',
  USER_UPDATE_NICK: 'NicknameUpdated',
  USER_PUSHED_URL: 'PushUrl',
  USER_CUSTOM: 'CustomNotice',
  IDLE_CONTROL_ALERT: 'IdleAlert',
  IDLE_CONTROL_CLOSE: 'IdleClose',
  // INT notices: they never reach a customer, but if one did it would be a plain notice.
  IDLE_CONTROL_SET: 'Notice',
  LANGUAGE_SET: 'Notice',
}

/**
 * The customer-visible events of a session (`summary`: the customer's view of it, read once per
 * answer) from `index` `from` on, as v2 messages, and the next
 * index. Index k is v1 transcript position k: both read `readCustomerEntries`, so INT and VIP
 * events neither show nor leave gaps. The whole list is walked from the start because
 * participant numbers and nicknames-at-the-time depend on everything before `from`.
 */
export function readV2Messages(
  engine: ChatEngine,
  summary: SessionSummary,
  from: number,
): { messages: V2Message[]; nextPosition: number } {
  const page = engine.readCustomerEntries(summary.sessionId, 1)
  const mapper = new MessageMapper(customerPartyLookup(engine, summary), summary.idleControl)
  const messages: V2Message[] = []
  page.events.forEach((event, offset) => {
    const message = mapper.next(event, offset + 1)
    if (offset + 1 >= from) messages.push(message)
  })
  return { messages, nextPosition: page.nextPosition }
}

/** Walks events in order, numbering parties and following nickname changes. */
class MessageMapper {
  private readonly participantIds = new Map<string, number>()
  private readonly nicknames = new Map<string, string>()
  private previous: ChatEvent | undefined

  constructor(
    private readonly partyOf: PartyLookup,
    private readonly idle: IdleSettings,
  ) {}

  next(event: ChatEvent, index: number): V2Message {
    const message = this.toMessage(event, index)
    this.previous = event
    return message
  }

  private toMessage(event: ChatEvent, index: number): V2Message {
    const base = { index, utcTime: event.time }
    switch (event.type) {
      case 'party-joined':
        this.nicknames.set(event.party.partyId, event.party.nickname)
        return { ...base, from: this.from(event.party.partyId), type: 'ParticipantJoined' }
      case 'party-left':
      case 'session-closed':
        return { ...base, from: this.from(event.partyId), type: 'ParticipantLeft' }
      case 'message':
        return {
          ...base,
          from: this.from(event.partyId),
          type: 'Message',
          ...textOf(event.text),
          ...(event.messageType ? { messageType: event.messageType } : {}),
        }
      case 'notice':
        return this.noticeMessage(event, base)
    }
  }

  private noticeMessage(
    event: Extract<ChatEvent, { type: 'notice' }>,
    base: { index: number; utcTime: number },
  ): V2Message {
    // A nickname update names the party by its new nickname from this message on.
    if (event.noticeType === 'USER_UPDATE_NICK' && event.text !== '') {
      this.nicknames.set(event.partyId, event.text)
    }
    const message: V2Message = {
      ...base,
      from: this.from(event.partyId),
      type: NOTICE_TYPES[event.noticeType],
      ...textOf(event.text),
    }
    if (event.noticeType === 'IDLE_CONTROL_ALERT') message.userData = this.nextIdleTimer()
    return message
  }

  /**
   * Widgets show a countdown from this: a second alert follows the first one when configured,
   * and the close follows the last alert.
   */
  private nextIdleTimer(): Record<string, string> {
    const isFirstAlert = !(
      this.previous?.type === 'notice' && this.previous.noticeType === 'IDLE_CONTROL_ALERT'
    )
    const hasSecond = this.idle.timeoutAlert2 > 0 && isFirstAlert
    return {
      'next-idle-timer-type': hasSecond ? 'ALERT' : 'CLOSE',
      'next-idle-timer-secs': String(hasSecond ? this.idle.timeoutAlert2 : this.idle.timeoutClose),
    }
  }

  private from(partyId: string): V2Message['from'] {
    const { nickname, type } = this.partyOf(partyId)
    let participantId = this.participantIds.get(partyId)
    if (participantId === undefined) {
      participantId = this.participantIds.size + 1
      this.participantIds.set(partyId, participantId)
    }
    const known = this.nicknames.get(partyId)
    return { nickname: known ?? nickname, participantId, type: PARTY_TYPES[type] }
  }
}

function textOf(text: string): { text?: string } {
  return text === '' ? {} : { text }
}
