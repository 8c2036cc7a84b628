/**
 * Applies a supervisor's `session-update` push to the side-by-side views without reading them
 * again. The push carries every new event (a supervisor sees them all, by event id); each other
 * audience sees exactly those its visibility admits, numbered on from its own last number with no
 * gap (docs/console-api.md), so its page can be extended here the way the engine numbers it.
 */
import type { CompareViewsResult, TranscriptPage } from '../../../src-shared/console-api'
import type { ChatEvent, Role } from '../../../src-shared/domain'
import { isVisibleTo } from '../../../src-shared/visibility'

/** Why the views must be read again instead: the push does not follow on from what is shown. */
export const RELOAD = 'reload'

/** Appends `added` to `page` and keeps its newest `pageSize` events, as a fresh read would. */
function extend(page: TranscriptPage, added: ChatEvent[], pageSize: number): TranscriptPage {
  if (added.length === 0) return page
  const events = [...page.events, ...added]
  const isTrimmed = events.length > pageSize
  return {
    events: isTrimmed ? events.slice(-pageSize) : events,
    hasMore: page.hasMore || isTrimmed,
  }
}

/** The pushed events `role` may see, numbered on from its page's last number. */
function seenBy(role: Role, page: TranscriptPage, pushed: ChatEvent[]): ChatEvent[] {
  let lastNumber = page.events.at(-1)?.eventId ?? 0
  return pushed
    .filter((event) => isVisibleTo(role, event.visibility))
    .map((event) => ({ ...event, eventId: ++lastNumber }))
}

/**
 * The views after the supervisor-numbered `pushed` events; the same views for a push already
 * applied (or older); `RELOAD` when events are missing between the views and the push (a push
 * was lost, or the views were read before the session's first event).
 */
export function applyPushedEvents(
  views: CompareViewsResult,
  pushed: ChatEvent[],
  pageSize: number,
): CompareViewsResult | typeof RELOAD {
  const lastShown = views.supervisor.events.at(-1)?.eventId ?? 0
  const fresh = pushed.filter((event) => event.eventId > lastShown)
  if (fresh.length === 0) return views
  if (fresh[0]!.eventId !== lastShown + 1) return RELOAD
  return {
    customer: extend(views.customer, seenBy('customer', views.customer, fresh), pageSize),
    agent: extend(views.agent, seenBy('agent', views.agent, fresh), pageSize),
    supervisor: extend(views.supervisor, fresh, pageSize),
  }
}
