/**
 * "Save as scenario" (docs/harness.md, "Record and replay"): the session as a runnable scenario, read
 * as the caller's role sees it, so an agent's recording holds no VIP event.
 */
import type { ChatEvent } from '../../src-shared/domain'
import { recordingFromSummary, recordScenario } from '../harness/session-recording'
import { readableSession, type ConsoleHandlers } from './console-context'

const PAGE = 500

export const RECORD_HANDLERS: ConsoleHandlers<'recordScenario'> = {
  recordScenario(context, { sessionId }) {
    const { role } = context.user
    const summary = readableSession(context, sessionId)
    const events: ChatEvent[] = []
    for (;;) {
      const afterEventId = events.at(-1)?.eventId ?? 0
      const page = context.engine.readTranscript(sessionId, role, { afterEventId, limit: PAGE })
      events.push(...page.events)
      if (!page.hasMore) break
    }
    const yaml = recordScenario(recordingFromSummary(summary, events), role)
    return { sessionId, fileName: `session-${sessionId}.yaml`, yaml }
  },
}
