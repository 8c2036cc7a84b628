/**
 * The supervisor's idle-control editor for the open chat. Drafts hold only what the user edited;
 * the rest shows the session's current settings. Checks run client-side with ESP's functions, and
 * a server refusal lands next to the field it names.
 */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { IdleSettingWireKey } from '../../../src-shared/idle-settings'
import type { ClientError } from '../api/bridge'
import {
  idleChangeProblems,
  idleChangeToSend,
  idleFieldProblem,
  wireText,
} from '../logic/idle-form'
import { messages } from '../messages'
import { useConnectionStore } from './connection'
import { useSelectedSessionStore } from './selected-session'

export const useIdleEditorStore = defineStore('idleEditor', () => {
  const connection = useConnectionStore()
  const selected = useSelectedSessionStore()

  const drafts = ref<Partial<Record<IdleSettingWireKey, string>>>({})
  const shouldReset = ref(false)
  /** Problems by wire key (`timeout-alert`, `reset-parameters`...). */
  const fieldErrors = ref<Record<string, string>>({})
  /** A problem that names no field. */
  const formError = ref<string | null>(null)
  const isLoading = ref(false)
  const error = ref<ClientError | null>(null)
  const hasApplied = ref(false)

  const current = computed(() => selected.summary?.idleControl ?? null)
  const isDirty = computed(() => shouldReset.value || Object.keys(drafts.value).length > 0)

  function valueOf(key: IdleSettingWireKey): string {
    const draft = drafts.value[key]
    if (draft !== undefined) return draft
    return current.value ? wireText(current.value, key) : ''
  }

  function setValue(key: IdleSettingWireKey, text: string): void {
    drafts.value = { ...drafts.value, [key]: text }
    hasApplied.value = false
    formError.value = null
    const problem = idleFieldProblem(key, text)
    const others = { ...fieldErrors.value }
    delete others[key]
    fieldErrors.value = problem ? { ...others, [key]: problem } : others
  }

  function setReset(value: boolean): void {
    shouldReset.value = value
    hasApplied.value = false
    formError.value = null
  }

  function discard(): void {
    drafts.value = {}
    shouldReset.value = false
    fieldErrors.value = {}
    formError.value = null
    error.value = null
  }

  async function apply(): Promise<boolean> {
    const sessionId = selected.sessionId
    if (!sessionId || !current.value) return false
    const settings = idleChangeToSend(current.value, drafts.value, shouldReset.value)
    if (Object.keys(settings).length === 0) {
      formError.value = messages.idleEditor.nothingChanged
      return false
    }
    const problems = idleChangeProblems(settings)
    fieldErrors.value = problems
    if (Object.keys(problems).length > 0) return false
    isLoading.value = true
    const reply = await connection.call('configureIdle', { sessionId, settings })
    isLoading.value = false
    if (reply.error) {
      error.value = reply.error
      if (reply.error.field) fieldErrors.value = { [reply.error.field]: reply.error.message }
      else formError.value = reply.error.message
      return false
    }
    discard()
    hasApplied.value = true
    await selected.refresh()
    return true
  }

  watch(
    () => selected.sessionId,
    () => {
      discard()
      hasApplied.value = false
    },
  )

  return {
    drafts,
    shouldReset,
    fieldErrors,
    formError,
    isLoading,
    error,
    hasApplied,
    isDirty,
    valueOf,
    setValue,
    setReset,
    discard,
    apply,
  }
})
