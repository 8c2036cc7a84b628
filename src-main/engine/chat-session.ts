import { CustomerEntryTail } from './customer-entry-tail'
import type { ChatEvent, IdleSettings, NewChatEvent, PartyType } from '../../src-shared/domain'
import { isVisibleTo } from '../../src-shared/visibility'
import type {
  IdleTimelineEntry,
  IdleTimelineKind,
} from '../../src-shared/console-api/idle-timeline'
import type { ApplicationConfig, LanguageConfig } from './application-config'
import { idleVerdict } from './idle-activity'
import { IdleControlTimer, type RunningPhase } from './idle-control'
import { describeEvent, IdleTimeline, stopReason } from './idle-timeline'
import { effectiveIdleSettings, languageByCode } from './languages'
import type { Clock, EventPositions, PartyRecord, SessionChange, SessionRecord } from './ports'

/**
 * One version of a session: its row and its parties. A session has two: what the store holds
 * (`committed`) and what the next command decides on (`draft`: the committed one plus the
 * commands whose commit is still in flight).
 */
export class SessionState {
  constructor(
    readonly application: ApplicationConfig,
    readonly record: SessionRecord,
    readonly parties: Map<string, PartyRecord>,
  ) {}

  /**
   * An independent copy. Party records are replaced, never changed, and the row's objects
   * (user data, idle overrides) are copied before a change (`SessionWrite.updateRow`), so
   * sharing them is safe and a message's commit copies almost nothing.
   */
  clone(): SessionState {
    return new SessionState(this.application, { ...this.record }, new Map(this.parties))
  }

  get isOpen(): boolean {
    return this.record.state !== 'closed'
  }

  /** Application defaults, then the language's own texts, then this session's overrides. */
  get idleSettings(): IdleSettings {
    return effectiveIdleSettings(this.application, this.language, this.record.idleOverrides)
  }

  get language(): LanguageConfig | undefined {
    return languageByCode(this.application, this.record.languageCode)
  }

  get systemParty(): PartyRecord {
    const system = this.partyOfType('SYSTEM')
    if (!system) throw new Error(`session ${this.record.sessionId} has no SYSTEM party`)
    return system
  }

  get customer(): PartyRecord | undefined {
    return this.partyOfType('CLIENT')
  }

  get hasAgentPresent(): boolean {
    for (const party of this.parties.values()) {
      if (party.type === 'AGENT' && party.isPresent) return true
    }
    return false
  }

  /** Present parties other than SYSTEM, the customer first. */
  presentParties(): PartyRecord[] {
    return [...this.parties.values()]
      .filter((party) => party.isPresent && party.type !== 'SYSTEM')
      .sort((a, b) => Number(b.type === 'CLIENT') - Number(a.type === 'CLIENT'))
  }

  private partyOfType(type: PartyType): PartyRecord | undefined {
    for (const party of this.parties.values()) if (party.type === type) return party
    return undefined
  }
}

/**
 * A session held in memory while open. Commands decide on `draft` (the getters below read it);
 * readers, the bus and the idle timer see `committed` only, which a command's changes reach once
 * the store has committed them (docs/sessions.md, "Durability").
 */
export class ChatSession {
  /** What the store holds; undefined while the session's creation is not committed yet. */
  committed: SessionState | undefined
  /** What the next command decides on: `committed` plus every write still in flight. */
  draft: SessionState
  readonly idle: IdleControlTimer
  /** What happened to the idle timer and why (console's idle panel, the harness). */
  readonly timeline = new IdleTimeline()
  /** The newest committed events the customer sees, for GMS polls. */
  readonly customerTail = new CustomerEntryTail()
  /**
   * Bumped when a failed commit rolls the draft back: writes begun before it were decided on
   * the failed one and fail with it, so only the first of them rolls back.
   */
  generation = 0

  constructor(
    readonly application: ApplicationConfig,
    record: SessionRecord,
    parties: readonly PartyRecord[],
    private readonly clock: Clock,
    onIdleExpired: (session: ChatSession, phase: RunningPhase) => void,
    isStored: boolean,
  ) {
    const state = new SessionState(
      application,
      record,
      new Map(parties.map((party) => [party.partyId, party])),
    )
    this.draft = state
    this.committed = isStored ? state.clone() : undefined
    this.idle = new IdleControlTimer(clock, (phase) => onIdleExpired(this, phase))
  }

  get sessionId(): string {
    return this.draft.record.sessionId
  }

  // ---- the draft, for commands ----------------------------------------------------------------

  get record(): SessionRecord {
    return this.draft.record
  }

  get parties(): Map<string, PartyRecord> {
    return this.draft.parties
  }

  get isOpen(): boolean {
    return this.draft.isOpen
  }

  get idleSettings(): IdleSettings {
    return this.draft.idleSettings
  }

  get language(): LanguageConfig | undefined {
    return this.draft.language
  }

  get systemParty(): PartyRecord {
    return this.draft.systemParty
  }

  get customer(): PartyRecord | undefined {
    return this.draft.customer
  }

  get hasAgentPresent(): boolean {
    return this.draft.hasAgentPresent
  }

  presentParties(): PartyRecord[] {
    return this.draft.presentParties()
  }

  // ---- the idle timer, which follows the committed session ------------------------------------

