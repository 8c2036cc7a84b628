/**
 * The supervisor's side-by-side views of the open chat: the newest page as the customer, an
 * agent and a supervisor see it (`compareViews`), read once when shown and then extended from
 * the session's pushes (read again only when a push does not follow on from what is shown).
 */
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import { DEFAULT_COMPARE_PAGE, type CompareViewsResult } from '../../../src-shared/console-api'
import type { ClientError } from '../api/bridge'
import { coalesce } from '../logic/coalesce'
import { applyPushedEvents, RELOAD } from '../logic/compare-views-update'
import { useConnectionStore } from './connection'
import { useSelectedSessionStore } from './selected-session'

const REFRESH_DELAY_MS = 500

export const useCompareViewsStore = defineStore('compareViews', () => {
  const connection = useConnectionStore()
  const selected = useSelectedSessionStore()

  const views = shallowRef<CompareViewsResult | null>(null)
  const viewsOf = ref<string | null>(null)
  const isLoading = ref(false)
  const error = ref<ClientError | null>(null)
  /** True while the panel is on screen; only then do pushes refresh it. */
  const isShown = ref(false)

  async function load(): Promise<void> {
    const sessionId = selected.sessionId
    if (!sessionId) return
    isLoading.value = true
    const reply = await connection.call('compareViews', { sessionId })
    isLoading.value = false
    if (selected.sessionId !== sessionId) return
    if (reply.error) {
      error.value = reply.error
      return
    }
    error.value = null
    views.value = reply.result
    viewsOf.value = sessionId
  }

  const refresh = coalesce(load, REFRESH_DELAY_MS)

  function show(isVisible: boolean): void {
    isShown.value = isVisible
    if (isVisible) void refresh.runNow()
  }

  connection.onPush((push) => {
    if (!isShown.value || push.push !== 'session-update') return
    if (push.sessionId !== selected.sessionId) return
    const shown = views.value
    // Not read yet (or being read): the read under way returns the newest views anyway.
    if (!shown || viewsOf.value !== push.sessionId) return
    const next = applyPushedEvents(shown, push.events, DEFAULT_COMPARE_PAGE)
    if (next === RELOAD) refresh.schedule()
    else views.value = next
  })
  watch(
    () => selected.sessionId,
    () => {
      views.value = null
      viewsOf.value = null
      error.value = null
      if (isShown.value) void refresh.runNow()
    },
  )

  return { views, viewsOf, isLoading, error, isShown, load: () => refresh.runNow(), show }
})
