/**
 * The chat open in the workspace: its summary, fetched once (`getSession`) and then kept current
 * by the summaries pushes carry (parties, language, user data, the idle deadline), with no
 * refetch. A push older than what is shown (a smaller `lastEventId`) is stale and dropped.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { SessionSummary } from '../../../src-shared/domain'
import type { ClientError } from '../api/bridge'
import { coalesce } from '../logic/coalesce'
import { clockOffset } from '../logic/countdown'
import { ownParty } from '../logic/session-labels'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'
import { useSessionsStore } from './sessions'

const REFRESH_DELAY_MS = 200

export const useSelectedSessionStore = defineStore('selectedSession', () => {
  const connection = useConnectionStore()
  const currentUser = useCurrentUserStore()
  const sessions = useSessionsStore()

  const sessionId = ref<string | null>(null)
  const summary = shallowRef<SessionSummary | null>(null)
  /** Server clock minus local clock at the last `getSession`. */
  const serverOffset = ref(0)
  const isLoading = ref(false)
  const error = ref<ClientError | null>(null)

  const myParty = computed(() =>
    summary.value ? ownParty(summary.value, currentUser.user?.id) : undefined,
  )
  const isParticipant = computed(() => myParty.value !== undefined)
  const isOpen = computed(() => summary.value !== null && summary.value.state !== 'closed')
  /** The supervisor's current mode, when the user is in the session as a supervisor. */
  const mode = computed(() => myParty.value?.mode ?? null)

  async function refresh(): Promise<void> {
    const id = sessionId.value
    if (!id) return
    isLoading.value = summary.value === null
    const reply = await connection.call('getSession', { sessionId: id })
    if (sessionId.value !== id) return
    isLoading.value = false
    if (reply.error) {
      error.value = reply.error
      return
    }
    error.value = null
    summary.value = reply.result.session
    serverOffset.value = clockOffset(reply.result.serverTime, Date.now())
    sessions.rememberLanguage(reply.result.session.application, reply.result.session.language)
  }

  const refreshSoon = coalesce(refresh, REFRESH_DELAY_MS)

  /** Opens a session; the list's row shows at once, the fresh summary follows. */
  async function select(id: string | null): Promise<void> {
    if (id === sessionId.value) return
    refreshSoon.cancel()
    sessionId.value = id
    error.value = null
    summary.value = id ? (sessions.byId.get(id) ?? null) : null
    if (id) await refresh()
  }

  function clear(): void {
    refreshSoon.cancel()
    sessionId.value = null
    summary.value = null
    error.value = null
  }

  connection.onPush((push) => {
    // Dashboard and raised-hand pushes carry no session summary.
    if (!('summary' in push) || push.sessionId !== sessionId.value) return
    const current = summary.value
    if (current && push.summary.lastEventId < current.lastEventId) return
    summary.value = push.summary
    sessions.rememberLanguage(push.summary.application, push.summary.language)
  })
  let lastUserId: string | undefined
  currentUser.onSignedIn((user) => {
    // A new user starts with nothing open; the same user (after a reconnection) keeps its view.
    if (user.id !== lastUserId) clear()
    else void refresh()
    lastUserId = user.id
  })
  currentUser.onSignedOut(clear)

  return {
    sessionId,
    summary,
    serverOffset,
    isLoading,
    error,
    myParty,
    isParticipant,
    isOpen,
    mode,
    select,
    refresh: () => refreshSoon.runNow(),
    clear,
  }
})
