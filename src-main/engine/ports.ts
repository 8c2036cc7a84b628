/**
 * What the engine needs from the outside world, injected by the composition roots (`cli.ts`,
 * `index.ts`, the harness). The engine imports no I/O of its own.
 */
import type {
  ChatEvent,
  CloseReason,
  IdleSettings,
  Party,
  Role,
  SessionState,
  Visibility,
} from '../../src-shared/domain'

/** Identifies a timer set on a `Clock`, to clear it. */
export type TimerHandle = { readonly id: number }

/** Time source and timers. `SystemClock` in production, `VirtualClock` in tests and the harness. */
export interface Clock {
  /** UTC milliseconds. */
  now(): number
  /** Calls `callback` once `now()` reaches `at` (UTC ms); a past `at` fires as soon as possible. */
  setTimer(at: number, callback: () => void): TimerHandle
  clearTimer(handle: TimerHandle): void
}

/** Where session and party ids come from: random in production, sequential in tests. */
export interface IdSource {
  /** 16 characters `[0-9A-Za-z]`. */
  sessionId(): string
  /** 16 upper-case hex characters. */
  partyId(): string
}

/** Structured logging; the engine logs what no caller can be told (timer failures). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/** A party as stored: the domain party plus what the engine needs to restore it. */
export interface PartyRecord extends Party {
  sessionId: string
  /** The widest visibility this party's joins have had (EXTERNAL parties re-join wider). */
  joinedVisibility: Visibility
}

/** The session row: everything needed to restore an open session after a restart. */
export interface SessionRecord {
  sessionId: string
  application: string
  endpoint: string
  state: SessionState
  /** UTC ms. */
  startedAt: number
  closedAt: number | null
  closeReason: CloseReason | null
  languageCode: string | null
  userData: Record<string, string>
  /** Only the settings changed for this session; the rest come from the application. */
  idleOverrides: Partial<IdleSettings>
  /** The newest event id (0: none). The engine numbers events; the store reads it off them. */
  lastEventId: number
  /** How many events the customer can see: the GMS transcript position of the newest one. */
  customerPosition: number
  /** How many events an agent can see: the id an agent knows the newest one by. */
  agentPosition: number
}

/**
 * An event's place in each audience's view, numbered by the engine (1, 2, 3 ... with no gap);
 * null for an audience that cannot see it. Supervisors see every event: theirs is the event id.
 */
export interface EventPositions {
  customer: number | null
  agent: number | null
}

/** One request's worth of writes; committed atomically, in the order `write` was called. */
export interface SessionChange {
  /** The session as the request leaves it. */
  session: SessionRecord
  /** False when only the counters moved (a message): the store then leaves the row alone. */
  isRowChanged: boolean
  /** Parties added or changed by this request. */
  parties: PartyRecord[]
  events: ChatEvent[]
  /** `positions[i]` belongs to `events[i]`. */
  positions: EventPositions[]
}

/**
 * Why the store could not commit a change: the disk is full, or another I/O error (a read-only
 * or vanished file, a failing device). Nothing of the change was stored. Anything else a write
 * rejects with is a bug.
 */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError'
  constructor(
    readonly reason: 'disk-full' | 'io',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** Filters of a session list (docs/console-api.md); all optional, combined with AND. */
export interface SessionQuery {
  /** `open` is `queued` or `active`. */
  state?: 'open' | 'closed' | 'any' | 'queued' | 'active'
  application?: string
  endpoint?: string
  /** Console user id of an agent party. */
  agentUserId?: string
  /** With `agentUserId`: only sessions that agent is in now (not one it left). */
  isAgentPresent?: boolean
  languageCode?: string
  /** Substring of a message or notice text the given role can see. */
  text?: string
  /** The role the search runs for (visibility of matched texts). */
  role?: Role
  limit?: number
}

/** A page of a transcript, in event order. */
export interface EventPage {
  events: ChatEvent[]
  /** True when more events follow the page. */
  hasMore: boolean
}

/**
 * How a read numbers events: by the session's event id (supervisors see every event), or by an
 * audience's positions (`EventPositions`), so that audience's view is 1, 2, 3 ... with no gap.
 */
export type EventNumbering = 'event' | 'agent' | 'customer'

/** Which events of a session to read, for one audience. */
export interface EventQuery {
  /** Only events the given visibilities cover (from `visibilitiesFor(role)`). */
  visibilities: readonly Visibility[]
  /** Default `event`; the ids below and in the answer are in this numbering. */
  numbering?: EventNumbering
  /** Events with `eventId > afterEventId` (default 0). */
  afterEventId?: number
  /** Events with `eventId < beforeEventId`, newest first up to `limit`, returned in order. */
  beforeEventId?: number
  limit?: number
}

/**
 * Durable storage of sessions, parties and events: it appends what it is given and answers
 * reads; the engine numbers everything and keeps the state of open sessions. Writes are queued
 * and committed in call order; the promise resolves once the change is durable (group commit per
 * tick is allowed). Reads see committed data only.
 *
 * A change that cannot be committed rejects (a {@link StoreWriteError} for disk and I/O trouble)
 * and nothing of it is stored. Every change of the same session queued after it rejects with it
 * (it was decided on top of the failed one); changes of other sessions are committed without it.
 */
export interface Persistence {
  write(change: SessionChange): Promise<void>
  /** Resolves once every write queued so far is committed. */
  flush(): Promise<void>
  loadOpenSessions(): { session: SessionRecord; parties: PartyRecord[] }[]
  loadSession(sessionId: string): { session: SessionRecord; parties: PartyRecord[] } | undefined
  readEvents(sessionId: string, query: EventQuery): EventPage
  /** Number of events of a session the given visibilities cover. */
  countEvents(sessionId: string, visibilities: readonly Visibility[]): number
  /**
   * The `position`-th (1-based) customer-visible event and every one after it. Positions are
   * stored with the events, so this costs the same on the 10th entry and the 100,000th.
   */
  readCustomerEntriesFrom(sessionId: string, position: number): ChatEvent[]
  listSessions(query: SessionQuery): SessionRecord[]
  /** The parties of several sessions in one read, in join order (a list needs no per-row read). */
  loadParties(sessionIds: readonly string[]): Map<string, PartyRecord[]>
  close(): void
}
