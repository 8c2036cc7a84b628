/**
 * The dashboard and export methods (docs/dashboard.md). Exports are read through the engine's
 * role-filtered read path, so an export holds exactly what its audience saw; an agent may export
 * only chats it took part in, and never the supervisors' view.
 */
import type { ConsolePush, ExportResult } from '../../src-shared/console-api'
import type { ChatEvent, Role } from '../../src-shared/domain'
import type { ChatEngine } from '../engine/chat-engine'
import {
  buildTranscriptExport,
  EXPORT_MEDIA_TYPES,
  renderExport,
  type ExportFormat,
} from '../export/transcript-export'
import type { ConsoleContext, ConsoleHandlers } from './console-context'
import { ConsoleApiError } from './console-errors'
import type { DashboardFeed } from './dashboard-feed'

function eventsSeenBy(engine: ChatEngine, sessionId: string, audience: Role): ChatEvent[] {
  // The customer's view is what GMS serves: the customer-visible entries, in position order.
  if (audience === 'customer') return engine.readCustomerEntries(sessionId, 1).events
  return engine.readTranscript(sessionId, audience).events
}

function checkExportAccess(context: ConsoleContext, sessionId: string, audience: Role): void {
  const { user, engine } = context
  if (user.role === 'supervisor') return
  if (audience === 'supervisor') {
    throw new ConsoleApiError(
      'forbidden',
      'An agent may export what the customer or an agent saw, not the supervisors’ view',
      'audience',
    )
  }
  const summary = engine.getSession(sessionId, 'agent')
  if (!summary) throw new ConsoleApiError('unknown-session', `No session ${sessionId}`)
  const isOwn = summary.parties.some((party) => party.type === 'AGENT' && party.userId === user.id)
  if (!isOwn) {
    throw new ConsoleApiError(
      'forbidden',
      `Session ${sessionId} is not one of your chats, so you may not export it`,
    )
  }
}

export function exportTranscript(
  context: ConsoleContext,
  params: { sessionId: string; audience: Role; format: ExportFormat },
): ExportResult {
  const { sessionId, audience, format } = params
  checkExportAccess(context, sessionId, audience)
  // Parties as the audience's own role would list them (a customer reads the agents' list,
  // filtered further by the events it saw).
  const summary = context.engine.getSession(sessionId, audience === 'customer' ? 'agent' : audience)
  if (!summary) throw new ConsoleApiError('unknown-session', `No session ${sessionId}`)
  const document = buildTranscriptExport(
    audience,
    {
      sessionId,
      application: summary.application,
      endpoint: summary.endpoint,
      startedAt: Date.parse(summary.startedAt),
      closedAt: summary.closedAt === null ? null : Date.parse(summary.closedAt),
      closeReason: summary.closeReason,
      language: summary.language,
      userData: summary.userData,
    },
    summary.parties,
    eventsSeenBy(context.engine, sessionId, audience),
  )
  return {
    sessionId,
    audience,
    format,
    fileName: `transcript-${sessionId}-${audience}.${format}`,
    mediaType: EXPORT_MEDIA_TYPES[format],
    content: renderExport(document, format),
  }
}

/** What the handlers need of their window. */
export interface DashboardWindow {
  /** Emits a push to this window's listeners (the window checks the role again). */
  emit(push: ConsolePush): void
}

function requireFeed(feed: DashboardFeed | undefined): DashboardFeed {
  if (!feed) {
    throw new ConsoleApiError('internal-error', 'The dashboard is not available without the store')
  }
  return feed
}

/** The handlers of one window. */
export function dashboardHandlers(
  window: DashboardWindow,
  feed: DashboardFeed | undefined,
): ConsoleHandlers<'exportTranscript' | 'dashboard.subscribe' | 'dashboard.unsubscribe'> {
  return {
    exportTranscript,
    'dashboard.subscribe': (_context, choice) =>
      requireFeed(feed).subscribe(window, choice, (snapshot) =>
        window.emit({ push: 'dashboard', snapshot }),
      ),
    'dashboard.unsubscribe': () => {
      feed?.unsubscribe(window)
      return { isSubscribed: false }
    },
  }
}
