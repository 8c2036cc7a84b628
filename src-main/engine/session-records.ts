import type { IdleSettings, IdleStatus, Party, Role, SessionSummary } from '../../src-shared/domain'
import { isVisibleTo } from '../../src-shared/visibility'
import type { ApplicationConfig, LanguageConfig } from './application-config'
import { toLanguage } from './languages'
import type { PartyRecord, SessionRecord } from './ports'
import { MODE_VISIBILITY } from './supervisor-modes'

/**
 * The row of a new queued session, with the user data the engine keeps (docs/sessions.md):
 * `IsOnline`, `ChatServerAppName` and the language keys.
 */
export function openSessionRecord(init: {
  sessionId: string
  application: ApplicationConfig
  endpoint: string
  startedAt: number
  userData: Record<string, string>
  language: LanguageConfig | undefined
}): SessionRecord {
  const userData: Record<string, string> = {
    ...init.userData,
    IsOnline: '1',
    ChatServerAppName: init.application.name,
  }
  if (init.language) {
    userData.GCTI_LanguageCode = init.language.code
    userData.GCTI_LanguageName = init.language.name
  }
  return {
    sessionId: init.sessionId,
    application: init.application.name,
    endpoint: init.endpoint,
    state: 'queued',
    startedAt: init.startedAt,
    closedAt: null,
    closeReason: null,
    languageCode: init.language?.code ?? null,
    userData,
    idleOverrides: {},
    lastEventId: 0,
    customerPosition: 0,
    agentPosition: 0,
  }
}

/** Everything a summary is made of, whether the session is open (memory) or closed (store). */
export interface SessionView {
  record: SessionRecord
  parties: readonly PartyRecord[]
  idleControl: IdleSettings
  idleStatus: IdleStatus
  language: LanguageConfig | undefined
  /** The newest event the reading role can see (0 if none). */
  lastVisibleEventId: number
}

/**
 * A session as `role` may see it: parties whose join that role could not see are left out, so a
 * monitoring supervisor stays invisible to agents and customers, and `lastEventId` is the newest
 * event the role can see, so it betrays no hidden event (docs/console-api.md).
 */
export function summarize(view: SessionView, role: Role): SessionSummary {
  const { record } = view
  return {
    sessionId: record.sessionId,
    application: record.application,
    endpoint: record.endpoint,
    state: record.state,
    startedAt: new Date(record.startedAt).toISOString(),
    closedAt: record.closedAt === null ? null : new Date(record.closedAt).toISOString(),
    closeReason: record.closeReason,
    language: toLanguage(view.language),
    userData: { ...record.userData },
    idleControl: view.idleControl,
    idleStatus: view.idleStatus,
    parties: view.parties
      .filter((party) => isVisibleTo(role, party.joinedVisibility))
      .map((party) => toParty(party, role)),
    lastEventId: view.lastVisibleEventId,
  }
}

/**
 * The domain party: the record without its storage fields, absent optionals left out. A
 * supervisor's mode is shown only to a role that saw it announced: an agent must not learn that
 * the coach it saw went back to monitoring (that switch is VIP).
 */
function toParty(party: PartyRecord, role: Role): Party {
  const { partyId, nickname, type, userId, isBot, isPresent } = party
  const mode = party.mode && isVisibleTo(role, MODE_VISIBILITY[party.mode]) ? party.mode : undefined
  return {
    partyId,
    nickname,
    type,
    isPresent,
    ...(userId ? { userId } : {}),
    ...(mode ? { mode } : {}),
    ...(isBot ? { isBot } : {}),
  }
}
