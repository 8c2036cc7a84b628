/**
 * The supervisor's language switch for the open chat (same rules as ESP `ConfigureSession`: a
 * code decides, else a name). The API lists no application's languages, so the choices are the
 * languages seen on sessions of the same application; any other code or name can be typed.
 */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Language } from '../../../src-shared/domain'
import type { ClientError } from '../api/bridge'
import { useConnectionStore } from './connection'
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

export const useLanguageStore = defineStore('language', () => {
  const connection = useConnectionStore()
  const selected = useSelectedSessionStore()
  const sessions = useSessionsStore()

  const isLoading = ref(false)
  const error = ref<ClientError | null>(null)

  /** Languages to offer for the open chat's application. */
  const choices = computed<Language[]>(() => {
    const summary = selected.summary
    return summary ? sessions.languagesOf(summary.application) : []
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

  return { isLoading, error, choices, switchTo }
})
