/**
 * Supervisors' alerts (docs/dashboard.md, "Thresholds and alerts"): a chat waiting too long, an
 * idle alert pending, an agent's raised hand. Read off the dashboard's pushed snapshot, they mark
 * the session list and the dashboard, and raise a desktop notification when they first appear,
 * for supervisors who turned desktop alerts on.
 */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { readStored, writeStored } from '../logic/storage'
import { messages } from '../messages'
import { useDashboardStore } from './dashboard'
import { useNotificationsStore } from './notifications'

export const ALERT_KINDS = ['hand', 'long-wait', 'idle'] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

export interface FloorAlert {
  kind: AlertKind
  sessionId: string
  /** The sentence shown and notified. */
  text: string
}

const DESKTOP_KEY = 'switchboard.floorAlertsOnDesktop'

export const useFloorAlertsStore = defineStore('floorAlerts', () => {
  const dashboard = useDashboardStore()
  const notifications = useNotificationsStore()
  const isDesktopOn = ref(readStored('localStorage', DESKTOP_KEY) === '1')

  const alerts = computed<FloorAlert[]>(() => {
    const now = dashboard.snapshot?.now
    if (!now) return []
    const text = messages.dashboard.alerts
    return [
      ...now.raisedHands.map((hand) => ({
        kind: 'hand' as const,
        sessionId: hand.sessionId,
        text: text.hand(hand.raisedBy.name, hand.sessionId, hand.note),
      })),
      ...now.longWaiting.map((sessionId) => ({
        kind: 'long-wait' as const,
        sessionId,
        text: text.longWait(sessionId),
      })),
      ...now.idleAlertPending.map((sessionId) => ({
        kind: 'idle' as const,
        sessionId,
        text: text.idle(sessionId),
      })),
    ]
  })

  /** The kinds of alert each session has now. */
  const kindsBySession = computed(() => {
    const kinds = new Map<string, AlertKind[]>()
    for (const alert of alerts.value) {
      kinds.set(alert.sessionId, [...(kinds.get(alert.sessionId) ?? []), alert.kind])
    }
    return kinds
  })

  function setDesktop(isOn: boolean): void {
    isDesktopOn.value = isOn
    writeStored('localStorage', DESKTOP_KEY, isOn ? '1' : null)
    if (isOn && notifications.permission === 'default') void notifications.requestPermission()
  }

  // Notify each alert once, when it first appears.
  let known = new Set<string>()
  watch(alerts, (current) => {
    const keys = new Set(current.map((alert) => `${alert.kind}:${alert.sessionId}`))
    if (isDesktopOn.value) {
      for (const alert of current) {
        if (!known.has(`${alert.kind}:${alert.sessionId}`)) {
          notifications.show(messages.dashboard.alerts.title, alert.text, alert.sessionId)
        }
      }
    }
    known = keys
  })

  return { alerts, kindsBySession, isDesktopOn, setDesktop }
})
