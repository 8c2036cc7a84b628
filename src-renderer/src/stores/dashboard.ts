/**
 * The supervisor dashboard (docs/dashboard.md): which console view is on screen, and the live
 * snapshot while a supervisor is signed in. The snapshot comes once from `dashboard.subscribe`
 * and then from the server's `dashboard` pushes; nothing polls. Agents never subscribe (and the
 * server would refuse them).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { DEFAULT_LONG_WAIT_SECONDS } from '../../../src-shared/console-api/dashboard'
import {
  DEFAULT_SERVICE_LEVEL_SECONDS,
  type DashboardSnapshot,
  type StatsWindow,
} from '../../../src-shared/stats'
import type { ClientError } from '../api/bridge'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'

export const CONSOLE_VIEWS = ['sessions', 'dashboard'] as const
export type ConsoleViewName = (typeof CONSOLE_VIEWS)[number]

export const useDashboardStore = defineStore('dashboard', () => {
  const connection = useConnectionStore()
  const currentUser = useCurrentUserStore()

  const view = ref<ConsoleViewName>('sessions')
  const window = ref<StatsWindow>('15m')
  const longWaitSeconds = ref(DEFAULT_LONG_WAIT_SECONDS)
  const serviceLevelSeconds = ref(DEFAULT_SERVICE_LEVEL_SECONDS)
  const snapshot = shallowRef<DashboardSnapshot | null>(null)
  const isLoading = ref(false)
  const error = ref<ClientError | null>(null)
  /** True while this window holds a subscription on the server. */
  const isSubscribed = ref(false)

  const isShown = computed(() => view.value === 'dashboard' && currentUser.isSupervisor)

  async function subscribe(): Promise<void> {
    if (!currentUser.isSupervisor) return
    isLoading.value = true
    const reply = await connection.call('dashboard.subscribe', {
      window: window.value,
      longWaitSeconds: longWaitSeconds.value,
      serviceLevelSeconds: serviceLevelSeconds.value,
    })
    isLoading.value = false
    if (reply.error) {
      error.value = reply.error
      return
    }
    error.value = null
    isSubscribed.value = true
    snapshot.value = reply.result
  }

  async function unsubscribe(): Promise<void> {
    if (!isSubscribed.value) return
    isSubscribed.value = false
    await connection.call('dashboard.unsubscribe', {})
  }

  /** Switches the view; the subscription stays, since the alerts mark the session list too. */
  async function show(next: ConsoleViewName): Promise<void> {
    view.value = next
    if (next === 'dashboard' && !isSubscribed.value) await subscribe()
  }

  async function setWindow(next: StatsWindow): Promise<void> {
    window.value = next
    if (currentUser.isSupervisor) await subscribe()
  }

  /** New thresholds (whole seconds, 1 or more); the server validates them again. */
  async function setThresholds(next: { longWait: number; serviceLevel: number }): Promise<void> {
    longWaitSeconds.value = next.longWait
    serviceLevelSeconds.value = next.serviceLevel
    if (currentUser.isSupervisor) await subscribe()
  }

  connection.onPush((push) => {
    if (push.push === 'dashboard' && isSubscribed.value) snapshot.value = push.snapshot
  })
  // Supervisors hold a subscription while signed in: the alerts mark the session list as well.
  currentUser.onSignedIn((user) => {
    if (user.role === 'supervisor') void subscribe()
    else void unsubscribe()
  })
  currentUser.onSignedOut(() => {
    view.value = 'sessions'
    isSubscribed.value = false
    snapshot.value = null
  })

  return {
    view,
    longWaitSeconds,
    serviceLevelSeconds,
    setThresholds,
    window,
    snapshot,
    isLoading,
    error,
    isShown,
    isSubscribed,
    show,
    setWindow,
    subscribe,
  }
})
