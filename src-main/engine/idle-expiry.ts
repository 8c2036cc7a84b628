import { REASON_CODES } from '../../src-shared/domain'
import type { ChatSession, SessionWrite } from './chat-session'
import type { RunningPhase } from './idle-control'
import type { Logger } from './ports'
import { appendClose } from './session-closing'
import type { SessionRegistry } from './session-registry'

/** The setting holding the text each expiry posts. */
const PHASE_TEXT = {
  alert: 'messageAlert',
  alert2: 'messageAlert2',
  close: 'messageClose',
} as const satisfies Record<RunningPhase, string>

/**
 * What the expiry of an idle phase posts (docs/sessions.md): SYSTEM's `IDLE_CONTROL_ALERT` and the
 * next phase, or at the end `IDLE_CONTROL_CLOSE`, the customer removed with code 7 and the
 * session closed for `idle`. An empty text still posts the notice, with no text.
 */
export function appendIdleExpiry(write: SessionWrite, phase: RunningPhase, now: number): void {
  const { session } = write
  const settings = session.idleSettings
  write.append({
    type: 'notice',
    noticeType: phase === 'close' ? 'IDLE_CONTROL_CLOSE' : 'IDLE_CONTROL_ALERT',
    partyId: session.systemParty.partyId,
    visibility: 'ALL',
    text: settings[PHASE_TEXT[phase]],
  })
  if (phase === 'close') {
    appendClose(write, { reason: 'idle', customerReasonCode: REASON_CODES.sessionInactivity }, now)
  } else {
    // The timer moves on from the expiry, not from its commit a tick later: the next phase is
    // timed from the alert the customer sees. A failed commit starts it again (below).
    session.idle.advanceAfter(phase, settings)
  }
  write.afterCommit(() => session.recordIdle(phase, EXPIRY_TEXTS[phase], { visibility: 'ALL' }))
}

/** The timeline line of each expiry. */
const EXPIRY_TEXTS = {
  alert: 'timeout-alert expired: first alert posted',
  alert2: 'timeout-alert2 expired: second alert posted',
  close: 'timeout-close expired: session closed for inactivity, customer removed with code 7',
} as const satisfies Record<RunningPhase, string>

/**
 * What an idle timer calls: posts the expiry and commits it. A timer has no caller to answer, so
 * a failed commit can only be logged.
 */
export function commitIdleExpiry(
  registry: SessionRegistry,
  session: ChatSession,
  phase: RunningPhase,
  now: number,
  logger: Logger,
): void {
  if (!session.isOpen) return
  const write = registry.begin(session)
  appendIdleExpiry(write, phase, now)
  registry.commit(write).catch((error: unknown) => {
    logger.error('idle control could not commit', { sessionId: session.sessionId, error })
    // Nothing was posted; counting again from the first alert beats a timer that never fires.
    if (registry.get(session.sessionId) === session) session.idle.restart(session.idleSettings)
  })
}
