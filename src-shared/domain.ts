/**
 * The chat-session domain shared by the engine, the transports and the renderer
 * (docs/sessions.md). Pure types and constants: no platform imports.
 */

export const PARTY_TYPES = ['CLIENT', 'AGENT', 'SUPERVISOR', 'EXTERNAL', 'SYSTEM'] as const
export type PartyType = (typeof PARTY_TYPES)[number]

export const VISIBILITIES = ['ALL', 'INT', 'VIP'] as const
export type Visibility = (typeof VISIBILITIES)[number]

/** Who is looking: the three audiences of the visibility table. */
export const ROLES = ['customer', 'agent', 'supervisor'] as const
export type Role = (typeof ROLES)[number]

export const SUPERVISOR_MODES = ['monitor', 'coach', 'barge-in'] as const
export type SupervisorMode = (typeof SUPERVISOR_MODES)[number]

export const SESSION_STATES = ['queued', 'active', 'closed'] as const
export type SessionState = (typeof SESSION_STATES)[number]

export const CLOSE_REASONS = ['customer-left', 'agent-closed', 'idle', 'ttl'] as const
export type CloseReason = (typeof CLOSE_REASONS)[number]

export const NOTICE_TYPES = [
  'USER_PUSHED_URL',
  'USER_CUSTOM',
  'TYPING_STARTED',
  'TYPING_STOPPED',
  'USER_UPDATE_NICK',
  'IDLE_CONTROL_ALERT',
  'IDLE_CONTROL_CLOSE',
  'IDLE_CONTROL_SET',
  'LANGUAGE_SET',
] as const
export type NoticeType = (typeof NOTICE_TYPES)[number]

/** Notices a party (not the server) may send; only these can count as activity. */
export const USER_NOTICE_TYPES = [
  'USER_PUSHED_URL',
  'USER_CUSTOM',
  'TYPING_STARTED',
  'TYPING_STOPPED',
  'USER_UPDATE_NICK',
] as const satisfies readonly NoticeType[]
export type UserNoticeType = (typeof USER_NOTICE_TYPES)[number]

/** `party-left` reason codes for a customer (docs/sessions.md). */
export const REASON_CODES = {
  leftOnItsOwn: 0,
  protocolInactivity: 3,
  removedByParty: 4,
  removedBySystem: 5,
  sessionInactivity: 7,
} as const
export type ReasonCode = (typeof REASON_CODES)[keyof typeof REASON_CODES]

export interface Party {
  partyId: string
  nickname: string
  type: PartyType
  /** Console user id, for agents and supervisors. */
  userId?: string
  /** Supervisors only. */
  mode?: SupervisorMode
  /** A bot (`GCTI_Chat_PartyStyle=BOT`): its messages do not count as activity. */
  isBot?: boolean
  /** False once the party has left. */
  isPresent: boolean
}

/** The party as carried in a `party-joined` event. */
export interface PartyInfo {
  partyId: string
  nickname: string
  type: PartyType
  userId?: string
  mode?: SupervisorMode
}

interface EventBase {
  sessionId: string
  /** 1, 2, 3 ... per session, never reused. */
  eventId: number
  /** UTC milliseconds. */
  time: number
  /** Whole seconds since the session's `startedAt`. */
  timeShift: number
  /** Who caused it; the SYSTEM party for the server. */
  partyId: string
  visibility: Visibility
}

export interface PartyJoinedEvent extends EventBase {
  type: 'party-joined'
  party: PartyInfo
}
export interface PartyLeftEvent extends EventBase {
  type: 'party-left'
  reasonCode: number
  reasonText: string
  askerId?: string
}
export interface MessageEvent extends EventBase {
  type: 'message'
  text: string
  messageType?: string
}
export interface NoticeEvent extends EventBase {
  type: 'notice'
  noticeType: NoticeType
  text: string
}
export interface SessionClosedEvent extends EventBase {
  type: 'session-closed'
  reason: CloseReason
}

export type ChatEvent =
  PartyJoinedEvent | PartyLeftEvent | MessageEvent | NoticeEvent | SessionClosedEvent
export type ChatEventType = ChatEvent['type']

/** An event before the engine has numbered and timed it. */
export type NewChatEvent = ChatEvent extends infer E
  ? E extends ChatEvent
    ? Omit<E, 'sessionId' | 'eventId' | 'time' | 'timeShift'>
    : never
  : never

export interface Language {
  code: string
  name: string
}

export const INCLUDE_NOTICES = ['none', 'major', 'major2', 'typing', 'all'] as const
export type IncludeNotices = (typeof INCLUDE_NOTICES)[number]

/** Effective inactivity-control settings (docs/sessions.md, "Idle (inactivity) control"). */
export interface IdleSettings {
  enabled: boolean
  includeNotices: IncludeNotices
  /** Seconds. */
  timeoutAlert: number
  timeoutAlert2: number
  timeoutClose: number
  messageAlert: string
  messageAlert2: string
  messageClose: string
}

export const IDLE_PHASES = ['off', 'alert', 'alert2', 'close'] as const
/**
 * `off`: no timer runs; `alert`: waiting for the first alert; `alert2`: first alert sent, waiting
 * for the second; `close`: last alert sent, waiting to close.
 */
export type IdlePhase = (typeof IDLE_PHASES)[number]

export interface IdleStatus {
  phase: IdlePhase
  /** UTC ms when the running phase expires; null when `off`. */
  deadline: number | null
  phaseStartedAt: number | null
}

/** What every reader of a session gets (the transcript is read separately, per role). */
export interface SessionSummary {
  sessionId: string
  application: string
  endpoint: string
  state: SessionState
  startedAt: string
  closedAt: string | null
  closeReason: CloseReason | null
  language: Language | null
  userData: Record<string, string>
  idleControl: IdleSettings
  idleStatus: IdleStatus
  parties: Party[]
  /** Id of the last event appended (0 before any). */
  lastEventId: number
}
