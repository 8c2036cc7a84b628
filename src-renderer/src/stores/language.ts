/**
 * The languages of the open chat's application (`listLanguages`), and the supervisor's language
 * switch (same rules as ESP `ConfigureSession`: a code decides, else a name). Until the list has
 * come, or if it cannot be read, the choices are the languages seen on sessions of the same
 * application; any other code or name can still be typed, and the server refuses an unknown one.
 */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { LanguagesResult } from '../../../src-shared/console-api/results'
import type { Language } from '../../../src-shared/domain'
import type { ClientError } from '../api/bridge'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'
import { useSelectedSessionStore } from './selected-session'
import { useSessionsStore } from './sessions'

/** A language given by code or by name. */
export type LanguageChoice = { code: string } | { name: string }

/** A typed value read as a code when it looks like one (`fr-FR`, `de`), else as a name. */
export function languageChoiceOf(typed: string): LanguageChoice {
  const text = typed.trim()
  return /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(text) && !/^[A-Z][a-z]+$/.test(text)
    ? { code: text }
    : { name: text }
}

/**
 * The languages to offer: the configured ones in their order, plus the session's current
 * language if the configuration no longer has it (so the select can still show it).
 */
export function languageChoices(
  configured: readonly Language[],
  current: Language | null,
): Language[] {
  const isListed = current === null || configured.some((language) => language.code === current.code)
  return isListed ? [...configured] : [...configured, current]
}

export const useLanguageStore = defineStore('language', () => {
  const connection = useConnectionStore()
  const currentUser = useCurrentUserStore()
  const selected = useSelectedSessionStore()
  const sessions = useSessionsStore()

  /** `listLanguages` results by application; the configuration does not change while running. */
  const configured = ref<ReadonlyMap<string, LanguagesResult>>(new Map())
  const isLoading = ref(false)
  const error = ref<ClientError | null>(null)
  const requested = new Set<string>()

  /** Reads an application's languages once; a failed read is tried again on the next chat. */
  async function loadLanguages(application: string): Promise<void> {
    if (requested.has(application)) return
    requested.add(application)
    const reply = await connection.call('listLanguages', { application })
    if (reply.error) {
      requested.delete(application)
      return
    }
    configured.value = new Map(configured.value).set(application, reply.result)
  }

  /** The application's configured languages, or those seen on its sessions until they come. */
  function languagesOf(application: string): Language[] {
    return configured.value.get(application)?.languages ?? sessions.languagesOf(application)
  }

  /** Languages to offer for the open chat. */
  const choices = computed<Language[]>(() => {
    const summary = selected.summary
    return summary ? languageChoices(languagesOf(summary.application), summary.language) : []
  })
  /** Code of the open chat's application's default language, once known. */
  const defaultCode = computed(() => {
    const application = selected.summary?.application
    return application === undefined
      ? null
      : (configured.value.get(application)?.defaultCode ?? null)
  })

  async function switchTo(choice: LanguageChoice): Promise<boolean> {
    const sessionId = selected.sessionId
    if (!sessionId) return false
    isLoading.value = true
    const reply = await connection.call('setLanguage', { sessionId, ...choice })
    isLoading.value = false
    if (reply.error) {
      error.value = reply.error
      return false
    }
    error.value = null
    await selected.refresh()
    return true
  }

  watch(
    () => selected.sessionId,
    () => {
      error.value = null
    },
  )
  watch(
    () => selected.summary?.application,
    (application) => {
      if (application !== undefined && currentUser.user) void loadLanguages(application)
    },
    { immediate: true },
  )
  // Signing in again follows a reconnection, maybe to a new run with a new configuration.
  currentUser.onSignedIn(() => {
    requested.clear()
    const application = selected.summary?.application
    if (application !== undefined) void loadLanguages(application)
  })

  return { isLoading, error, choices, defaultCode, languagesOf, loadLanguages, switchTo }
})
