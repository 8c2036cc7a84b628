/**
 * The window's test customer: a real chat through the GMS customer API, driven by the
 * `testCustomer.*` methods. Calls run one at a time (each passes on the customer's transcript
 * position); while the chat runs, `refresh` is polled to bring the agent's replies.
 */
import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import type {
  ConsoleParams,
  TestCustomerEntry,
  TestCustomerView,
} from '../../../src-shared/console-api'
import type { ClientError, ClientReply } from '../api/bridge'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'

export const POLL_INTERVAL_MS = 2000
export const CUSTOMER_TYPING_PAUSE_MS = 5000

export interface ShownEntry extends TestCustomerEntry {
  /** Position in this window's list, for `v-for` keys. */
  key: number
}

type CustomerMethod =
  | 'testCustomer.start'
  | 'testCustomer.say'
  | 'testCustomer.typing'
  | 'testCustomer.leave'
  | 'testCustomer.refresh'

export const useTestCustomerStore = defineStore('testCustomer', () => {
  const connection = useConnectionStore()

  const view = shallowRef<TestCustomerView | null>(null)
  const entries = ref<ShownEntry[]>([])
  const isLoading = ref(false)
  const error = ref<ClientError | null>(null)
  let nextKey = 1
  let queue: Promise<unknown> = Promise.resolve()
  let pollTimer: ReturnType<typeof setTimeout> | undefined
  let typingTimer: ReturnType<typeof setTimeout> | undefined
  let isTyping = false

  const isChatting = computed(() => view.value?.state === 'TRANSCRIPT')

  function schedulePoll(): void {
    clearTimeout(pollTimer)
    if (isChatting.value) pollTimer = setTimeout(() => void refresh(), POLL_INTERVAL_MS)
  }

  /** Runs calls one after another, as the customer's position requires. */
  function enqueue<M extends CustomerMethod>(
    method: M,
    params: ConsoleParams<M>,
  ): Promise<ClientReply<M>> {
    const run = queue.then(() => connection.call(method, params))
    queue = run.catch(() => undefined)
    return run
  }

  async function perform<M extends CustomerMethod>(
    method: M,
    params: ConsoleParams<M>,
    options: { isQuiet?: boolean } = {},
  ): Promise<boolean> {
    if (!options.isQuiet) isLoading.value = true
    const reply = await enqueue(method, params)
    if (!options.isQuiet) isLoading.value = false
    if (reply.error) {
      error.value = reply.error
      if (reply.error.code === 'test-customer-not-started') view.value = null
      schedulePoll()
      return false
    }
    error.value = null
    const next = reply.result as TestCustomerView
    view.value = next
    entries.value = [
      ...entries.value,
      ...next.entries.map((entry) => ({ ...entry, key: nextKey++ })),
    ]
    schedulePoll()
    return true
  }

  function start(params: ConsoleParams<'testCustomer.start'>): Promise<boolean> {
    entries.value = []
    return perform('testCustomer.start', params)
  }

  function say(text: string): Promise<boolean> {
    isTyping = false
    clearTimeout(typingTimer)
    return perform('testCustomer.say', { text })
  }

  function refresh(): Promise<boolean> {
    return perform('testCustomer.refresh', {}, { isQuiet: true })
  }

  function leave(): Promise<boolean> {
    clearTimeout(typingTimer)
    isTyping = false
    return perform('testCustomer.leave', {})
  }

  /** The customer's draft changed: typing notices as a browser client sends them. */
  function noteDraft(draft: string): void {
    if (!isChatting.value) return
    clearTimeout(typingTimer)
    if (draft === '') {
      if (isTyping) void perform('testCustomer.typing', { isTyping: false }, { isQuiet: true })
      isTyping = false
      return
    }
    if (!isTyping) void perform('testCustomer.typing', { isTyping: true }, { isQuiet: true })
    isTyping = true
    typingTimer = setTimeout(() => {
      isTyping = false
      void perform('testCustomer.typing', { isTyping: false }, { isQuiet: true })
    }, CUSTOMER_TYPING_PAUSE_MS)
  }

  function stop(): void {
    clearTimeout(pollTimer)
    clearTimeout(typingTimer)
  }

  useCurrentUserStore().onSignedOut(() => {
    stop()
    view.value = null
    entries.value = []
    error.value = null
  })
  onScopeDispose(stop)

  return { view, entries, isLoading, error, isChatting, start, say, refresh, leave, noteDraft }
})
