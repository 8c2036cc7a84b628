import type { IdleTimelineResult } from '../../src-shared/console-api/idle-timeline'
import type {
  ChatEvent,
  Role,
  SessionSummary,
  SupervisorMode,
  Visibility,
} from '../../src-shared/domain'
import { REASON_CODES } from '../../src-shared/domain'
import type { IdleChange } from '../../src-shared/idle-settings'
import {
  DEFAULT_ENGINE_LIMITS,
  type ApplicationConfig,
  type EngineLimits,
} from './application-config'
import { appendHandover, type HandoverRequest } from './agent-handover'
import { ApplicationDirectory } from './application-directory'
import { EngineBus } from './engine-bus'
import { EngineError } from './engine-error'
import { commitIdleExpiry } from './idle-expiry'
import { RandomIdSource } from './ids'
import type { LanguageSelector } from './languages'
import {
  appendJoin,
  appendModeSwitch,
  findConsoleParty,
  joinExternal,
  presentParty,
} from './party-joins'
import type { Clock, EventPage, IdSource, Logger, Persistence, SessionQuery } from './ports'
import { appendContent, sendingVisibility, validateContent, type Content } from './session-content'
import { appendClose, appendCloseBy, appendLeave } from './session-closing'
import { SessionReader, type TranscriptPage } from './session-reader'
import { assertCapacity, beginNewSession, type CreateSessionRequest } from './session-creation'
import { SessionRegistry, type CommandResult } from './session-registry'
import { restoreOpenSessions } from './session-restore'
import {
  appendIdleChange,
  appendLanguageSwitch,
  appendUserDataMerge,
  selectLanguage,
} from './session-settings'
import { MODE_VISIBILITY } from './supervisor-modes'

export type { CommandResult } from './session-registry'
export type { Content } from './session-content'
export type { CreateSessionRequest } from './session-creation'

/** What the composition roots inject; ids default to random ones, the logger to silence. */
export interface ChatEngineOptions {
  applications: ApplicationConfig[]
  persistence: Persistence
  clock: Clock
  ids?: IdSource
  logger?: Logger
  limits?: EngineLimits
}

const silentLogger: Logger = { info() {}, warn() {}, error() {} }

/**
 * The chat-session engine: sessions, parties, events, visibility, idle control and languages.
 * Commands validate first and change nothing on refusal; their events are committed, then
 * published, then the command resolves. Reads are filtered per role with the one visibility rule.
 */
export class ChatEngine {
  readonly bus: EngineBus
  private readonly applications: ApplicationDirectory
  private readonly registry: SessionRegistry
  private readonly reader: SessionReader
  private readonly persistence: Persistence
  private readonly clock: Clock
  private readonly logger: Logger
  private readonly limits: EngineLimits

  constructor(options: ChatEngineOptions) {
    this.applications = new ApplicationDirectory(options.applications)
    this.persistence = options.persistence
    this.clock = options.clock
    this.logger = options.logger ?? silentLogger
    this.limits = options.limits ?? DEFAULT_ENGINE_LIMITS
    this.bus = new EngineBus((error) => this.logger.error('session listener failed', { error }))
    this.registry = new SessionRegistry({
      persistence: this.persistence,
      clock: this.clock,
      ids: options.ids ?? new RandomIdSource(),
      bus: this.bus,
      onIdleExpired: (session, phase) =>
        commitIdleExpiry(this.registry, session, phase, this.clock.now(), this.logger),
      summarize: (sessionId, role) => this.reader.getSession(sessionId, role),
    })
    this.reader = new SessionReader(this.registry, this.persistence, this.applications)
  }

  /** Loads the store's open sessions (see `restoreOpenSessions`); returns how many are open. */
  restore(): number {
    return restoreOpenSessions(this.registry, this.persistence, this.applications, this.logger)
  }

  /** The application called `name`, or the default (first) one. */
  application(name?: string): ApplicationConfig {
    return this.applications.get(name)
  }

  get applicationNames(): string[] {
    return this.applications.names
  }

  // ---- commands -------------------------------------------------------------------------------

  /** A customer's new chat, queued at its endpoint with the customer as its first party. */
  async createSession(
    request: CreateSessionRequest,
  ): Promise<CommandResult & { customerPartyId: string }> {
    const placement = this.applications.place(request)
    assertCapacity(this.registry, placement.application, this.limits)
    const now = this.clock.now()
    const { write, customer } = beginNewSession(this.registry, placement, request, now)
    const result = await this.registry.commit(write)
    return { ...result, customerPartyId: customer.partyId }
  }

