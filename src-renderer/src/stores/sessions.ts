/**
 * The session list: an agent's queue and own chats, a supervisor's filtered view of every
 * session. Rows come from `listSessions`; a `session-list-changed` push carries the row after the
 * change, which is upserted (or dropped when it no longer belongs) without a reload. Only a
 * transcript search, which the server alone can judge, reloads (coalesced).
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import type { SessionFilters, SessionListItem } from '../../../src-shared/console-api'
import { DEFAULT_LIST_LIMIT, type ListState } from '../../../src-shared/console-api/constants'
import type { Language, SessionSummary } from '../../../src-shared/domain'
import type { ClientError } from '../api/bridge'
import { coalesce } from '../logic/coalesce'
import { clockOffset, waitedSeconds } from '../logic/countdown'
import { ownParty } from '../logic/session-labels'
import { useClockStore } from './clock'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'

/** The filter form: empty strings mean "any". */
export interface FilterDraft {
  state: ListState
  endpoint: string
  application: string
  agent: string
  language: string
  text: string
}

const EMPTY_FILTERS: FilterDraft = {
  state: 'any',
  endpoint: '',
  application: '',
  agent: '',
  language: '',
  text: '',
}

/** The API's filters from the form: blank fields left out. */
export function toSessionFilters(draft: FilterDraft): SessionFilters {
  const filters: SessionFilters = {}
  if (draft.state !== 'any') filters.state = draft.state
  for (const key of ['endpoint', 'application', 'agent', 'language', 'text'] as const) {
    const value = draft[key].trim()
    if (value !== '') filters[key] = value
  }
  return filters
}

const RELOAD_DELAY_MS = 300

