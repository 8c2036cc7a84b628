import type {
  ChatEvent,
  Role,
  SessionSummary,
  SupervisorMode,
  UserNoticeType,
  Visibility,
} from '../../src-shared/domain'
import { REASON_CODES } from '../../src-shared/domain'
import type { IdleChange } from '../../src-shared/idle-settings'
import { maySendWith, visibilitiesFor } from '../../src-shared/visibility'
import {
  DEFAULT_ENGINE_LIMITS,
  type ApplicationConfig,
  type EngineLimits,
} from './application-config'
import { ChatSession, SessionWrite } from './chat-session'
import { EngineBus } from './engine-bus'
import { EngineError } from './engine-error'
import { describeIdleChange, mergeIdleChange } from './idle-change'
import type { RunningPhase } from './idle-control'
import { RandomIdSource } from './ids'
import { findLanguage, idleText, initialLanguage, type LanguageSelector } from './languages'
import type {
  Clock,
  EventPage,
  IdSource,
  Logger,
  PartyRecord,
  Persistence,
  SessionQuery,
} from './ports'
import { appendClose, appendPartyLeft } from './session-closing'
import { openSessionRecord, summarize } from './session-records'
import { isAtLeastAsWide, MODE_VISIBILITY } from './supervisor-modes'

export interface ChatEngineOptions {
  applications: ApplicationConfig[]
  persistence: Persistence
  clock: Clock
  ids?: IdSource
  logger?: Logger
  limits?: EngineLimits
}

/** What a command appended, once it is committed. */
export interface CommandResult {
  sessionId: string
  eventIds: number[]
}

export interface CreateSessionRequest {
  application?: string
  endpoint?: string
  userData?: Record<string, string>
  customerNickname: string
}

/** What a message or notice carries, from whichever party sends it. */
export type Content =
  | { kind: 'message'; text: string; messageType?: string }
  | { kind: 'notice'; noticeType: UserNoticeType; text: string }

const MAX_TEXT_LENGTH = 16384

const silentLogger: Logger = { info() {}, warn() {}, error() {} }

/**
 * The chat-session engine: sessions, parties, events, visibility, idle control and languages.
 * Commands validate first and change nothing on refusal; their events are committed, then
 * published, then the command resolves. Reads are filtered per role with the one visibility rule.
 */
export class ChatEngine {
  readonly bus: EngineBus
  private readonly sessions = new Map<string, ChatSession>()
  private readonly applications: ApplicationConfig[]
  private readonly persistence: Persistence
  private readonly clock: Clock
  private readonly ids: IdSource
  private readonly logger: Logger
  private readonly limits: EngineLimits

  constructor(options: ChatEngineOptions) {
    if (options.applications.length === 0) throw new TypeError('applications must not be empty')
    this.applications = options.applications
    this.persistence = options.persistence
    this.clock = options.clock
    this.ids = options.ids ?? new RandomIdSource()
    this.logger = options.logger ?? silentLogger
    this.limits = options.limits ?? DEFAULT_ENGINE_LIMITS
    this.bus = new EngineBus((error) => this.logger.error('session listener failed', { error }))
  }

  /**
   * Loads the open sessions of the store. Decision (sessions.md): running idle timers start again
   * from now, so a restart never mass-closes sessions for the time the server was down.
   */
  restore(): number {
    for (const { session: record, parties } of this.persistence.loadOpenSessions()) {
      const application = this.applications.find((app) => app.name === record.application)
      if (!application) {
        this.logger.warn('open session of an application no longer configured stays closed', {
          sessionId: record.sessionId,
          application: record.application,
        })
        continue
      }
      const session = this.newSession(application, record, parties)
      session.refreshIdle()
    }
    return this.sessions.size
  }

  /** The application called `name`, or the default (first) one. */
  application(name?: string): ApplicationConfig {
    if (name === undefined) return this.applications[0]!
    const application = this.applications.find((app) => app.name === name)
    if (!application)
      throw new EngineError('unknown-application', `No application named ${JSON.stringify(name)}`)
    return application
  }

  get applicationNames(): string[] {
    return this.applications.map((app) => app.name)
  }

  // ---- commands -------------------------------------------------------------------------------