  /** An agent accepts the chat (queued → active); accepting again changes nothing. */
  async joinAgent(
    sessionId: string,
    agent: { userId: string; nickname: string },
  ): Promise<CommandResult & { partyId: string }> {
    const session = this.registry.openSession(sessionId)
    const existing = findConsoleParty(session, agent.userId, 'AGENT')
    if (existing) return { sessionId, eventIds: [], partyId: existing.partyId }
    const write = this.registry.begin(session)
    const party = this.registry.newParty(session, { ...agent, type: 'AGENT' })
    if (session.record.state === 'queued') write.updateRow((record) => (record.state = 'active'))
    appendJoin(write, party, 'ALL')
    return { ...(await this.registry.commit(write)), partyId: party.partyId }
  }

  /**
   * An agent accepts a queued chat: like `joinAgent`, but refused with `conflict` once another
   * agent took it, even one whose accept is still being committed (the engine decides on its
   * draft, so two agents accepting at once cannot both win).
   */
  async accept(
    sessionId: string,
    agent: { userId: string; nickname: string },
  ): Promise<CommandResult & { partyId: string }> {
    const session = this.registry.openSession(sessionId)
    const isMine = findConsoleParty(session, agent.userId, 'AGENT') !== undefined
    if (session.record.state === 'active' && !isMine) {
      throw new EngineError(
        'conflict',
        `Session ${sessionId} was already accepted by another agent`,
      )
    }
    return this.joinAgent(sessionId, agent)
  }

  /** A supervisor joins in a mode; joining again while present switches the mode. */
  async joinSupervisor(
    sessionId: string,
    supervisor: { userId: string; nickname: string; mode: SupervisorMode },
  ): Promise<CommandResult & { partyId: string }> {
    const session = this.registry.openSession(sessionId)
    const existing = findConsoleParty(session, supervisor.userId, 'SUPERVISOR')
    if (existing) {
      const result = await this.setSupervisorMode(sessionId, existing.partyId, supervisor.mode)
      return { ...result, partyId: existing.partyId }
    }
    const write = this.registry.begin(session)
    const party = this.registry.newParty(session, { ...supervisor, type: 'SUPERVISOR' })
    appendJoin(write, party, MODE_VISIBILITY[supervisor.mode])
    return { ...(await this.registry.commit(write)), partyId: party.partyId }
  }

  /** A mode switch re-announces the supervisor to the audience of its new mode. */
  async setSupervisorMode(
    sessionId: string,
    partyId: string,
    mode: SupervisorMode,
  ): Promise<CommandResult> {
    const session = this.registry.openSession(sessionId)
    const party = presentParty(session, partyId)
    if (party.type !== 'SUPERVISOR') {
      throw new EngineError('forbidden', 'Only a supervisor has a mode')
    }
    if (party.mode === mode) return { sessionId, eventIds: [] }
    const write = this.registry.begin(session)
    appendModeSwitch(write, party, mode)
    return this.registry.commit(write)
  }

  /** A present party's message or notice (console, GMS). */
  async send(
    sessionId: string,
    request: { partyId: string; content: Content; visibility?: Visibility },
  ): Promise<CommandResult> {
    const session = this.registry.openSession(sessionId)
    const party = presentParty(session, request.partyId)
    const visibility = sendingVisibility(party, request.visibility)
    validateContent(request.content)
    const write = this.registry.begin(session)
    appendContent(write, party, request.content, visibility)
    return this.registry.commit(write)
  }

  /**
   * A workflow's message or notice (ESP). Its EXTERNAL party joins on first use of the nickname,
   * and joins again, wider, before its first event a wider audience can see (docs/esp.md, decision).
   */
  async sendAsExternal(
    sessionId: string,
    request: { nickname: string; visibility: Visibility; isBot?: boolean; content: Content },
  ): Promise<CommandResult> {
    const session = this.registry.openSession(sessionId)
    validateContent(request.content)
    const write = this.registry.begin(session)
    const party = joinExternal(write, request, (init) => this.registry.newParty(session, init))
    appendContent(write, party, request.content, request.visibility)
    return this.registry.commit(write)
  }

  /** Changes the session's idle control at once, and posts `IDLE_CONTROL_SET` naming `by`. */
  async configureIdle(
    sessionId: string,
    request: { change: IdleChange; by: string },
  ): Promise<CommandResult> {
    const session = this.registry.openSession(sessionId)
    const write = this.registry.begin(session)
    appendIdleChange(write, request.change, request.by)
    return this.registry.commit(write)
  }

  /** Switching to the current language succeeds and appends nothing (docs/esp.md). */
  async setLanguage(
    sessionId: string,
    request: { selector: LanguageSelector; by: string },
  ): Promise<CommandResult> {
    const session = this.registry.openSession(sessionId)
    const language = selectLanguage(session, request.selector)
    const write = this.registry.begin(session)
    appendLanguageSwitch(write, language, request.by)
    return this.registry.commit(write)
  }

