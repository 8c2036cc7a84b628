/**
 * Live pushes for one console window. The engine's bus filters events for the window's role
 * before they reach this class (a role that may see none of a change hears nothing at all); this
 * class narrows an agent further to its part of the sessions and derives list changes from the
 * events the role saw, so a monitoring supervisor's join never moves an agent's list.
 */
import type { ConsolePush, ConsoleUser, ListChange } from '../../src-shared/console-api'
import type { ChatEvent } from '../../src-shared/domain'
import type { ChatEngine } from '../engine/chat-engine'
import type { SessionUpdate } from '../engine/engine-bus'
import type { Logger } from '../engine/ports'
import { isInScope } from './console-context'

export type PushListener = (push: ConsolePush) => void

/** Why a session's list row changed, judged from the events its audience saw; or none. */
export function listChangeOf(events: readonly ChatEvent[]): ListChange | undefined {
  if (events.some((event) => event.type === 'session-closed')) return 'closed'
  if (events.some((event) => event.eventId === 1)) return 'created'
  if (events.some((event) => event.type === 'party-joined' || event.type === 'party-left')) {
    return 'parties'
  }
  const isSettingsChange = (event: ChatEvent) =>
    event.type === 'notice' &&
    (event.noticeType === 'LANGUAGE_SET' || event.noticeType === 'IDLE_CONTROL_SET')
  return events.some(isSettingsChange) ? 'updated' : undefined
}

/** Subscribes to the bus under the signed-in user's role while anyone listens. */
export class ConsolePushFeed {
  private readonly listeners = new Set<PushListener>()
  private user: ConsoleUser | undefined
  private unsubscribeBus: (() => void) | undefined

  constructor(
    private readonly engine: ChatEngine,
    private readonly logger: Logger,
  ) {}

  /** A (new) user signed in: pushes follow its role from now on. */
  setUser(user: ConsoleUser | undefined): void {
    this.user = user
    this.resubscribe()
  }

  add(listener: PushListener): () => void {
    this.listeners.add(listener)
    if (!this.unsubscribeBus) this.resubscribe()
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) this.resubscribe()
    }
  }

  close(): void {
    this.listeners.clear()
    this.setUser(undefined)
  }

  private resubscribe(): void {
    this.unsubscribeBus?.()
    this.unsubscribeBus = undefined
    const user = this.user
    if (!user || this.listeners.size === 0) return
    this.unsubscribeBus = this.engine.bus.subscribe(user.role, (update) =>
      this.deliver(user, update),
    )
  }

  /** Each push carries the change: the events and the session as the user's role sees it. */
  private deliver(user: ConsoleUser, update: SessionUpdate): void {
    const { sessionId, application, endpoint, state, events } = update
    const summary = update.summarize?.() ?? this.engine.getSession(sessionId, user.role)
    if (!summary) return
    if (user.role === 'supervisor' || state === 'queued' || isInScope(summary, user)) {
      this.emit({
        push: 'session-update',
        sessionId,
        application,
        endpoint,
        state,
        events,
        summary,
        idleEntries: update.idleEntries?.() ?? [],
      })
    }
    const change = listChangeOf(events)
    if (change) this.emit({ push: 'session-list-changed', sessionId, state, change, summary })
  }

  /** Sends `push` to this window's listeners (also the dashboard's pushes). */
  emit(push: ConsolePush): void {
    for (const listener of this.listeners) {
      try {
        listener(push)
      } catch (error) {
        this.logger.error('console push listener failed', { push: push.push, error })
      }
    }
  }
}
