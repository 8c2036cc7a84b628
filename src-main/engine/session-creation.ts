import type { ApplicationConfig, EngineLimits } from './application-config'
import type { SessionWrite } from './chat-session'
import { EngineError } from './engine-error'
import { initialLanguage } from './languages'
import { appendJoin } from './party-joins'
import type { PartyRecord } from './ports'
import { openSessionRecord } from './session-records'
import type { SessionRegistry } from './session-registry'

/** A customer's request for a new chat (GMS `ixn/chat`, the harness). */
export interface CreateSessionRequest {
  application?: string
  endpoint?: string
  userData?: Record<string, string>
  customerNickname: string
}

/** Refuses a new session once its application holds `maxOpenSessions` open ones. */
export function assertCapacity(
  registry: SessionRegistry,
  application: ApplicationConfig,
  limits: EngineLimits,
): void {
  if (registry.count(application.name) < limits.maxOpenSessions) return
  throw new EngineError(
    'overloaded',
    `${application.name} is at its limit of ${limits.maxOpenSessions} open sessions`,
  )
}

/**
 * Opens a queued session in the registry, with its SYSTEM party (which never posts a join) and
 * the customer's join as its first event. The caller commits the returned write.
 */
export function beginNewSession(
  registry: SessionRegistry,
  placement: { application: ApplicationConfig; endpoint: string },
  request: CreateSessionRequest,
  now: number,
): { write: SessionWrite; customer: PartyRecord } {
  const { application, endpoint } = placement
  const userData = { ...request.userData }
  const record = openSessionRecord({
    sessionId: registry.newSessionId(),
    application,
    endpoint,
    startedAt: now,
    userData,
    language: initialLanguage(application, userData),
  })
  const session = registry.add(application, record, [], false)
  const write = registry.begin(session)
  const nickname = application.systemNickname
  write.touchParty(registry.newParty(session, { nickname, type: 'SYSTEM' }))
  const customer = registry.newParty(session, {
    nickname: request.customerNickname,
    type: 'CLIENT',
  })
  appendJoin(write, customer, 'ALL')
  return { write, customer }
}
