import type { IdleTimelineResult } from '../../src-shared/console-api/idle-timeline'
import type { ChatEvent, Role, SessionSummary } from '../../src-shared/domain'
import { visibilitiesFor } from '../../src-shared/visibility'
import type { ApplicationDirectory } from './application-directory'
import type { ChatSession, SessionState } from './chat-session'
import { EngineError } from './engine-error'
import { effectiveIdleSettings, languageByCode } from './languages'
import type { EventPage, Persistence, SessionQuery } from './ports'
import type { SessionRegistry } from './session-registry'
import { summarize } from './session-records'

/** A page of a transcript: forward from `afterEventId`, or back from `beforeEventId`. */
export interface TranscriptPage {
  afterEventId?: number
  beforeEventId?: number
  limit?: number
}

const OFF = { phase: 'off', deadline: null, phaseStartedAt: null } as const

/**
 * The read side: every read is for a role and filtered with the one visibility rule
 * (sessions.md, "Visibility"). Open sessions are read from memory, closed ones from the store.
 */
export class SessionReader {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly persistence: Persistence,
    private readonly applications: ApplicationDirectory,
  ) {}

  getSession(sessionId: string, role: Role): SessionSummary | undefined {
    const open = this.registry.get(sessionId)
    if (open) return this.summarizeOpen(open, role)
    const stored = this.persistence.loadSession(sessionId)
    if (!stored) return undefined
    const { session: record, parties } = stored
    const application =
      this.applications.find(record.application) ?? this.applications.defaultApplication
    const language = languageByCode(application, record.languageCode)
    const view = {
      record,
      parties,
      idleControl: effectiveIdleSettings(application, language, record.idleOverrides),
      idleStatus: OFF,
      language,
      lastVisibleEventId:
        role === 'supervisor' ? record.lastEventId : this.newestStoredEventId(sessionId, role),
    }
    return summarize(view, role)
  }

  listSessions(query: SessionQuery, role: Role): SessionSummary[] {
    return this.persistence
      .listSessions({ ...query, role })
      .map((record) => this.getSession(record.sessionId, role))
      .filter((summary): summary is SessionSummary => summary !== undefined)
  }

  readTranscript(sessionId: string, role: Role, page: TranscriptPage = {}): EventPage {
    this.registry.assertKnown(sessionId)
    return this.persistence.readEvents(sessionId, { ...page, visibilities: visibilitiesFor(role) })
  }

  /**
   * The customer's entries from a 1-based position among customer-visible events (GMS). An open
   * session's position is in memory, so a poll with nothing new reads nothing from the store.
   */
  readCustomerEntries(
    sessionId: string,
    position: number,
  ): { events: ChatEvent[]; nextPosition: number } {
    const last = this.lastCustomerPosition(sessionId)
    const events =
      position > last ? [] : this.persistence.readCustomerEntriesFrom(sessionId, position)
    return { events, nextPosition: last + 1 }
  }

  /** How many events the customer of a session can see; refused for an unknown session. */
  lastCustomerPosition(sessionId: string): number {
    const open = this.registry.get(sessionId)?.committed
    if (open) return open.record.customerPosition
    const stored = this.persistence.loadSession(sessionId)
    if (!stored) throw new EngineError('unknown-session', `No session ${JSON.stringify(sessionId)}`)
    return stored.session.customerPosition
  }

  /**
   * The idle timeline as `role` may see it, with the session's idle status and settings now;
   * undefined for an unknown session. A closed session's timeline is kept for a while only: after
   * that its entries are empty.
   */
  readIdleTimeline(
    sessionId: string,
    role: Role,
  ): Omit<IdleTimelineResult, 'serverTime'> | undefined {
    const summary = this.getSession(sessionId, 'supervisor')
    if (!summary) return undefined
    const read = this.registry.timelineOf(sessionId)?.read(role)
    const entries = read?.entries ?? []
    const lastChange = entries.findLast((entry) => entry.kind === 'settings')
    return {
      sessionId,
      status: summary.idleStatus,
      settings: summary.idleControl,
      entries,
      droppedEntries: read?.droppedEntries ?? 0,
      lastSettingsChange: lastChange
        ? { by: lastChange.by ?? '', time: lastChange.time, text: lastChange.text }
        : null,
    }
  }

  private summarizeOpen(session: ChatSession, role: Role): SessionSummary {
    const state = session.committed ?? session.draft
    const view = {
      record: state.record,
      parties: [...state.parties.values()],
      idleControl: state.idleSettings,
      idleStatus: session.idle.status,
      language: state.language,
      lastVisibleEventId: this.newestOpenEventId(session, state, role),
    }
    return summarize(view, role)
  }

  /**
   * Any event appended since the session was loaded is newer than every stored one; only when
   * the role has seen none of those does the store have to say.
   */
  private newestOpenEventId(session: ChatSession, state: SessionState, role: Role): number {
    if (role === 'supervisor') return state.record.lastEventId
    const appended = Math.max(...visibilitiesFor(role).map((v) => state.newestByVisibility[v]))
    if (appended > 0 || session.restoredLastEventId === 0) return appended
    return this.newestStoredEventId(session.sessionId, role, session.restoredLastEventId + 1)
  }

  private newestStoredEventId(
    sessionId: string,
    role: Role,
    beforeEventId = Number.MAX_SAFE_INTEGER,
  ): number {
    const visibilities = visibilitiesFor(role)
    const page = this.persistence.readEvents(sessionId, { visibilities, beforeEventId, limit: 1 })
    return page.events[0]?.eventId ?? 0
  }
}