  async createSession(
    request: CreateSessionRequest,
  ): Promise<CommandResult & { customerPartyId: string }> {
    const application = this.resolveApplication(request)
    const endpoint = request.endpoint ?? application.endpoints[0]!
    if (this.openSessionCount(application.name) >= this.limits.maxOpenSessions) {
      throw new EngineError(
        'overloaded',
        `${application.name} is at its limit of ${this.limits.maxOpenSessions} open sessions`,
      )
    }
    const userData = { ...request.userData }
    const language = initialLanguage(application, userData)
    const record = openSessionRecord({
      sessionId: this.uniqueSessionId(),
      application,
      endpoint,
      startedAt: this.clock.now(),
      userData,
      language,
    })
    const system = this.newParty(record.sessionId, {
      nickname: application.systemNickname,
      type: 'SYSTEM',
    })
    const customer = this.newParty(record.sessionId, {
      nickname: request.customerNickname,
      type: 'CLIENT',
    })
    const session = this.newSession(application, record, [])
    const write = new SessionWrite(session, this.clock)
    write.touchParty(system)
    this.appendJoin(write, customer)
    const result = await this.commit(write)
    return { ...result, customerPartyId: customer.partyId }
  }

  async joinAgent(
    sessionId: string,
    agent: { userId: string; nickname: string },
  ): Promise<CommandResult & { partyId: string }> {
    const session = this.openSession(sessionId)
    const existing = this.findConsoleParty(session, agent.userId)
    if (existing?.isPresent) return { sessionId, eventIds: [], partyId: existing.partyId }
    const party = this.newParty(sessionId, { ...agent, type: 'AGENT' })
    const write = new SessionWrite(session, this.clock)
    this.appendJoin(write, party)
    if (session.record.state === 'queued') session.record.state = 'active'
    return { ...(await this.commit(write)), partyId: party.partyId }
  }

  async joinSupervisor(
    sessionId: string,
    supervisor: { userId: string; nickname: string; mode: SupervisorMode },
  ): Promise<CommandResult & { partyId: string }> {
    const session = this.openSession(sessionId)
    const existing = this.findConsoleParty(session, supervisor.userId)
    if (existing?.isPresent) {
      const result = await this.setSupervisorMode(sessionId, existing.partyId, supervisor.mode)
      return { ...result, partyId: existing.partyId }
    }
    const party = this.newParty(sessionId, { ...supervisor, type: 'SUPERVISOR' })
    party.joinedVisibility = MODE_VISIBILITY[supervisor.mode]
    const write = new SessionWrite(session, this.clock)
    this.appendJoin(write, party)
    return { ...(await this.commit(write)), partyId: party.partyId }
  }

  /** A mode switch re-announces the supervisor to the audience of its new mode. */
  async setSupervisorMode(
    sessionId: string,
    partyId: string,
    mode: SupervisorMode,
  ): Promise<CommandResult> {
    const session = this.openSession(sessionId)
    const party = this.presentParty(session, partyId)
    if (party.type !== 'SUPERVISOR')
      throw new EngineError('forbidden', 'Only a supervisor has a mode')
    if (party.mode === mode) return { sessionId, eventIds: [] }
    const write = new SessionWrite(session, this.clock)
    this.appendJoin(write, { ...party, mode, joinedVisibility: MODE_VISIBILITY[mode] })
    return this.commit(write)
  }

  async send(
    sessionId: string,
    request: { partyId: string; content: Content; visibility?: Visibility },
  ): Promise<CommandResult> {
    const session = this.openSession(sessionId)
    const party = this.presentParty(session, request.partyId)
    const visibility = this.sendingVisibility(party, request.visibility)
    validateContent(request.content)
    const write = new SessionWrite(session, this.clock)
    this.appendContent(write, party, request.content, visibility)
    return this.commit(write)
  }

  /**
   * A workflow's message or notice (ESP). Its EXTERNAL party joins on first use of the nickname,
   * and joins again, wider, before its first event a wider audience can see (esp.md, decision).
   */
  async sendAsExternal(
    sessionId: string,
    request: { nickname: string; visibility: Visibility; isBot?: boolean; content: Content },
  ): Promise<CommandResult> {
    const session = this.openSession(sessionId)
    validateContent(request.content)
    const write = new SessionWrite(session, this.clock)
    let party = [...session.parties.values()].find(
      (candidate) => candidate.type === 'EXTERNAL' && candidate.nickname === request.nickname,
    )
    if (!party) {
      party = this.newParty(sessionId, { nickname: request.nickname, type: 'EXTERNAL' })
      party.joinedVisibility = request.visibility
      party.isBot = request.isBot === true
      this.appendJoin(write, party)
    } else if (!isAtLeastAsWide(party.joinedVisibility, request.visibility)) {
      party = { ...party, joinedVisibility: request.visibility }
      this.appendJoin(write, party)
    }
    this.appendContent(write, party, request.content, request.visibility)
    return this.commit(write)
  }

