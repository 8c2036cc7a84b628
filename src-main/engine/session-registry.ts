import type { PartyType, SupervisorMode } from '../../src-shared/domain'
import type { ApplicationConfig } from './application-config'
import { ChatSession, SessionWrite } from './chat-session'
import type { EngineBus } from './engine-bus'
import { EngineError } from './engine-error'
import type { RunningPhase } from './idle-control'
import { RetainedTimelines, type IdleTimeline } from './idle-timeline'
import type { Clock, IdSource, PartyRecord, Persistence, SessionRecord } from './ports'

/** What a command appended, once it is committed. */
export interface CommandResult {
  sessionId: string
  eventIds: number[]
}

/** A party about to join; the registry gives it an id unique in its session. */
export interface NewParty {
  nickname: string
  type: PartyType
  userId?: string
  mode?: SupervisorMode
  isBot?: boolean
}

/** The registry's dependencies; `onIdleExpired` is what each session's idle timer calls. */
export interface SessionRegistryOptions {
  persistence: Persistence
  clock: Clock
  ids: IdSource
  bus: EngineBus
  onIdleExpired: (session: ChatSession, phase: RunningPhase) => void
}

/**
 * The open sessions held in memory, and the one way their changes leave the engine: `commit`
 * writes to the store, and only once the write is durable publishes to the bus and answers
 * (sessions.md, "Durability"). Closed sessions live in the store only.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, ChatSession>()
  /** Open sessions per application, kept up to date so the session limit is O(1) to check. */
  private readonly openCounts = new Map<string, number>()
  /** Idle timelines of recently closed sessions (the console explains why one closed). */
  private readonly closedTimelines = new RetainedTimelines()

  constructor(private readonly options: SessionRegistryOptions) {}

  /** Holds a new or restored session in memory (its timers are the caller's business). */
  add(
    application: ApplicationConfig,
    record: SessionRecord,
    parties: readonly PartyRecord[],
  ): ChatSession {
    const { clock, onIdleExpired } = this.options
    const session = new ChatSession(application, record, parties, clock, onIdleExpired)
    this.sessions.set(record.sessionId, session)
    this.adjustCount(application.name, +1)
    return session
  }

  private remove(session: ChatSession): void {
    if (!this.sessions.delete(session.sessionId)) return
    this.adjustCount(session.application.name, -1)
    this.closedTimelines.keep(session.sessionId, session.timeline)
  }

  /** The idle timeline of an open session, or of a recently closed one. */
  timelineOf(sessionId: string): IdleTimeline | undefined {
    return this.sessions.get(sessionId)?.timeline ?? this.closedTimelines.get(sessionId)
  }

  private adjustCount(application: string, delta: number): void {
    this.openCounts.set(application, (this.openCounts.get(application) ?? 0) + delta)
  }

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId)
  }

  get(sessionId: string): ChatSession | undefined {
    return this.sessions.get(sessionId)
  }

  /** The open session a command targets; a closed or unknown one is refused. */
  openSession(sessionId: string): ChatSession {
    const session = this.sessions.get(sessionId)
    if (session) return session
    if (this.options.persistence.loadSession(sessionId)) {
      throw new EngineError('session-closed', `Session ${sessionId} is closed`)
    }
    throw unknownSession(sessionId)
  }

  /** Refuses a session that exists neither in memory nor in the store. */
  assertKnown(sessionId: string): void {
    if (!this.sessions.has(sessionId) && !this.options.persistence.loadSession(sessionId)) {
      throw unknownSession(sessionId)
    }
  }

  /** Open sessions, of one application or of all. */
  count(application?: string): number {
    if (application === undefined) return this.sessions.size
    return this.openCounts.get(application) ?? 0
  }

  values(): IterableIterator<ChatSession> {
    return this.sessions.values()
  }

  /** A session id used by no session, open or stored. */
  newSessionId(): string {
    for (;;) {
      const id = this.options.ids.sessionId()
      if (!this.sessions.has(id) && !this.options.persistence.loadSession(id)) return id
    }
  }

  /**
   * A new party of `session`, present, with an id no other party of the session has: after a
   * restart a sequential id source starts again from 1 and would collide with restored parties.
   */
  newParty(session: ChatSession, party: NewParty): PartyRecord {
    let partyId = this.options.ids.partyId()
    while (session.parties.has(partyId)) partyId = this.options.ids.partyId()
    return {
      ...party,
      sessionId: session.sessionId,
      partyId,
      isPresent: true,
      joinedVisibility: 'ALL',
    }
  }

  /** Starts the writes of one command against `session`. */
  begin(session: ChatSession): SessionWrite {
    return new SessionWrite(session, this.options.clock)
  }

  /** Writes, then publishes, then answers with the ids of the events the command appended. */
  commit(write: SessionWrite): Promise<CommandResult> {
    const { session } = write
    const change = write.toChange()
    if (!session.isOpen) this.remove(session)
    const { sessionId, application, endpoint, state } = change.session
    return this.options.persistence.write(change).then(() => {
      this.options.bus.publish({ sessionId, application, endpoint, state }, change.events)
      return { sessionId, eventIds: change.events.map((event) => event.eventId) }
    })
  }
}

function unknownSession(sessionId: string): EngineError {
  return new EngineError('unknown-session', `No session ${JSON.stringify(sessionId)}`)
}
