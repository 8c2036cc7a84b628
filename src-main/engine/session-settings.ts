import type { IdleChange } from '../../src-shared/idle-settings'
import type { LanguageConfig } from './application-config'
import type { ChatSession, SessionWrite } from './chat-session'
import { EngineError } from './engine-error'
import { describeIdleChange, mergeIdleChange } from './idle-change'
import { findLanguage, type LanguageSelector } from './languages'

/**
 * Changes the session's idle settings and posts `IDLE_CONTROL_SET` (INT) naming who changed
 * what. Decision (docs/sessions.md): the change applies at once to the running timers.
 */
export function appendIdleChange(write: SessionWrite, change: IdleChange, by: string): void {
  const { session } = write
  const before = session.idleSettings
  write.updateRow((record) => {
    record.idleOverrides = mergeIdleChange(record.idleOverrides, change)
  })
  const after = session.idleSettings
  const text = describeIdleChange(before, after, by, { isReset: change.resetParameters })
  const notice = write.append({
    type: 'notice',
    noticeType: 'IDLE_CONTROL_SET',
    partyId: session.systemParty.partyId,
    visibility: 'INT',
    text,
  })
  const positions = write.lastPositions
  write.afterCommit(() => {
    session.idle.applySettings(after)
    session.recordIdle('settings', text, { by, eventId: notice.eventId }, positions)
    session.refreshIdle()
  })
}

/**
 * The language a switch names: the code decides when given, else the name (docs/sessions.md).
 * Refused when it names none, or one the application does not have.
 */
export function selectLanguage(session: ChatSession, selector: LanguageSelector): LanguageConfig {
  if (!selector.code && !selector.name) {
    throw new EngineError(
      'missing-parameter',
      'Name a language by GCTI_LanguageCode or GCTI_LanguageName',
      'GCTI_LanguageCode',
    )
  }
  const language = findLanguage(session.application, selector)
  if (!language) {
    const named = selector.code || selector.name
    throw new EngineError(
      'unknown-language',
      `${session.application.name} has no language ${JSON.stringify(named)}`,
      selector.code ? 'GCTI_LanguageCode' : 'GCTI_LanguageName',
    )
  }
  return language
}

/**
 * Switches the language: user data and every later system text follow it, and `LANGUAGE_SET`
 * (INT) says so. Switching to the current language appends nothing (docs/esp.md).
 */
export function appendLanguageSwitch(
  write: SessionWrite,
  language: LanguageConfig,
  by: string,
): void {
  if (language.code === write.session.record.languageCode) return
  write.updateRow((record) => {
    record.languageCode = language.code
    record.userData.GCTI_LanguageCode = language.code
    record.userData.GCTI_LanguageName = language.name
  })
  write.append({
    type: 'notice',
    noticeType: 'LANGUAGE_SET',
    partyId: write.session.systemParty.partyId,
    visibility: 'INT',
    text: `Language set to ${language.name} (${language.code}) by ${by}`,
  })
}

/** User data the engine keeps itself (sessions.md): a customer's update leaves it as it is. */
export const ENGINE_USER_DATA_KEYS: ReadonlySet<string> = new Set([
  'IsOnline',
  'ChatServerAppName',
  'GCTI_LanguageCode',
  'GCTI_LanguageName',
])

/**
 * Merges a customer's user data into the session's row (GMS v2 `updateData`): no event, so no
 * position moves and nobody is notified of an entry; the row is stored with the write and the
 * new values reach agents and supervisors with the session's summary.
 */
export function appendUserDataMerge(write: SessionWrite, changes: Record<string, string>): void {
  const merged = Object.entries(changes).filter(([key]) => !ENGINE_USER_DATA_KEYS.has(key))
  if (merged.length === 0) return
  write.updateRow((record) => {
    for (const [key, value] of merged) record.userData[key] = value
  })
}