  async configureIdle(
    sessionId: string,
    request: { change: IdleChange; by: string },
  ): Promise<CommandResult> {
    const session = this.openSession(sessionId)
    const before = session.idleSettings
    session.record.idleOverrides = mergeIdleChange(session.record.idleOverrides, request.change)
    const after = session.idleSettings
    const write = new SessionWrite(session, this.clock)
    write.append({
      type: 'notice',
      noticeType: 'IDLE_CONTROL_SET',
      partyId: session.systemParty.partyId,
      visibility: 'INT',
      text: describeIdleChange(before, after, request.by),
    })
    session.idle.applySettings(after)
    session.refreshIdle()
    return this.commit(write)
  }

  /** Switching to the current language succeeds and appends nothing (esp.md). */
  async setLanguage(
    sessionId: string,
    request: { selector: LanguageSelector; by: string },
  ): Promise<CommandResult> {
    const session = this.openSession(sessionId)
    const language = findLanguage(session.application, request.selector)
    if (!language) {
      const named = request.selector.code ?? request.selector.name ?? ''
      throw new EngineError(
        'unknown-language',
        `${session.application.name} has no language ${JSON.stringify(named)}`,
      )
    }
    if (language.code === session.record.languageCode) return { sessionId, eventIds: [] }
    session.record.languageCode = language.code
    session.record.userData.GCTI_LanguageCode = language.code
    session.record.userData.GCTI_LanguageName = language.name
    const write = new SessionWrite(session, this.clock)
    write.append({
      type: 'notice',
      noticeType: 'LANGUAGE_SET',
      partyId: session.systemParty.partyId,
      visibility: 'INT',
      text: `Language set to ${language.name} (${language.code}) by ${request.by}`,
    })
    return this.commit(write)
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
    const session = this.openSession(sessionId)
    const party = this.presentParty(session, partyId)
    const write = new SessionWrite(session, this.clock)
    appendPartyLeft(write, party, reasonCode)
    const isCustomerGone = !session.customer?.isPresent
    if (isCustomerGone && !session.hasAgentPresent) {
      appendClose(
        write,
        { reason: 'customer-left', customerReasonCode: reasonCode },
        this.clock.now(),
      )
    }
    session.refreshIdle()
    return this.commit(write)
  }

  /** An agent closes the session for everyone; the customer leaves with code 4. */
  async closeSession(sessionId: string, byPartyId: string): Promise<CommandResult> {
    const session = this.openSession(sessionId)
    const closer = this.presentParty(session, byPartyId)
    if (closer.type !== 'AGENT' && closer.type !== 'SUPERVISOR') {
      throw new EngineError(
        'forbidden',
        'Only an agent or a supervisor in the session can close it',
      )
    }
    const write = new SessionWrite(session, this.clock)
    appendClose(
      write,
      { reason: 'agent-closed', customerReasonCode: REASON_CODES.removedByParty, closedBy: closer },
      this.clock.now(),
    )
    return this.commit(write)
  }

  /** The GMS service's time to live ended: a chat still queued closes with code 5. */
  async expireQueued(sessionId: string): Promise<CommandResult> {
    const session = this.openSession(sessionId)
    if (session.record.state !== 'queued') return { sessionId, eventIds: [] }
    const write = new SessionWrite(session, this.clock)
    appendClose(
      write,
      { reason: 'ttl', customerReasonCode: REASON_CODES.removedBySystem },
      this.clock.now(),
    )
    return this.commit(write)
  }

  // ---- reads ----------------------------------------------------------------------------------

