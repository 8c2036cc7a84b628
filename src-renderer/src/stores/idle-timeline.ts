/**
 * The idle timeline of the open chat (`idleTimeline`): why its inactivity timer was reset or
 * not, who changed the settings, and the phase and deadline now. It is read once when the panel
 * opens; then each `session-update` of the chat carries the entries its change added and the
 * session's idle status and settings, which are applied without reading it again. A push is
 * applied once: one whose `lastEventId` is not newer than the last applied is stale or repeated,
 * and dropped. A read replaces the whole timeline; a reply older than the one shown is dropped.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { SessionUpdatePush } from '../../../src-shared/console-api'
import {
  MAX_IDLE_TIMELINE_ENTRIES,
  type IdleTimelineResult,
} from '../../../src-shared/console-api/idle-timeline'
import type { ClientError } from '../api/bridge'
import { coalesce } from '../logic/coalesce'
import { clockOffset, idleCountdown, type IdleCountdown } from '../logic/countdown'
import { isNewerTimeline } from '../logic/idle-timeline-rows'
import { useClockStore } from './clock'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'
import { useSelectedSessionStore } from './selected-session'

const REFRESH_DELAY_MS = 300

export const useIdleTimelineStore = defineStore('idleTimeline', () => {
  const connection = useConnectionStore()
  const selected = useSelectedSessionStore()
  const clock = useClockStore()
  const currentUser = useCurrentUserStore()

  const timeline = shallowRef<IdleTimelineResult | null>(null)
  /** Server clock minus local clock at the last read. */
  const serverOffset = ref(0)
  const isLoading = ref(false)
  const error = ref<ClientError | null>(null)
  /** True while the panel is on screen; only then do pushes refresh it. */
  const isShown = ref(false)

  /** Phase and seconds left now, ticking with the clock (on the server's time). */
  const countdown = computed<IdleCountdown | null>(() =>
    timeline.value ? idleCountdown(timeline.value.status, clock.now + serverOffset.value) : null,
  )

  async function load(): Promise<void> {
    const sessionId = selected.sessionId
    if (!sessionId) return
    isLoading.value = true
    const reply = await connection.call('idleTimeline', { sessionId })
    isLoading.value = false
    if (selected.sessionId !== sessionId) return
    if (reply.error) {
      error.value = reply.error
      return
    }
    error.value = null
    if (!isNewerTimeline(timeline.value, reply.result)) return
    timeline.value = reply.result
    // Pushes up to the summary shown are in this read; later ones are applied on top of it.
    lastApplied = selected.summary?.lastEventId ?? 0
    serverOffset.value = clockOffset(reply.result.serverTime, Date.now())
  }

  const refresh = coalesce(load, REFRESH_DELAY_MS)

  function show(isVisible: boolean): void {
    isShown.value = isVisible
    if (isVisible) void refresh.runNow()
  }

  /** The newest `lastEventId` whose push is in the timeline shown (0: none since the read). */
  let lastApplied = 0

  /** Appends a push's entries and takes its idle status and settings. */
  function apply(push: SessionUpdatePush): void {
    const shown = timeline.value
    if (!shown || shown.sessionId !== push.sessionId) return
    if (push.summary.lastEventId <= lastApplied) return
    lastApplied = push.summary.lastEventId
    const all = [...shown.entries, ...push.idleEntries]
    const cut = Math.max(0, all.length - MAX_IDLE_TIMELINE_ENTRIES)
    const lastChange = push.idleEntries.findLast((entry) => entry.kind === 'settings')
    timeline.value = {
      ...shown,
      status: push.summary.idleStatus,
      settings: push.summary.idleControl,
      entries: all.slice(cut),
      droppedEntries: shown.droppedEntries + cut,
      lastSettingsChange: lastChange
        ? { by: lastChange.by ?? '', time: lastChange.time, text: lastChange.text }
        : shown.lastSettingsChange,
    }
  }

  connection.onPush((push) => {
    if (isShown.value && push.push === 'session-update' && push.sessionId === selected.sessionId) {
      apply(push)
    }
  })
  // After a reconnection the window signs in again, and pushes may have been missed meanwhile.
  currentUser.onSignedIn(() => {
    if (isShown.value) refresh.schedule()
  })
  watch(
    () => selected.sessionId,
    () => {
      refresh.cancel()
      timeline.value = null
      error.value = null
      if (isShown.value) void refresh.runNow()
    },
  )

  return {
    timeline,
    countdown,
    isLoading,
    error,
    isShown,
    load: () => refresh.runNow(),
    show,
  }
})
