import type { IdleTimelineEntry } from '../../src-shared/console-api/idle-timeline'
import type { ChatEvent, Role, SessionState, SessionSummary } from '../../src-shared/domain'
import { eventSeenBy } from './audience-views'
import type { EventPositions } from './ports'

/** What a subscriber hears after a commit: the events its role may see, and the session state. */
export interface SessionUpdate {
  sessionId: string
  application: string
  endpoint: string
  state: SessionState
  /** Only events visible to the subscriber's role; never empty. */
  events: ChatEvent[]
  /**
   * The session after the change, as the subscriber's role sees it: made on first call (once per
   * role and change), so a subscriber that never asks costs nothing. Absent in bare tests.
   */
  summarize?: () => SessionSummary | undefined
  /** The idle timeline entries this change added, as the subscriber's role sees them. */
  idleEntries?: () => IdleTimelineEntry[]
}

/** A subscriber; it must not throw (a throw is logged and the others still hear). */
export type SessionListener = (update: SessionUpdate) => void

interface Subscription {
  role: Role
  listener: SessionListener
}

/**
 * Fans committed events out to subscribers, each filtered by its role with the one visibility
 * rule. A role that can see none of a change's events hears nothing at all: hidden events leave
 * no trace (docs/console-api.md).
 */
export class EngineBus {
  private readonly subscriptions = new Set<Subscription>()

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  subscribe(role: Role, listener: SessionListener): () => void {
    const subscription = { role, listener }
    this.subscriptions.add(subscription)
    return () => this.subscriptions.delete(subscription)
  }

  /**
   * Hands each subscriber the events its role may see, numbered as that role numbers them
   * (`positions[i]` belongs to `events[i]`): an agent's ids have no gap.
   */
  publish(
    update: Omit<SessionUpdate, 'events' | 'summarize' | 'idleEntries'>,
    events: readonly ChatEvent[],
    positions: readonly EventPositions[],
    summarize?: (role: Role) => SessionSummary | undefined,
    idleEntries?: (role: Role) => IdleTimelineEntry[],
  ): void {
    // One summary per role, made only for roles someone listens as.
    const summaries = new Map<Role, SessionSummary | undefined>()
    const summaryFor = (role: Role) => {
      if (!summaries.has(role)) summaries.set(role, summarize?.(role))
      return summaries.get(role)
    }
    for (const { role, listener } of this.subscriptions) {
      const visible = events.flatMap((event, index) => {
        const seen = eventSeenBy(role, event, positions[index] ?? { agent: null, customer: null })
        return seen ? [seen] : []
      })
      if (visible.length === 0) continue
      try {
        const withSummary = summarize ? { summarize: () => summaryFor(role) } : {}
        const withEntries = idleEntries ? { idleEntries: () => idleEntries(role) } : {}
        listener({ ...update, events: visible, ...withSummary, ...withEntries })
      } catch (error) {
        this.onListenerError(error)
      }
    }
  }
}