  getSession(sessionId: string, role: Role): SessionSummary | undefined {
    const open = this.sessions.get(sessionId)
    if (open)
      return summarize(
        open.record,
        [...open.parties.values()],
        open.idleSettings,
        open.idle.status,
        role,
        open.language,
      )
    const stored = this.persistence.loadSession(sessionId)
    if (!stored) return undefined
    const application = this.applications.find((app) => app.name === stored.session.application)
    const settings = {
      ...(application ?? this.applications[0]!).idleDefaults,
      ...stored.session.idleOverrides,
    }
    const language = application?.languages.find(
      (lang) => lang.code === stored.session.languageCode,
    )
    return summarize(
      stored.session,
      stored.parties,
      settings,
      { phase: 'off', deadline: null, phaseStartedAt: null },
      role,
      language,
    )
  }

  listSessions(query: SessionQuery, role: Role): SessionSummary[] {
    return this.persistence
      .listSessions({ ...query, role })
      .map((record) => this.getSession(record.sessionId, role))
      .filter((summary): summary is SessionSummary => summary !== undefined)
  }

  readTranscript(
    sessionId: string,
    role: Role,
    page: { afterEventId?: number; beforeEventId?: number; limit?: number } = {},
  ): EventPage {
    this.knownSession(sessionId)
    return this.persistence.readEvents(sessionId, { ...page, visibilities: visibilitiesFor(role) })
  }

  /** The customer's entries from a 1-based position among customer-visible events (GMS). */
  readCustomerEntries(
    sessionId: string,
    position: number,
  ): { events: ChatEvent[]; nextPosition: number } {
    this.knownSession(sessionId)
    const visibilities = visibilitiesFor('customer')
    const events = this.persistence.readEventsFromPosition(sessionId, visibilities, position)
    return { events, nextPosition: this.persistence.countEvents(sessionId, visibilities) + 1 }
  }

  openSessionCount(application?: string): number {
    if (application === undefined) return this.sessions.size
    let count = 0
    for (const session of this.sessions.values())
      if (session.application.name === application) count += 1
    return count
  }

  /** Resolves once every command so far is committed and published. */
  async flush(): Promise<void> {
    await this.persistence.flush()
    await Promise.resolve()
  }

  /** Stops every timer; open sessions stay open in the store (sessions.md, lifecycle). */
  async shutdown(): Promise<void> {
    for (const session of this.sessions.values()) session.idle.stop()
    await this.flush()
  }

  // ---- internals ------------------------------------------------------------------------------

  private resolveApplication(request: CreateSessionRequest): ApplicationConfig {
    if (request.application !== undefined) {
      const application = this.application(request.application)
      if (request.endpoint !== undefined && !application.endpoints.includes(request.endpoint)) {
        throw new EngineError(
          'invalid-parameter',
          `${application.name} has no endpoint ${request.endpoint}`,
          'endpoint',
        )
      }
      return application
    }
    if (request.endpoint === undefined) return this.application()
    const owner = this.applications.find((app) => app.endpoints.includes(request.endpoint!))
    if (!owner)
      throw new EngineError(
        'invalid-parameter',
        `No application hosts endpoint ${request.endpoint}`,
        'endpoint',
      )
    return owner
  }

  private uniqueSessionId(): string {
    for (;;) {
      const id = this.ids.sessionId()
      if (!this.sessions.has(id) && !this.persistence.loadSession(id)) return id
    }
  }

  private newSession(
    application: ApplicationConfig,
    record: ChatSession['record'],
    parties: PartyRecord[],
  ): ChatSession {
    const session = new ChatSession(application, record, parties, this.clock, (expired, phase) =>
      this.onIdleExpired(expired, phase),
    )
    this.sessions.set(record.sessionId, session)
    return session
  }

  private newParty(
    sessionId: string,
    party: { nickname: string; type: PartyRecord['type']; userId?: string; mode?: SupervisorMode },
  ): PartyRecord {
    return {
      sessionId,
      partyId: this.ids.partyId(),
      isPresent: true,
      joinedVisibility: 'ALL',
      ...party,
    }
  }

  private appendJoin(write: SessionWrite, party: PartyRecord): void {
    write.touchParty({ ...party, isPresent: true })
    const { partyId, nickname, type, userId, mode } = party
    write.append({
      type: 'party-joined',
      partyId,
      visibility: party.joinedVisibility,
      party: { partyId, nickname, type, ...(userId ? { userId } : {}), ...(mode ? { mode } : {}) },
    })
    write.session.refreshIdle()
  }