  /**
   * Merges user data into an open session's (GMS v2 `updateData`); the keys the engine keeps
   * (`IsOnline`, `ChatServerAppName`, the language keys) are left unchanged. Appends no event.
   */
  async updateUserData(sessionId: string, changes: Record<string, string>): Promise<CommandResult> {
    const session = this.registry.openSession(sessionId)
    const write = this.registry.begin(session)
    appendUserDataMerge(write, changes)
    return this.registry.commit(write)
  }

  /**
   * A party leaves (customer: code 0 on its own, 3 for protocol inactivity). The session closes
   * once neither the customer nor any agent is left to talk.
   */
  async leave(
    sessionId: string,
    partyId: string,
    reasonCode: number = REASON_CODES.leftOnItsOwn,
  ): Promise<CommandResult> {
    const session = this.registry.openSession(sessionId)
    const party = presentParty(session, partyId)
    const write = this.registry.begin(session)
    appendLeave(write, party, reasonCode, this.clock.now())
    return this.registry.commit(write)
  }

  /** An agent (or supervisor) closes the session for everyone; the customer leaves with code 4. */
  async closeSession(sessionId: string, byPartyId: string): Promise<CommandResult> {
    const session = this.registry.openSession(sessionId)
    const closer = presentParty(session, byPartyId)
    const write = this.registry.begin(session)
    appendCloseBy(write, closer, this.clock.now())
    return this.registry.commit(write)
  }

  /** Transfer, conference or back to the queue (agent-handover.ts). */
  async handOver(
    sessionId: string,
    request: HandoverRequest,
  ): Promise<CommandResult & { partyId?: string }> {
    const session = this.registry.openSession(sessionId)
    const write = this.registry.begin(session)
    const newParty = (init: Parameters<SessionRegistry['newParty']>[1]) =>
      this.registry.newParty(session, init)
    const joined = appendHandover(write, request, newParty, this.clock.now())
    const result = await this.registry.commit(write)
    return joined ? { ...result, partyId: joined.partyId } : result
  }

  /** The GMS service's time to live ended: a chat still queued closes with code 5. */
  async expireQueued(sessionId: string): Promise<CommandResult> {
    const session = this.registry.openSession(sessionId)
    if (session.record.state !== 'queued') return { sessionId, eventIds: [] }
    const write = this.registry.begin(session)
    const ttl = { reason: 'ttl', customerReasonCode: REASON_CODES.removedBySystem } as const
    appendClose(write, ttl, this.clock.now())
    return this.registry.commit(write)
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** The session as `role` sees it; undefined for an unknown id. */
  getSession(sessionId: string, role: Role): SessionSummary | undefined {
    return this.reader.getSession(sessionId, role)
  }

  /** Sessions matching `query`, newest first, each as `role` sees it. */
  listSessions(query: SessionQuery, role: Role): SessionSummary[] {
    return this.reader.listSessions(query, role)
  }

  /** The events `role` may see, in order; committed events only. */
  readTranscript(sessionId: string, role: Role, page: TranscriptPage = {}): EventPage {
    return this.reader.readTranscript(sessionId, role, page)
  }

  /**
   * How many events the customer of a session can see: the GMS transcript position of the
   * newest one. The engine numbers them; an open session answers from memory, without SQL.
   */
  customerPosition(sessionId: string): number {
    return this.reader.lastCustomerPosition(sessionId)
  }

  /**
   * The customer's entries from a 1-based position among customer-visible events (GMS). A poll
   * with nothing new (position past the newest) is answered from memory.
   */
  readCustomerEntries(
    sessionId: string,
    position: number,
  ): { events: ChatEvent[]; nextPosition: number } {
    return this.reader.readCustomerEntries(sessionId, position)
  }

  /** The session's idle-timer timeline as `role` sees it; undefined for an unknown id. */
  readIdleTimeline(
    sessionId: string,
    role: Role,
  ): Omit<IdleTimelineResult, 'serverTime'> | undefined {
    return this.reader.readIdleTimeline(sessionId, role)
  }

  /** Open sessions, of one application or of all. */
  openSessionCount(application?: string): number {
    return this.registry.count(application)
  }

  /** Resolves once every command so far is committed and published. */
  async flush(): Promise<void> {
    await this.persistence.flush()
    await Promise.resolve()
  }

  /** Stops every timer; open sessions stay open in the store (docs/sessions.md, lifecycle). */
  async shutdown(): Promise<void> {
    for (const session of this.registry.values()) session.idle.stop()
    await this.flush()
  }
}
