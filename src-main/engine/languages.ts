import type { IdleSettings, Language } from '../../src-shared/domain'
import type { ApplicationConfig, LanguageConfig } from './application-config'

/** How a request names a language: the code decides when present, else the name. */
export interface LanguageSelector {
  code?: string
  name?: string
}

const sameText = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/** The application's language a selector names (case-insensitive), or undefined. */
export function findLanguage(
  application: ApplicationConfig,
  selector: LanguageSelector,
): LanguageConfig | undefined {
  if (selector.code)
    return application.languages.find((language) => sameText(language.code, selector.code!))
  if (selector.name)
    return application.languages.find((language) => sameText(language.name, selector.name!))
  return undefined
}

/**
 * The language a new session starts with: the code in user data, else the name, else the
 * application's default (docs/sessions.md, "Languages"). Unlike a switch, an unknown code at creation
 * falls through to the name, then to the default: a customer is never refused a chat for it.
 */
export function initialLanguage(
  application: ApplicationConfig,
  userData: Readonly<Record<string, string>>,
): LanguageConfig | undefined {
  const code = userData.GCTI_LanguageCode
  const name = userData.GCTI_LanguageName
  return (
    (code ? findLanguage(application, { code }) : undefined) ??
    (name ? findLanguage(application, { name }) : undefined) ??
    languageByCode(application, application.defaultLanguage)
  )
}

/** The application's language with this code (as stored: the canonical code), if any. */
export function languageByCode(
  application: ApplicationConfig,
  code: string | null,
): LanguageConfig | undefined {
  return code === null ? undefined : findLanguage(application, { code })
}

/** The `{ code, name }` pair readers see, without the language's idle texts. */
export function toLanguage(language: LanguageConfig | undefined): Language | null {
  return language ? { code: language.code, name: language.name } : null
}

/**
 * The idle settings a session runs with: the application's defaults, then the texts its language
 * defines, then the session's own overrides. Decision: a text set for this very session (ESP or
 * console) wins over the language's, since a strategy that sets `message-alert` explicitly means
 * that text whatever the language; a language that lacks a text falls back to the application's.
 */
export function effectiveIdleSettings(
  application: ApplicationConfig,
  language: LanguageConfig | undefined,
  overrides: Partial<IdleSettings>,
): IdleSettings {
  const languageTexts: Partial<IdleSettings> = {}
  if (language?.messageAlert !== undefined) languageTexts.messageAlert = language.messageAlert
  if (language?.messageAlert2 !== undefined) languageTexts.messageAlert2 = language.messageAlert2
  if (language?.messageClose !== undefined) languageTexts.messageClose = language.messageClose
  return { ...application.idleDefaults, ...languageTexts, ...overrides }
}