  /** Idle timers run only while the session is open, enabled and an agent is in it. */
  refreshIdle(): void {
    const state = this.committed
    if (!state) return
    const settings = state.idleSettings
    const wasRunning = this.idle.isRunning
    this.idle.setEligible(settings.enabled && state.isOpen && state.hasAgentPresent, settings)
    if (wasRunning === this.idle.isRunning) return
    if (this.idle.isRunning) {
      this.recordIdle('started', 'timers started: idle control on and an agent in the session')
    } else {
      this.recordIdle('stopped', stopReason(settings, state.isOpen))
    }
  }

  /** Adds a timeline entry with the timer's phase and deadline as they are now. */
  recordIdle(
    kind: IdleTimelineKind,
    text: string,
    extra: Pick<
      Partial<IdleTimelineEntry>,
      'eventId' | 'nickname' | 'partyType' | 'by' | 'visibility'
    > = {},
    /** The causing event's positions, so each audience reads it by its own id. */
    positions?: EventPositions,
  ): void {
    const { phase, deadline } = this.idle.status
    const time = this.clock.now()
    this.timeline.add({ time, kind, text, phase, deadline, visibility: 'INT', ...extra }, positions)
  }
}

/**
 * The writes of one command against one session: events numbered and timed as they are
 * appended to the draft, the parties they touched, and what follows once they are committed
 * (the idle timer, its timeline). Handed to the store as one atomic change.
 */
export class SessionWrite {
  readonly events: ChatEvent[] = []
  /** Each event's place among what the customer and an agent see (null: hidden from them). */
  readonly positions: EventPositions[] = []
  /** Set while the session closes: its parties' leaving is the close, not activity to explain. */
  isClosing = false
  /** The draft's generation when this write began (see `ChatSession.generation`). */
  readonly generation: number
  private readonly touchedParties = new Map<string, PartyRecord>()
  private readonly effects: (() => void)[] = []
  /** True once the session's row changed (or the session is new): only then is it written. */
  private isRowChanged: boolean

  constructor(
    readonly session: ChatSession,
    private readonly clock: Clock,
  ) {
    this.generation = session.generation
    this.isRowChanged = session.committed === undefined && session.draft.record.lastEventId === 0
  }

  /**
   * Changes the session's row (state, language, user data, idle overrides) on the draft. Every
   * change of the row goes through here: a write that never calls it leaves the stored row
   * alone (a message moves the counters only, which the events carry).
   */
  updateRow(change: (record: SessionRecord) => void): void {
    const { record } = this.session.draft
    // Copied first: the committed session may share these objects with the draft.
    record.userData = { ...record.userData }
    record.idleOverrides = { ...record.idleOverrides }
    change(record)
    this.isRowChanged = true
  }

  /** Runs `effect` once the write is committed, in the order effects were added; never if not. */
  afterCommit(effect: () => void): void {
    this.effects.push(effect)
  }

  /** What the commit makes true in memory (the registry calls it once the store committed). */
  runEffects(): void {
    for (const effect of this.effects) effect()
  }

  /**
   * Numbers and times the event, and each audience's position of it, on the draft. Once
   * committed, activity (docs/sessions.md) sends the idle timer back to its start.
   */
  append(event: NewChatEvent): ChatEvent {
    const { session } = this
    const { record } = session.draft
    const time = this.clock.now()
    record.lastEventId += 1
    const full = {
      ...event,
      sessionId: record.sessionId,
      eventId: record.lastEventId,
      time,
      timeShift: Math.max(0, Math.floor((time - record.startedAt) / 1000)),
    } as ChatEvent
    this.events.push(full)
    const positions = {
      customer: isVisibleTo('customer', full.visibility) ? ++record.customerPosition : null,
      agent: isVisibleTo('agent', full.visibility) ? ++record.agentPosition : null,
    }
    this.positions.push(positions)
    const isClosing = this.isClosing
    this.afterCommit(() => this.applyActivity(full, positions, isClosing))
    return full
  }

  /** The positions of the event appended last (what an idle timeline entry names). */
  get lastPositions(): EventPositions | undefined {
    return this.positions.at(-1)
  }

  private applyActivity(event: ChatEvent, positions: EventPositions, isClosing: boolean): void {
    const { session } = this
    const settings = session.committed?.idleSettings ?? session.idleSettings
    const sender = session.committed?.parties.get(event.partyId)
    const verdict = idleVerdict(event, settings.includeNotices, sender?.isBot === true)
    if (verdict.counts) session.idle.restart(settings)
    if (isClosing) return
    const line = describeEvent(event, sender, verdict, settings, session.idle.isRunning)
    if (!line) return
    session.recordIdle(
      line.kind,
      line.text,
      {
        eventId: event.eventId,
        visibility: event.visibility,
        ...(sender ? { nickname: sender.nickname, partyType: sender.type } : {}),
      },
      positions,
    )
  }

  touchParty(party: PartyRecord): void {
    this.session.draft.parties.set(party.partyId, party)
    this.touchedParties.set(party.partyId, party)
  }

  /**
   * The change to commit, from `after` (a copy of the draft as this write leaves it, so later
   * commands cannot leak into it). The row is written only when something besides the counters
   * changed: a message's session row stays as it is.
   */
  toChange(after: SessionState): SessionChange {
    return {
      session: after.record,
      isRowChanged: this.isRowChanged,
      parties: [...this.touchedParties.values()].map((party) => ({ ...party })),
      events: this.events,
      positions: this.positions,
    }
  }
}
