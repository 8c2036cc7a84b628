/**
 * Desktop notifications (docs/console-api.md, "Everyone"): a new chat in the queue, and a message in a
 * chat the user is in, unless the user is looking at that chat. Permission is asked only when the
 * user presses the offer's button, never on load; a dismissed offer stays dismissed.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SessionListChangedPush, SessionUpdatePush } from '../../../src-shared/console-api'
import type { SessionSummary } from '../../../src-shared/domain'
import { customerName, ownParty } from '../logic/session-labels'
import { readStored, writeStored } from '../logic/storage'
import { messages } from '../messages'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'
import { useSelectedSessionStore } from './selected-session'
import { useSessionsStore } from './sessions'

const DISMISSED_KEY = 'switchboard.notificationsOfferDismissed'

export type PermissionState = NotificationPermission | 'unsupported'

const notificationApi = (): typeof Notification | undefined =>
  typeof Notification === 'function' ? Notification : undefined

/** True when the user is looking at this window. */
function isWindowWatched(): boolean {
  if (typeof document === 'undefined') return false
  return document.visibilityState === 'visible' && document.hasFocus()
}

export const useNotificationsStore = defineStore('notifications', () => {
  const connection = useConnectionStore()
  const currentUser = useCurrentUserStore()
  const sessions = useSessionsStore()
  const selected = useSelectedSessionStore()

  const permission = ref<PermissionState>(notificationApi()?.permission ?? 'unsupported')
  const isOfferDismissed = ref(readStored('localStorage', DISMISSED_KEY) === '1')
  const shouldOffer = computed(() => permission.value === 'default' && !isOfferDismissed.value)
  const canNotify = computed(() => permission.value === 'granted')

  async function requestPermission(): Promise<void> {
    const api = notificationApi()
    if (!api) return
    permission.value = await api.requestPermission()
  }

  function dismissOffer(): void {
    isOfferDismissed.value = true
    writeStored('localStorage', DISMISSED_KEY, '1')
  }

  function show(title: string, body: string, sessionId: string): void {
    const api = notificationApi()
    if (!api || !canNotify.value) return
    const notification = new api(title, { body, tag: `${sessionId}:${title}` })
    notification.onclick = () => {
      window.focus()
      void selected.select(sessionId)
    }
  }

  /** The freshest summary held for a session. */
  function summaryOf(sessionId: string): SessionSummary | undefined {
    if (selected.summary?.sessionId === sessionId) return selected.summary
    return sessions.byId.get(sessionId)
  }

  async function onListChanged(push: SessionListChangedPush): Promise<void> {
    if (push.change !== 'created' || push.state !== 'queued') return
    const reply = await connection.call('getSession', { sessionId: push.sessionId })
    const summary = reply.result?.session
    const who = summary ? customerName(summary) : messages.sessions.unnamedCustomer
    show(
      messages.notifications.newQueued,
      messages.notifications.newQueuedBody(who, summary?.endpoint ?? push.sessionId),
      push.sessionId,
    )
  }

  function onUpdate(push: SessionUpdatePush): void {
    const summary = summaryOf(push.sessionId)
    const mine = summary ? ownParty(summary, currentUser.user?.id) : undefined
    if (!summary || !mine) return
    if (isWindowWatched() && selected.sessionId === push.sessionId) return
    for (const event of push.events) {
      if (event.type !== 'message' || event.partyId === mine.partyId) continue
      const sender = summary.parties.find((party) => party.partyId === event.partyId)
      show(
        messages.notifications.newMessage(sender?.nickname ?? messages.transcript.unknownParty),
        event.text,
        push.sessionId,
      )
    }
  }

  connection.onPush((push) => {
    if (!currentUser.user || !canNotify.value) return
    if (push.push === 'session-list-changed') void onListChanged(push)
    else if (push.push === 'session-update') onUpdate(push)
  })

  return { permission, shouldOffer, canNotify, requestPermission, dismissOffer, show }
})
