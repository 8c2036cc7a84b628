import type { PartyType, Role, SessionSummary, SupervisorMode } from '../../src-shared/domain'
import type { ApplicationConfig } from './application-config'
import { ChatSession, SessionWrite } from './chat-session'
import type { EngineBus } from './engine-bus'
import { EngineError, toEngineFault } from './engine-error'
import type { RunningPhase } from './idle-control'
import { entriesSeenBy, RetainedTimelines, type IdleTimeline } from './idle-timeline'
import {
  type Clock,
  type IdSource,
  type PartyRecord,
  type Persistence,
  type SessionRecord,
} from './ports'

/** What a command appended, once it is committed. */
export interface CommandResult {
  sessionId: string
  /** The events' ids (what a supervisor sees). */
  eventIds: number[]
  /** The ids an agent and the customer know those events by (hidden ones left out). */
  seenBy?: { agent: number[]; customer: number[] }
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
  /** The session as a role sees it, for the bus's updates (the reader's `getSession`). */
  summarize?: (sessionId: string, role: Role) => SessionSummary | undefined
}

/**
 * The open sessions held in memory, and the one way their changes leave the engine: `commit`
 * writes to the store, and only once the write is durable applies it to the session, publishes
 * to the bus and answers (docs/sessions.md, "Durability"). A failed commit leaves no trace: the draft
 * goes back to what the store holds. Closed sessions live in the store only.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, ChatSession>()
  /** Open sessions per application, kept up to date so the session limit is O(1) to check. */
  private readonly openCounts = new Map<string, number>()
  /** Idle timelines of recently closed sessions (the console explains why one closed). */
  private readonly closedTimelines = new RetainedTimelines()

  constructor(private readonly options: SessionRegistryOptions) {}

  /**
   * Holds a session in memory (its timers are the caller's business): a restored one as stored,
   * a new one as a draft that readers see once its creation is committed.
   */
  add(
    application: ApplicationConfig,
    record: SessionRecord,
    parties: readonly PartyRecord[],
    isStored: boolean,
  ): ChatSession {
    const { clock, onIdleExpired } = this.options
    const session = new ChatSession(application, record, parties, clock, onIdleExpired, isStored)
    this.sessions.set(record.sessionId, session)
    this.adjustCount(application.name, +1)
    return session
  }

  private remove(session: ChatSession, options = { keepTimeline: true }): void {
    if (this.sessions.get(session.sessionId) !== session) return
    this.sessions.delete(session.sessionId)
    this.adjustCount(session.application.name, -1)
    if (options.keepTimeline) this.closedTimelines.keep(session.sessionId, session.timeline)
  }

  /** The idle timeline of an open session, or of a recently closed one. */
  timelineOf(sessionId: string): IdleTimeline | undefined {
    return this.get(sessionId)?.timeline ?? this.closedTimelines.get(sessionId)
  }

  private adjustCount(application: string, delta: number): void {
    this.openCounts.set(application, (this.openCounts.get(application) ?? 0) + delta)
  }

  /** True for a session held in memory, even one whose creation is not committed yet. */
  has(sessionId: string): boolean {
    return this.sessions.has(sessionId)
  }

  /** An open session as readers may see it: once its creation is committed. */
  get(sessionId: string): ChatSession | undefined {
    const session = this.sessions.get(sessionId)
    return session?.committed ? session : undefined
  }

  /**
   * The open session a command targets; a closed or unknown one is refused. A session whose
   * close is still being committed is closed already for the commands that follow.
   */
  openSession(sessionId: string): ChatSession {
    const session = this.sessions.get(sessionId)
    if (session?.isOpen) return session
    if (session) throw new EngineError('session-closed', `Session ${sessionId} is closed`)
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

  /**
   * Writes; once committed, applies the write to the session (and its idle timer), publishes
   * and answers with the ids of the events the command appended. If the commit fails, the
   * command rejects with an `EngineError` (`storage-full`, `storage-error`) or, for a bug, the
   * error itself, and the session is as the store has it.
   */
  commit(write: SessionWrite): Promise<CommandResult> {
    const after = write.session.draft.clone()
    const change = write.toChange(after)
    return this.options.persistence.write(change).then(
      () => {
        const { sessionId, application, endpoint, state } = change.session
        const { events, positions } = change
        write.session.committed = after
        events.forEach((event, index) => {
          const position = positions[index]?.customer
          if (position != null) write.session.customerTail.append(event, position)
        })
        const { timeline } = write.session
        const mark = timeline.mark
        write.runEffects()
        const added = timeline.since(mark)
        // Published while the session is still held, so its summary comes from memory.
        const summarize = this.options.summarize
        this.options.bus.publish(
          { sessionId, application, endpoint, state },
          events,
          positions,
          summarize && ((role) => summarize(sessionId, role)),
          (role) => entriesSeenBy(role, added),
        )
        if (!after.isOpen) this.retire(write.session)
        return {
          sessionId,
          eventIds: events.map((event) => event.eventId),
          seenBy: {
            agent: positions.flatMap((position) => position.agent ?? []),
            customer: positions.flatMap((position) => position.customer ?? []),
          },
        }
      },
      (error: unknown) => {
        this.rollBack(write)
        throw toEngineFault(error)
      },
    )
  }

  /** A closed session's close is committed: it leaves memory (closed ones live in the store). */
  private retire(session: ChatSession): void {
    session.idle.stop()
    this.remove(session)
  }

  /**
   * The store refused the write, and with it every later write of the session (decided on top
   * of it): the first of them puts the draft back to the committed session; a session whose
   * creation failed was never there.
   */
  private rollBack(write: SessionWrite): void {
    const { session } = write
    if (write.generation !== session.generation) return
    session.generation += 1
    if (!session.committed) {
      this.remove(session, { keepTimeline: false })
      return
    }
    session.draft = session.committed.clone()
  }
}

function unknownSession(sessionId: string): EngineError {
  return new EngineError('unknown-session', `No session ${JSON.stringify(sessionId)}`)
}
