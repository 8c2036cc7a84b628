/**
 * The ESP composer of the open chat: pick one of the four methods, fill its parameters, check
 * them with ESP's own rules, send them through the real ESP endpoint (`espSend`) and keep the
 * answer. A fault is an answer, not an error: `error` is only for a call that failed (no ESP
 * endpoint, a refused role, the engine unreachable).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import {
  ESP_COMPOSER_METHOD_NAMES,
  ESP_COMPOSER_METHODS,
  type EspComposerMethodName,
} from '../../../src-shared/console-api/esp-composer'
import type { EspSendResult } from '../../../src-shared/console-api/results'
import type { ClientError } from '../api/bridge'
import {
  checkEspDraft,
  emptyEspDraft,
  EXTRA_FIELD,
  withIncluded,
  withValue,
  type EspDraft,
} from '../logic/esp-form'
import { useConnectionStore } from './connection'
import { useSelectedSessionStore } from './selected-session'

type Drafts = Record<EspComposerMethodName, EspDraft>

const emptyDrafts = (): Drafts =>
  Object.fromEntries(ESP_COMPOSER_METHOD_NAMES.map((name) => [name, emptyEspDraft(name)])) as Drafts

export const useEspComposerStore = defineStore('espComposer', () => {
  const connection = useConnectionStore()
  const selected = useSelectedSessionStore()

  const method = ref<EspComposerMethodName>('Message')
  /** One draft per method, so that switching methods loses nothing. */
  const drafts = ref<Drafts>(emptyDrafts())
  const extraText = ref('')
  /** Fields the user has edited since the method was picked: only their problems show. */
  const touched = ref<ReadonlySet<string>>(new Set())
  /** After a send was tried, every problem shows. */
  const hasTriedSend = ref(false)
  const isLoading = ref(false)
  const error = ref<ClientError | null>(null)
  const result = shallowRef<EspSendResult | null>(null)
  /** Counts sends, so that the answer to an older one never replaces a newer one's. */
  let sendCount = 0

  const spec = computed(() => ESP_COMPOSER_METHODS[method.value])
  const draft = computed(() => drafts.value[method.value])
  const check = computed(() => checkEspDraft(method.value, draft.value, extraText.value))

  /** Problems by field, for the fields the user has touched (all of them after a send). */
  const fieldProblems = computed(() => {
    const shown: Record<string, string> = {}
    for (const [name, text] of Object.entries(check.value.fieldProblems)) {
      if (hasTriedSend.value || touched.value.has(name)) shown[name] = text
    }
    return shown
  })
  const formProblems = computed(() => (hasTriedSend.value ? check.value.formProblems : []))
  /** A send was refused by the check: offer to send anyway. */
  const isBlocked = computed(() => hasTriedSend.value && check.value.hasProblems)

  function touch(name: string): void {
    touched.value = new Set([...touched.value, name])
  }

  function pick(name: EspComposerMethodName): void {
    method.value = name
    touched.value = new Set()
    hasTriedSend.value = false
  }

  function setValue(name: string, value: string): void {
    drafts.value = { ...drafts.value, [method.value]: withValue(draft.value, name, value) }
    touch(name)
  }

  function setIncluded(name: string, isIncluded: boolean): void {
    const parameter = spec.value.parameters.find((candidate) => candidate.name === name)
    if (!parameter) return
    drafts.value = {
      ...drafts.value,
      [method.value]: withIncluded(draft.value, parameter, isIncluded),
    }
    touch(name)
  }

  function setExtra(text: string): void {
    extraText.value = text
    touch(EXTRA_FIELD)
  }

  /**
   * Sends the form. With problems it sends nothing unless `isForced`: the check is a help, and a
   * developer may want to see the very fault ESP answers.
   */
  async function send(options: { isForced?: boolean } = {}): Promise<boolean> {
    const sessionId = selected.sessionId
    if (!sessionId) return false
    hasTriedSend.value = true
    if (check.value.hasProblems && !options.isForced) return false
    const sent = ++sendCount
    isLoading.value = true
    const reply = await connection.call('espSend', {
      sessionId,
      method: method.value,
      parameters: check.value.parameters,
    })
    if (sent !== sendCount || selected.sessionId !== sessionId) return false
    isLoading.value = false
    error.value = reply.error ?? null
    result.value = reply.result ?? null
    if (reply.error) return false
    hasTriedSend.value = false
    return true
  }

  watch(
    () => selected.sessionId,
    () => {
      sendCount++
      isLoading.value = false
      result.value = null
      error.value = null
      hasTriedSend.value = false
      touched.value = new Set()
    },
  )

  return {
    method,
    spec,
    draft,
    extraText,
    check,
    fieldProblems,
    formProblems,
    isBlocked,
    isLoading,
    error,
    result,
    pick,
    setValue,
    setIncluded,
    setExtra,
    send,
  }
})
