import type { IdleSettings, IdleStatus, Role, SessionSummary } from '../../src-shared/domain'
import { isVisibleTo } from '../../src-shared/visibility'
import type { ApplicationConfig, LanguageConfig } from './application-config'
import { toLanguage } from './languages'
import type { PartyRecord, SessionRecord } from './ports'

/**
 * The row of a new queued session, with the user data the engine keeps (sessions.md):
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
  }
}

/**
 * A session as `role` may see it: parties whose join that role could not see are left out, so a
 * monitoring supervisor stays invisible to agents and customers.
 */
export function summarize(
  record: SessionRecord,
  parties: readonly PartyRecord[],
  idleControl: IdleSettings,
  idleStatus: IdleStatus,
  role: Role,
  language: LanguageConfig | undefined,
): SessionSummary {
  return {
    sessionId: record.sessionId,
    application: record.application,
    endpoint: record.endpoint,
    state: record.state,
    startedAt: new Date(record.startedAt).toISOString(),
    closedAt: record.closedAt === null ? null : new Date(record.closedAt).toISOString(),
    closeReason: record.closeReason,
    language: toLanguage(language),
    userData: { ...record.userData },
    idleControl,
    idleStatus,
    parties: parties
      .filter((party) => isVisibleTo(role, party.joinedVisibility))
      .map(({ partyId, nickname, type, userId, mode, isBot, isPresent }) => ({
        partyId,
        nickname,
        type,
        isPresent,
        ...(userId ? { userId } : {}),
        ...(mode ? { mode } : {}),
        ...(isBot ? { isBot } : {}),
      })),
    lastEventId: record.lastEventId,
  }
}
