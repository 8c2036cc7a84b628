import { beforeEach, describe, expect, it } from 'vitest'
import type { ConsoleParams } from '../../../src-shared/console-api'
import { useCurrentUserStore } from '../../../src-renderer/src/stores/current-user'
import {
  LATEST_PAGE_SIZE,
  OLDER_PAGE_SIZE,
  useTranscriptsStore,
} from '../../../src-renderer/src/stores/transcripts'
import {
  freshStores,
  summary,
  message,
  SESSION_ID,
  settle,
  type FakeConsoleClient,
} from '../fake-client'

/** A server transcript of `count` events, paged as readTranscript pages it. */
function serveTranscript(client: FakeConsoleClient, count: number) {
  const all = Array.from({ length: count }, (_, index) => message(index + 1))
  client.on('readTranscript', (params: ConsoleParams<'readTranscript'>) => {
    const limit = params.limit ?? 100
    if (params.beforeEventId !== undefined) {
      const before = all.filter((event) => event.eventId < (params.beforeEventId as number))
      const page = before.slice(-limit)
      return { result: { events: page, hasMore: before.length > page.length } }
    }
    const after = all.filter((event) => event.eventId > (params.afterEventId ?? 0))
    return { result: { events: after.slice(0, limit), hasMore: after.length > limit } }
  })
  return all
}

const ids = (store: ReturnType<typeof useTranscriptsStore>) =>
  store.transcriptOf(SESSION_ID)?.events.map((event) => event.eventId) ?? []

describe('the transcripts store', () => {
  let client: FakeConsoleClient

  beforeEach(() => {
    client = freshStores()
  })

  it('reads the newest page first, never the whole transcript', async () => {
    serveTranscript(client, 100_000)
    const transcripts = useTranscriptsStore()
    await transcripts.open(SESSION_ID)
    const state = transcripts.transcriptOf(SESSION_ID)
    expect(state?.events).toHaveLength(LATEST_PAGE_SIZE)
    expect(state?.events[0]?.eventId).toBe(100_000 - LATEST_PAGE_SIZE + 1)
    expect(state?.hasOlder).toBe(true)
    expect(client.callsOf('readTranscript')).toEqual([
      { sessionId: SESSION_ID, beforeEventId: Number.MAX_SAFE_INTEGER, limit: LATEST_PAGE_SIZE },
    ])
  })

  it('reads older pages before the oldest event held, until there are none', async () => {
    serveTranscript(client, 350)
    const transcripts = useTranscriptsStore()
    await transcripts.open(SESSION_ID)
    await transcripts.loadOlder(SESSION_ID)
    expect(ids(transcripts)[0]).toBe(350 - LATEST_PAGE_SIZE - OLDER_PAGE_SIZE + 1)
    await transcripts.loadOlder(SESSION_ID)
    expect(ids(transcripts)).toEqual(Array.from({ length: 350 }, (_, index) => index + 1))
    expect(transcripts.transcriptOf(SESSION_ID)?.hasOlder).toBe(false)
    await transcripts.loadOlder(SESSION_ID)
    expect(client.callsOf('readTranscript')).toHaveLength(3)
  })

  it('appends live updates by eventId and drops repeats and stale ones', async () => {
    serveTranscript(client, 3)
    const transcripts = useTranscriptsStore()
    await transcripts.open(SESSION_ID)
    const update = (eventIds: number[]) =>
      client.push({
        push: 'session-update',
        idleEntries: [],
        summary: summary(),
        sessionId: SESSION_ID,
        application: 'ChatServer',
        endpoint: 'gms_builtin',
        state: 'active',
        events: eventIds.map((eventId) => message(eventId)),
      })
    update([4])
    update([4])
    update([2])
    update([6, 5])
    expect(ids(transcripts)).toEqual([1, 2, 3, 4, 5, 6])
    expect(transcripts.lastLiveMessage?.event.eventId).toBe(6)
  })

  it('keeps updates that arrive while the first page is loading', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    client.on('readTranscript', async () => {
      await gate
      return { result: { events: [message(1), message(2)], hasMore: false } }
    })
    const transcripts = useTranscriptsStore()
    const opening = transcripts.open(SESSION_ID)
    client.push({
      push: 'session-update',
      idleEntries: [],
      summary: summary(),
      sessionId: SESSION_ID,
      application: 'ChatServer',
      endpoint: 'gms_builtin',
      state: 'active',
      events: [message(3)],
    })
    release()
    await opening
    expect(ids(transcripts)).toEqual([1, 2, 3])
  })

  it('ignores updates of transcripts it does not hold', () => {
    const transcripts = useTranscriptsStore()
    client.push({
      push: 'session-update',
      idleEntries: [],
      summary: summary(),
      sessionId: SESSION_ID,
      application: 'ChatServer',
      endpoint: 'gms_builtin',
      state: 'active',
      events: [message(1)],
    })
    expect(transcripts.transcriptOf(SESSION_ID)).toBeUndefined()
  })

  it('catches up from the newest held event after a reconnection', async () => {
    const all = serveTranscript(client, 5)
    client.answer('signIn', { user: { id: 'agent1', name: 'Alex', role: 'agent' } })
    const currentUser = useCurrentUserStore()
    const transcripts = useTranscriptsStore()
    await currentUser.signIn('agent1')
    await transcripts.open(SESSION_ID)
    all.push(message(6), message(7))
    client.setStatus({ state: 'unreachable' })
    client.setStatus({ state: 'open' })
    await settle()
    expect(client.callsOf('signIn')).toHaveLength(2)
    expect(client.callsOf('readTranscript').at(-1)).toEqual({
      sessionId: SESSION_ID,
      afterEventId: 5,
      limit: 500,
    })
    expect(ids(transcripts)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('keeps the error of a refused read for the screen to show', async () => {
    client.refuse('readTranscript', { code: 'forbidden', message: 'Not your chat' })
    const transcripts = useTranscriptsStore()
    await transcripts.open(SESSION_ID)
    expect(transcripts.transcriptOf(SESSION_ID)?.error?.message).toBe('Not your chat')
  })
})
