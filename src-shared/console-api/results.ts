/**
 * What the console API's methods answer and push. Plain data: the engine's domain types, role
 * filtered in the main process before they are sent.
 */
import type { z } from 'zod'
import type { EspParameterValue, espAnswerSchema, espFaultSchema } from '../esp-wire'
import type { ChatEvent, Language, Role, SessionState, SessionSummary } from '../domain'
import type { DashboardPush } from './dashboard'
import type { RaisedHandsPush } from './raised-hands'
import type { IdleTimelineEntry } from './idle-timeline'

/** The roles a console user can have (the third audience, `customer`, is GMS's). */
export type ConsoleRole = Exclude<Role, 'customer'>

export const CONSOLE_ROLES = ['agent', 'supervisor'] as const satisfies readonly ConsoleRole[]

/** A console user from the configuration (`users:`). */
export interface ConsoleUser {
  id: string
  name: string
  role: ConsoleRole
}

export interface UsersResult {
  users: ConsoleUser[]
}

export interface SignInResult {
  user: ConsoleUser
}

/** A row of the session list: the role-filtered summary plus how long a queued one has waited. */
export interface SessionListItem extends SessionSummary {
  /** Whole seconds since `startedAt` for a queued session at `serverTime`; null otherwise. */
  waitSeconds: number | null
}

export interface SessionListResult {
  sessions: SessionListItem[]
  /** The server's clock (UTC ms), to run wait timers and idle countdowns without clock skew. */
  serverTime: number
  /** True when the limit (or the scan cap of a `queued`/`active` filter) cut rows off. */
  isTruncated: boolean
}

export interface SessionResult {
  /** As the caller's role may see it: a monitoring supervisor is no party for an agent. */
  session: SessionSummary
  /** The server's clock (UTC ms), for the idle countdown (`session.idleStatus.deadline`). */
  serverTime: number
}

/** The languages an application is configured with (`listLanguages`). */
export interface LanguagesResult {
  application: string
  /** Code of the application's default language; null when it lists none. */
  defaultCode: string | null
  /** In the configuration's order. */
  languages: Language[]
}

/** A page of a transcript, oldest first, holding only events the caller's role may see. */
export interface TranscriptPage {
  events: ChatEvent[]
  /** More events follow in the reading direction (newer forward, older with `beforeEventId`). */
  hasMore: boolean
}

/** An action was carried out. */
export interface ActionResult {
  sessionId: string
  /** The events it appended that the caller's role may see (empty: nothing changed). */
  eventIds: number[]
}

export interface JoinResult extends ActionResult {
  /** The caller's party in the session. */
  partyId: string
}

/** The newest page of one transcript as each audience sees it. */
export interface CompareViewsResult {
  customer: TranscriptPage
  agent: TranscriptPage
  supervisor: TranscriptPage
}

export const TEST_CUSTOMER_STATES = ['TRANSCRIPT', 'DISCONNECTED'] as const
export type TestCustomerState = (typeof TEST_CUSTOMER_STATES)[number]

/** One `transcriptToShow` entry of the GMS chat object. */
export interface TestCustomerEntry {
  /** `Message.Text`, `Notice.Joined`, `Notice.Left`, `Notice.TypingStarted`, ... */
  type: string
  nickname: string
  text: string
  /** Seconds since the session started. */
  timeShift: number
  partyType: string
}

/** The test customer's chat as GMS answered the last call. */
export interface TestCustomerView {
  serviceId: string
  sessionId: string
  state: TestCustomerState
  /** The position the next refresh reads from. */
  transcriptPosition: number
  /** The entries this call brought (new since the previous call). */
  entries: TestCustomerEntry[]
}

/** Why a session's row in the list changed. */
export const LIST_CHANGES = ['created', 'parties', 'updated', 'closed'] as const
export type ListChange = (typeof LIST_CHANGES)[number]

/** New events of a session, already filtered for the receiver's role. */
export interface SessionUpdatePush {
  push: 'session-update'
  sessionId: string
  application: string
  endpoint: string
  state: SessionState
  /** Never empty; a change the role may not see is not pushed at all. */
  events: ChatEvent[]
  /**
   * The session after the change, as the receiver's role sees it: apply it instead of calling
   * `getSession` again. Its `lastEventId` only grows, so an older one is stale and dropped.
   */
  summary: SessionSummary
  /**
   * The idle timeline entries this change added, as the receiver's role sees them (often none):
   * append them to a timeline read with `idleTimeline` instead of reading it again.
   */
  idleEntries: IdleTimelineEntry[]
}

/** A session appeared, changed parties, language or state: reload that row (or the list). */
export interface SessionListChangedPush {
  push: 'session-list-changed'
  sessionId: string
  state: SessionState
  change: ListChange
  /** The row after the change, as the receiver's role sees it (upsert it; stale: dropped). */
  summary: SessionSummary
}

export type { DashboardPush }
export type ConsolePush =
  SessionUpdatePush | SessionListChangedPush | DashboardPush | RaisedHandsPush

/** An ESP fault (docs/esp.md, "Fault codes"), as it came over the wire. */
export type EspFaultInfo = z.infer<typeof espFaultSchema>

/** The ESP endpoint's answer, as it came over the wire (`src-shared/esp-wire.ts`). */
export type EspAnswerInfo = z.infer<typeof espAnswerSchema>

/** What `espSend` sent to the real ESP endpoint and what it answered. */
export interface EspSendResult {
  /** The request envelope exactly as sent (`POST /esp`). */
  request: {
    referenceId: number
    application?: string
    service: 'Chat'
    method: string
    interactionId: string
    parameters: Record<string, EspParameterValue>
    userData: Record<string, string>
  }
  answer: EspAnswerInfo
  /** Wall-clock milliseconds from sending to the answer. */
  elapsedMs: number
}
export type ConsolePushName = ConsolePush['push']