  private appendContent(
    write: SessionWrite,
    party: PartyRecord,
    content: Content,
    visibility: Visibility,
  ): void {
    const base = { partyId: party.partyId, visibility }
    if (content.kind === 'message') {
      write.append({
        ...base,
        type: 'message',
        text: content.text,
        ...(content.messageType ? { messageType: content.messageType } : {}),
      })
    } else {
      write.append({ ...base, type: 'notice', noticeType: content.noticeType, text: content.text })
    }
  }

  /** A supervisor's default is its mode's audience; it may narrow that, never widen it. */
  private sendingVisibility(party: PartyRecord, requested: Visibility | undefined): Visibility {
    const modeVisibility = party.mode ? MODE_VISIBILITY[party.mode] : 'ALL'
    const visibility = requested ?? modeVisibility
    if (!maySendWith(party.type, visibility)) {
      throw new EngineError(
        'forbidden',
        `A ${party.type} party may not send with visibility ${visibility}`,
        'Visibility',
      )
    }
    if (party.type === 'SUPERVISOR' && !isAtLeastAsWide(modeVisibility, visibility)) {
      throw new EngineError(
        'forbidden',
        `A supervisor in ${party.mode} mode may not send with visibility ${visibility}; switch to barge-in first`,
        'Visibility',
      )
    }
    return visibility
  }

  private onIdleExpired(session: ChatSession, phase: RunningPhase): void {
    if (!session.isOpen) return
    const settings = session.idleSettings
    const language = session.language
    const system = session.systemParty
    const write = new SessionWrite(session, this.clock)
    const textKey =
      phase === 'alert' ? 'messageAlert' : phase === 'alert2' ? 'messageAlert2' : 'messageClose'
    write.append({
      type: 'notice',
      noticeType: phase === 'close' ? 'IDLE_CONTROL_CLOSE' : 'IDLE_CONTROL_ALERT',
      partyId: system.partyId,
      visibility: 'ALL',
      text: idleText(textKey, session.record.idleOverrides, language, session.application),
    })
    if (phase === 'close') {
      appendClose(
        write,
        { reason: 'idle', customerReasonCode: REASON_CODES.sessionInactivity },
        this.clock.now(),
      )
    } else {
      session.idle.advanceAfter(phase, settings)
    }
    this.commit(write).catch((error: unknown) =>
      this.logger.error('idle control could not commit', { sessionId: session.sessionId, error }),
    )
  }

  private commit(write: SessionWrite): Promise<CommandResult> {
    const { session } = write
    const change = write.toChange()
    if (!session.isOpen) this.sessions.delete(session.sessionId)
    const { sessionId, application, endpoint, state } = change.session
    return this.persistence.write(change).then(() => {
      this.bus.publish({ sessionId, application, endpoint, state }, change.events)
      return { sessionId, eventIds: change.events.map((event) => event.eventId) }
    })
  }

  private openSession(sessionId: string): ChatSession {
    const session = this.sessions.get(sessionId)
    if (session) return session
    if (this.persistence.loadSession(sessionId)) {
      throw new EngineError('session-closed', `Session ${sessionId} is closed`)
    }
    throw new EngineError('unknown-session', `No session ${JSON.stringify(sessionId)}`)
  }

  private knownSession(sessionId: string): void {
    if (!this.sessions.has(sessionId) && !this.persistence.loadSession(sessionId)) {
      throw new EngineError('unknown-session', `No session ${JSON.stringify(sessionId)}`)
    }
  }

  private presentParty(session: ChatSession, partyId: string): PartyRecord {
    const party = session.parties.get(partyId)
    if (!party || !party.isPresent) {
      throw new EngineError(
        'unknown-party',
        `Party ${partyId} is not in session ${session.sessionId}`,
      )
    }
    return party
  }

  private findConsoleParty(session: ChatSession, userId: string): PartyRecord | undefined {
    return [...session.parties.values()].find((party) => party.userId === userId && party.isPresent)
  }
}

function validateContent(content: Content): void {
  const parameter = content.kind === 'message' ? 'MessageText' : 'NoticeText'
  if (content.kind === 'message' && content.text.length === 0) {
    throw new EngineError('missing-parameter', 'A message needs a text', parameter)
  }
  if (content.text.length > MAX_TEXT_LENGTH) {
    throw new EngineError(
      'invalid-parameter',
      `${parameter} is longer than ${MAX_TEXT_LENGTH} characters`,
      parameter,
    )
  }
}
