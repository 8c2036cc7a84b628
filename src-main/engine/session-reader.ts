import type { IdleTimelineResult } from '../../src-shared/console-api/idle-timeline'
import type { ChatEvent, Role, SessionSummary } from '../../src-shared/domain'
import { visibilitiesFor } from '../../src-shared/visibility'
import type { ApplicationDirectory } from './application-directory'
import { numberingFor } from './audience-views'
import type { ChatSession } from './chat-session'
import { EngineError } from './engine-error'
import { effectiveIdleSettings, languageByCode } from './languages'
import type { EventPage, PartyRecord, Persistence, SessionQuery, SessionRecord } from './ports'
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
 * (docs/sessions.md, "Visibility"). Open sessions are read from memory, closed ones from the store.
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
    return this.summarizeStored(stored.session, stored.parties, role)
  }

  /**
   * Sessions matching `query`, each as `role` sees it: open ones from memory, the parties of
   * closed ones in one read, so a long list costs two queries, not one per row.
   */
  listSessions(query: SessionQuery, role: Role): SessionSummary[] {
    const records = this.persistence.listSessions({ ...query, role })
    const stored = records.filter((record) => !this.registry.get(record.sessionId))
    const parties = this.persistence.loadParties(stored.map((record) => record.sessionId))
    return records.map((record) => {
      const open = this.registry.get(record.sessionId)
      if (open) return this.summarizeOpen(open, role)
      return this.summarizeStored(record, parties.get(record.sessionId) ?? [], role)
    })
  }

  private summarizeStored(
    record: SessionRecord,
    parties: readonly PartyRecord[],
    role: Role,
  ): SessionSummary {
    const application =
      this.applications.find(record.application) ?? this.applications.defaultApplication
    const language = languageByCode(application, record.languageCode)
    const view = {
      record,
      parties,
      idleControl: effectiveIdleSettings(application, language, record.idleOverrides),
      idleStatus: OFF,
      language,
      lastVisibleEventId: newestSeenBy(record, role),
    }
    return summarize(view, role)
  }

  readTranscript(sessionId: string, role: Role, page: TranscriptPage = {}): EventPage {
    this.registry.assertKnown(sessionId)
    return this.persistence.readEvents(sessionId, {
      ...page,
      visibilities: visibilitiesFor(role),
      numbering: numberingFor(role),
    })
  }

  /**
   * The customer's entries from a 1-based position among customer-visible events (GMS). An open
   * session's position and newest entries are in memory, so a poll reads the store only for
   * entries further back than those.
   */
  readCustomerEntries(
    sessionId: string,
    position: number,
  ): { events: ChatEvent[]; nextPosition: number } {
    const last = this.lastCustomerPosition(sessionId)
    if (position > last) return { events: [], nextPosition: last + 1 }
    const events =
      this.registry.get(sessionId)?.customerTail.from(position) ??
      this.persistence.readCustomerEntriesFrom(sessionId, position)
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
      lastVisibleEventId: newestSeenBy(state.record, role),
    }
    return summarize(view, role)
  }
}

/** The id `role` knows the newest event it can see by: its count of the events it sees. */
function newestSeenBy(record: SessionRecord, role: Role): number {
  if (role === 'agent') return record.agentPosition
  if (role === 'customer') return record.customerPosition
  return record.lastEventId
}