export const useSessionsStore = defineStore('sessions', () => {
  const connection = useConnectionStore()
  const currentUser = useCurrentUserStore()
  const clock = useClockStore()

  const rows = ref<SessionListItem[]>([])
  const isTruncated = ref(false)
  const isLoading = ref(false)
  const hasLoaded = ref(false)
  const error = ref<ClientError | null>(null)
  const serverOffset = ref(0)
  const filters = reactive<FilterDraft>({ ...EMPTY_FILTERS })
  /** Values seen in any list so far, to offer as filter choices. */
  const seenEndpoints = ref(new Set<string>())
  const seenApplications = ref(new Set<string>())
  /** Languages seen per application (the API has no list of an application's languages). */
  const seenLanguages = ref(new Map<string, Map<string, Language>>())

  const serverNow = computed(() => clock.now + serverOffset.value)
  const byId = computed(() => new Map(rows.value.map((row) => [row.sessionId, row])))
  const userId = computed(() => currentUser.user?.id)

  /** Queued sessions, longest waiting first. */
  const queue = computed(() =>
    rows.value
      .filter((row) => row.state === 'queued')
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
  )
  /** Open sessions the user is a present party of. */
  const mine = computed(() =>
    rows.value.filter((row) => row.state !== 'closed' && ownParty(row, userId.value)),
  )
  /** The order keyboard navigation walks: as the lists are shown. */
  const navigationOrder = computed(() =>
    currentUser.isSupervisor
      ? rows.value.map((row) => row.sessionId)
      : [...queue.value, ...mine.value].map((row) => row.sessionId),
  )

  function remember(list: readonly SessionListItem[]): void {
    for (const row of list) {
      seenEndpoints.value.add(row.endpoint)
      seenApplications.value.add(row.application)
      if (row.language) {
        const languages = seenLanguages.value.get(row.application) ?? new Map<string, Language>()
        languages.set(row.language.code, row.language)
        seenLanguages.value.set(row.application, languages)
      }
    }
  }

  async function load(): Promise<void> {
    if (!currentUser.user) return
    isLoading.value = true
    const reply = await connection.call('listSessions', {
      filters: toSessionFilters(filters),
      limit: DEFAULT_LIST_LIMIT,
    })
    isLoading.value = false
    if (reply.error) {
      error.value = reply.error
      return
    }
    error.value = null
    hasLoaded.value = true
    serverOffset.value = clockOffset(reply.result.serverTime, Date.now())
    rows.value = reply.result.sessions
    isTruncated.value = reply.result.isTruncated
    remember(reply.result.sessions)
  }

  const reload = coalesce(load, RELOAD_DELAY_MS)

  /** Whole seconds a queued session has waited, ticking with the clock. */
  function waitSecondsOf(row: SessionListItem): number {
    return waitedSeconds(row.startedAt, serverNow.value)
  }

  /** Languages known for an application, sorted by name. */
  function languagesOf(application: string): Language[] {
    const languages = seenLanguages.value.get(application)
    return [...(languages?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Remembers a session's language (from a fresh summary) as one its application has. */
  function rememberLanguage(application: string, language: Language | null): void {
    if (!language) return
    const languages = seenLanguages.value.get(application) ?? new Map<string, Language>()
    languages.set(language.code, language)
    seenLanguages.value.set(application, languages)
  }

  function clearFilters(): void {
    Object.assign(filters, EMPTY_FILTERS)
  }

  function reset(): void {
    reload.cancel()
    newestSeen.clear()
    rows.value = []
    hasLoaded.value = false
    isTruncated.value = false
    error.value = null
    Object.assign(filters, EMPTY_FILTERS)
  }

  watch(filters, () => reload.schedule(), { deep: true })

  /** Whether a row belongs in the list as it is filtered now (`undefined`: only a reload knows). */
  function belongs(row: SessionSummary): boolean | undefined {
    const draft = toSessionFilters(filters)
    if (draft.text !== undefined) return undefined
    const user = currentUser.user
    if (!user) return false
    if (!currentUser.isSupervisor) {
      const isMine = row.state === 'active' && ownParty(row, user.id) !== undefined
      if (row.state !== 'queued' && !isMine) return false
    }
    const state = draft.state ?? 'any'
    if (state === 'open' && row.state === 'closed') return false
    if (state !== 'any' && state !== 'open' && row.state !== state) return false
    if (draft.endpoint !== undefined && row.endpoint !== draft.endpoint) return false
    if (draft.application !== undefined && row.application !== draft.application) return false
    if (draft.language !== undefined && row.language?.code !== draft.language) return false
    const agent = draft.agent
    if (agent !== undefined) {
      const isPresent = (party: SessionSummary['parties'][number]) =>
        party.type === 'AGENT' && party.userId === agent && party.isPresent
      if (!row.parties.some(isPresent)) return false
    }
    return true
  }

  /** The newest `lastEventId` seen per session, rows dropped from the list included. */
  const newestSeen = new Map<string, number>()

  /** Upserts the pushed row, newest first; idempotent, and a stale row (older) is dropped. */
  function applyRow(row: SessionSummary): void {
    const fits = belongs(row)
    if (fits === undefined) return reload.schedule()
    const seen = newestSeen.get(row.sessionId)
    if (seen !== undefined && row.lastEventId < seen) return
    newestSeen.set(row.sessionId, row.lastEventId)
    const next = rows.value.filter((other) => other.sessionId !== row.sessionId)
    if (fits) {
      const waited = waitedSeconds(row.startedAt, serverNow.value)
      next.push({ ...row, waitSeconds: row.state === 'queued' ? waited : null })
      next.sort((a, b) => b.startedAt.localeCompare(a.startedAt))
      remember([next.find((other) => other.sessionId === row.sessionId)!])
    }
    rows.value = next
  }

  connection.onPush((push) => {
    if (push.push === 'session-list-changed' && currentUser.user && hasLoaded.value) {
      applyRow(push.summary)
    }
  })
  currentUser.onSignedIn(() => void reload.runNow())
  currentUser.onSignedOut(reset)

  return {
    rows,
    byId,
    isTruncated,
    isLoading,
    hasLoaded,
    error,
    filters,
    serverOffset,
    serverNow,
    queue,
    mine,
    navigationOrder,
    seenEndpoints,
    seenApplications,
    load,
    reload: () => reload.runNow(),
    waitSecondsOf,
    languagesOf,
    rememberLanguage,
    clearFilters,
    reset,
  }
})
