import type { ChatEvent, Role, SessionState } from '../../src-shared/domain'
import { isVisibleTo } from '../../src-shared/visibility'

/** What a subscriber hears after a commit: the events its role may see, and the session state. */
export interface SessionUpdate {
  sessionId: string
  application: string
  endpoint: string
  state: SessionState
  /** Only events visible to the subscriber's role; never empty. */
  events: ChatEvent[]
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
 * no trace (console.md).
 */
export class EngineBus {
  private readonly subscriptions = new Set<Subscription>()

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  subscribe(role: Role, listener: SessionListener): () => void {
    const subscription = { role, listener }
    this.subscriptions.add(subscription)
    return () => this.subscriptions.delete(subscription)
  }

  publish(update: Omit<SessionUpdate, 'events'>, events: readonly ChatEvent[]): void {
    for (const { role, listener } of this.subscriptions) {
      const visible = events.filter((event) => isVisibleTo(role, event.visibility))
      if (visible.length === 0) continue
      try {
        listener({ ...update, events: visible })
      } catch (error) {
        this.onListenerError(error)
      }
    }
  }
}
