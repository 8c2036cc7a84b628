/**
 * Transcripts, per session, read in pages and never whole (docs/console-api.md): the newest page
 * first, older pages as the reader scrolls up, live `session-update` events merged in by
 * `eventId` (duplicates and stale repeats dropped). A few recently read transcripts stay cached.
 */
import { defineStore } from 'pinia'
import { shallowReactive, shallowRef } from 'vue'
import type { SessionUpdatePush } from '../../../src-shared/console-api'
import { MAX_PAGE_SIZE } from '../../../src-shared/console-api/constants'
import type { ChatEvent, MessageEvent } from '../../../src-shared/domain'
import type { ClientError } from '../api/bridge'
import { holdsEvent, mergeEvents } from '../logic/merge-events'
import { useConnectionStore } from './connection'
import { useCurrentUserStore } from './current-user'

/** Events in the first page of a transcript. */
export const LATEST_PAGE_SIZE = 100
/** Events per page when scrolling back. */
export const OLDER_PAGE_SIZE = 200
/** Transcripts kept in memory besides the open one. */
export const MAX_CACHED_TRANSCRIPTS = 8
/** Pages a catch-up reads before it gives up and starts again from the newest page. */
const MAX_CATCH_UP_PAGES = 10

export interface TranscriptState {
  sessionId: string
  /** Ascending by `eventId`; only events the user's role may see. */
  events: readonly ChatEvent[]
  /** Older events exist on the server that are not loaded yet. */
  hasOlder: boolean
  isLoaded: boolean
  isLoadingLatest: boolean
  isLoadingOlder: boolean
  error: ClientError | null
}

/** A message that arrived live, for the screen-reader announcement. */
export interface LiveMessage {
  sessionId: string
  event: MessageEvent
}

const newest = Number.MAX_SAFE_INTEGER

export const useTranscriptsStore = defineStore('transcripts', () => {
  const connection = useConnectionStore()
  const currentUser = useCurrentUserStore()
  const transcripts = shallowReactive(new Map<string, TranscriptState>())
  /** Least recently opened first. */
  let recency: string[] = []
  const lastLiveMessage = shallowRef<LiveMessage | null>(null)

  function patch(sessionId: string, changes: Partial<TranscriptState>): void {
    const state = transcripts.get(sessionId)
    if (state) transcripts.set(sessionId, { ...state, ...changes })
  }

  function merge(sessionId: string, events: readonly ChatEvent[]): void {
    const state = transcripts.get(sessionId)
    if (!state) return
    const merged = mergeEvents(state.events, events)
    if (merged !== state.events) patch(sessionId, { events: merged })
  }

  function touch(sessionId: string): void {
    recency = [...recency.filter((id) => id !== sessionId), sessionId]
    while (recency.length > MAX_CACHED_TRANSCRIPTS + 1) {
      const evicted = recency.shift()
      if (evicted !== undefined) transcripts.delete(evicted)
    }
  }

  async function loadLatest(sessionId: string): Promise<void> {
    transcripts.set(sessionId, {
      sessionId,
      events: transcripts.get(sessionId)?.events ?? [],
      hasOlder: false,
      isLoaded: false,
      isLoadingLatest: true,
      isLoadingOlder: false,
      error: null,
    })
    const reply = await connection.call('readTranscript', {
      sessionId,
      beforeEventId: newest,
      limit: LATEST_PAGE_SIZE,
    })
    if (!transcripts.has(sessionId)) return
    if (reply.error) {
      patch(sessionId, { isLoadingLatest: false, error: reply.error })
      return
    }
    merge(sessionId, reply.result.events)
    patch(sessionId, {
      isLoadingLatest: false,
      isLoaded: true,
      hasOlder: reply.result.hasMore,
      error: null,
    })
  }

  /** Reads forward from the newest held event, to fill what a lost connection missed. */
  async function catchUp(sessionId: string): Promise<void> {
    for (let page = 0; page < MAX_CATCH_UP_PAGES; page++) {
      const state = transcripts.get(sessionId)
      const last = state?.events[state.events.length - 1]
      if (!state || !last) return loadLatest(sessionId)
      const reply = await connection.call('readTranscript', {
        sessionId,
        afterEventId: last.eventId,
        limit: MAX_PAGE_SIZE,
      })
      if (reply.error) {
        patch(sessionId, { error: reply.error })
        return
      }
      merge(sessionId, reply.result.events)
      if (!reply.result.hasMore) return
    }
    // Too far behind to page forward: start again from the newest page.
    transcripts.delete(sessionId)
    await loadLatest(sessionId)
  }

  /** Shows a session's transcript: the newest page, or what is cached brought up to date. */
  async function open(sessionId: string): Promise<void> {
    touch(sessionId)
    const state = transcripts.get(sessionId)
    if (state?.isLoadingLatest) return
    if (state?.isLoaded) return catchUp(sessionId)
    return loadLatest(sessionId)
  }

  /** Reads the page before the oldest held event. */
  async function loadOlder(sessionId: string): Promise<void> {
    const state = transcripts.get(sessionId)
    const first = state?.events[0]
    if (!state || !first || !state.hasOlder || state.isLoadingOlder) return
    patch(sessionId, { isLoadingOlder: true })
    const reply = await connection.call('readTranscript', {
      sessionId,
      beforeEventId: first.eventId,
      limit: OLDER_PAGE_SIZE,
    })
    if (!transcripts.has(sessionId)) return
    if (reply.error) {
      patch(sessionId, { isLoadingOlder: false, error: reply.error })
      return
    }
    merge(sessionId, reply.result.events)
    patch(sessionId, { isLoadingOlder: false, hasOlder: reply.result.hasMore, error: null })
  }

  /** Merges a live update into a transcript that is held; others load fresh when opened. */
  function applyUpdate(push: SessionUpdatePush): void {
    const state = transcripts.get(push.sessionId)
    if (!state) return
    const held = state.events
    merge(push.sessionId, push.events)
    // Announce the newest message that is really new (a repeated push says nothing twice).
    const newest = push.events
      .filter(
        (event): event is MessageEvent =>
          event.type === 'message' && !holdsEvent(held, event.eventId),
      )
      .sort((a, b) => b.eventId - a.eventId)[0]
    if (newest) lastLiveMessage.value = { sessionId: push.sessionId, event: newest }
  }

  function transcriptOf(sessionId: string): TranscriptState | undefined {
    return transcripts.get(sessionId)
  }

  function reset(): void {
    transcripts.clear()
    recency = []
    lastLiveMessage.value = null
  }

  connection.onPush((push) => {
    if (push.push === 'session-update') applyUpdate(push)
  })
  let lastUserId: string | undefined
  currentUser.onSignedIn((user) => {
    // After a reconnection the same user catches up; another user sees other events: start over.
    if (user.id !== lastUserId) reset()
    else for (const sessionId of transcripts.keys()) void catchUp(sessionId)
    lastUserId = user.id
  })
  currentUser.onSignedOut(reset)

  return { transcripts, lastLiveMessage, open, loadOlder, applyUpdate, transcriptOf, reset }
})
