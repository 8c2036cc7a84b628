import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CompareViewsResult, TranscriptPage } from '../../../src-shared/console-api'
import { useCompareViewsStore } from '../../../src-renderer/src/stores/compare-views'
import { useSelectedSessionStore } from '../../../src-renderer/src/stores/selected-session'
import {
  freshStores,
  message,
  SESSION_ID,
  settle,
  summary,
  type FakeConsoleClient,
} from '../fake-client'

/** Events 1-3: an ALL greeting, an INT note, a VIP whisper; each audience numbers its own. */
function views(): CompareViewsResult {
  return {
    customer: { events: [message(1, 'Hello')], hasMore: false },
    agent: {
      events: [message(1, 'Hello'), message(2, 'note', { visibility: 'INT' })],
      hasMore: false,
    },
    supervisor: {
      events: [
        message(1, 'Hello'),
        message(2, 'note', { visibility: 'INT' }),
        message(3, 'whisper', { visibility: 'VIP' }),
      ],
      hasMore: false,
    },
  }
}

let client: FakeConsoleClient

/** A page as [number, text] pairs (every event here is a message). */
const numbered = (page: TranscriptPage) =>
  page.events.map((event) => [event.eventId, 'text' in event ? event.text : event.type])

function pushEvents(...events: ReturnType<typeof message>[]) {
  client.push({
    push: 'session-update',
    sessionId: SESSION_ID,
    application: 'ChatServer',
    endpoint: 'gms_builtin',
    state: 'active',
    events,
    summary: summary({ lastEventId: events.at(-1)!.eventId }),
    idleEntries: [],
  })
}

describe('the side-by-side views', () => {
  beforeEach(async () => {
    vi.useFakeTimers()
    client = freshStores()
    client.answer('getSession', { session: summary({ lastEventId: 3 }), serverTime: 0 })
    client.on('compareViews', () => ({ result: views() }))
    await useSelectedSessionStore().select(SESSION_ID)
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('extends each audience’s view from a push, numbered its own way, without reading again', async () => {
    const compare = useCompareViewsStore()
    compare.show(true)
    await settle()

    pushEvents(message(4, 'Hi, Ada here'), message(5, 'second note', { visibility: 'INT' }))
    pushEvents(message(4, 'Hi, Ada here')) // a repeated push is applied once
    await vi.advanceTimersByTimeAsync(1000)

    expect(client.callsOf('compareViews')).toHaveLength(1)
    const shown = compare.views!
    expect(numbered(shown.customer)).toEqual([
      [1, 'Hello'],
      [2, 'Hi, Ada here'],
    ])
    expect(numbered(shown.agent)).toEqual([
      [1, 'Hello'],
      [2, 'note'],
      [3, 'Hi, Ada here'],
      [4, 'second note'],
    ])
    expect(shown.supervisor.events.map((event) => event.eventId)).toEqual([1, 2, 3, 4, 5])
  })

  it('reads the views again when a push does not follow on from what is shown', async () => {
    const compare = useCompareViewsStore()
    compare.show(true)
    await settle()

    pushEvents(message(7, 'after a lost push'))
    await vi.advanceTimersByTimeAsync(1000)

    expect(client.callsOf('compareViews')).toHaveLength(2)
  })

  it('keeps only the newest page of each view, and says older events exist', async () => {
    const compare = useCompareViewsStore()
    compare.show(true)
    await settle()

    pushEvents(...Array.from({ length: 60 }, (_, index) => message(4 + index)))
    await settle()

    const { customer, supervisor } = compare.views!
    expect(customer.events).toHaveLength(50)
    expect(customer.hasMore).toBe(true)
    expect(customer.events.at(-1)!.eventId).toBe(61)
    expect(supervisor.events.at(-1)!.eventId).toBe(63)
  })
})
