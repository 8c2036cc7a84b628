import type {
  ChatEvent,
  IdleSettings,
  NewChatEvent,
  PartyType,
  Visibility,
} from '../../src-shared/domain'
import type {
  IdleTimelineEntry,
  IdleTimelineKind,
} from '../../src-shared/console-api/idle-timeline'
import type { ApplicationConfig, LanguageConfig } from './application-config'
import { idleVerdict } from './idle-activity'
import { IdleControlTimer, type RunningPhase } from './idle-control'
import { describeEvent, IdleTimeline, stopReason } from './idle-timeline'
import { effectiveIdleSettings, languageByCode } from './languages'
import type { Clock, PartyRecord, SessionChange, SessionRecord } from './ports'

/** An open session held in memory: its row, its parties and its idle timer. */
export class ChatSession {
  readonly parties = new Map<string, PartyRecord>()
  readonly idle: IdleControlTimer
  /** What happened to the idle timer and why (console's idle panel, the harness). */
  readonly timeline = new IdleTimeline()
  /**
   * The last event id this process appended with each visibility (0: none yet). Together with
   * `restoredLastEventId` it answers "the newest event a role can see" without a query.
   */
  readonly newestByVisibility: Record<Visibility, number> = { ALL: 0, INT: 0, VIP: 0 }
  /** `lastEventId` when the session was loaded: every event up to it is already in the store. */
  readonly restoredLastEventId: number

  constructor(
    readonly application: ApplicationConfig,
    readonly record: SessionRecord,
    parties: readonly PartyRecord[],
    private readonly clock: Clock,
    onIdleExpired: (session: ChatSession, phase: RunningPhase) => void,
  ) {
    for (const party of parties) this.parties.set(party.partyId, party)
    this.restoredLastEventId = record.lastEventId
    this.idle = new IdleControlTimer(clock, (phase) => onIdleExpired(this, phase))
  }

  get sessionId(): string {
    return this.record.sessionId
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
    if (!system) throw new Error(`session ${this.sessionId} has no SYSTEM party`)
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

  /** Idle timers run only while the session is open, enabled and an agent is in it. */
  refreshIdle(): void {
    const settings = this.idleSettings
    const wasRunning = this.idle.isRunning
    this.idle.setEligible(settings.enabled && this.isOpen && this.hasAgentPresent, settings)
    if (wasRunning === this.idle.isRunning) return
    if (this.idle.isRunning) {
      this.recordIdle('started', 'timers started: idle control on and an agent in the session')
    } else {
      this.recordIdle('stopped', stopReason(settings, this.isOpen))
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
  ): void {
    const { phase, deadline } = this.idle.status
    const time = this.clock.now()
    this.timeline.add({ time, kind, text, phase, deadline, visibility: 'INT', ...extra })
  }

  private partyOfType(type: PartyType): PartyRecord | undefined {
    for (const party of this.parties.values()) if (party.type === type) return party
    return undefined
  }
}

/**
 * The writes of one request against one session: events numbered and timed as they are
 * appended, and the parties they touched. Handed to the store as one atomic change.
 */
export class SessionWrite {
  readonly events: ChatEvent[] = []
  /** Set while the session closes: its parties' leaving is the close, not activity to explain. */
  isClosing = false
  private readonly touchedParties = new Map<string, PartyRecord>()

  constructor(
    readonly session: ChatSession,
    private readonly clock: Clock,
  ) {}

  /** Numbers and times the event; activity (sessions.md) sends the idle timer back to its start. */
  append(event: NewChatEvent): ChatEvent {
    const { record } = this.session
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
    this.session.newestByVisibility[full.visibility] = full.eventId
    const settings = this.session.idleSettings
    const sender = this.session.parties.get(full.partyId)
    const verdict = idleVerdict(full, settings.includeNotices, sender?.isBot === true)
    if (verdict.counts) this.session.idle.restart(settings)
    this.recordVerdict(full, sender, verdict, settings)
    return full
  }

  private recordVerdict(
    event: ChatEvent,
    sender: PartyRecord | undefined,
    verdict: ReturnType<typeof idleVerdict>,
    settings: IdleSettings,
  ): void {
    if (this.isClosing) return
    const line = describeEvent(event, sender, verdict, settings, this.session.idle.isRunning)
    if (!line) return
    this.session.recordIdle(line.kind, line.text, {
      eventId: event.eventId,
      visibility: event.visibility,
      ...(sender ? { nickname: sender.nickname, partyType: sender.type } : {}),
    })
  }

  touchParty(party: PartyRecord): void {
    this.session.parties.set(party.partyId, party)
    this.touchedParties.set(party.partyId, party)
  }

  /** A copy of everything to commit: later changes to the session must not leak into it. */
  toChange(): SessionChange {
    const { record } = this.session
    return {
      session: {
        ...record,
        userData: { ...record.userData },
        idleOverrides: { ...record.idleOverrides },
      },
      parties: [...this.touchedParties.values()].map((party) => ({ ...party })),
      events: this.events,
    }
  }
}
