import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionListItem } from '../../../src-shared/console-api'
import { useCurrentUserStore } from '../../../src-renderer/src/stores/current-user'
import { toSessionFilters, useSessionsStore } from '../../../src-renderer/src/stores/sessions'
import { freshStores, settle, summary, type FakeConsoleClient } from '../fake-client'

const START = Date.parse('2025-01-01T10:00:00.000Z')

function row(sessionId: string, overrides: Partial<SessionListItem> = {}): SessionListItem {
  return { ...summary({ sessionId, ...overrides }), waitSeconds: null, ...overrides }
}

describe('the sessions store', () => {
  let client: FakeConsoleClient

  beforeEach(() => {
    vi.useFakeTimers({ now: START + 60_000 })
    client = freshStores()
    client.answer('signIn', { user: { id: 'agent1', name: 'Alex Agent', role: 'agent' } })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('loads the list on sign-in and shows the queue longest-waiting first', async () => {
    client.answer('listSessions', {
      sessions: [
        row('B000000000000000', { state: 'queued', startedAt: '2025-01-01T10:00:30.000Z' }),
        row('A000000000000000', { state: 'queued', startedAt: '2025-01-01T10:00:00.000Z' }),
      ],
      serverTime: START + 60_000,
      isTruncated: false,
    })
    const sessions = useSessionsStore()
    await useCurrentUserStore().signIn('agent1')
    await settle()
    expect(sessions.queue.map((item) => item.sessionId)).toEqual([
      'A000000000000000',
      'B000000000000000',
    ])
  })

  it('ticks wait times on the server clock, whatever the local clock says', async () => {
    client.answer('listSessions', {
      sessions: [row('A000000000000000', { state: 'queued' })],
      // The server is 10 s ahead of this machine.
      serverTime: START + 70_000,
      isTruncated: false,
    })
    const sessions = useSessionsStore()
    await useCurrentUserStore().signIn('agent1')
    await settle()
    const queued = sessions.queue[0] as SessionListItem
    expect(sessions.waitSecondsOf(queued)).toBe(70)
    vi.advanceTimersByTime(5000)
    expect(sessions.waitSecondsOf(queued)).toBe(75)
  })

  it('shows the agent its own chats besides the queue', async () => {
    const own = row('C000000000000000', {
      parties: [
        {
          partyId: 'AGENTPARTY000001',
          nickname: 'Alex',
          type: 'AGENT',
          userId: 'agent1',
          isPresent: true,
        },
      ],
    })
    client.answer('listSessions', { sessions: [own], serverTime: START, isTruncated: false })
    const sessions = useSessionsStore()
    await useCurrentUserStore().signIn('agent1')
    await settle()
    expect(sessions.mine.map((item) => item.sessionId)).toEqual(['C000000000000000'])
    expect(sessions.navigationOrder).toEqual(['C000000000000000'])
  })

  it('upserts the rows pushes carry, idempotently and without reloading; drops stale ones', async () => {
    client.answer('listSessions', { sessions: [], serverTime: START, isTruncated: false })
    const sessions = useSessionsStore()
    await useCurrentUserStore().signIn('agent1')
    await settle()
    const before = client.callsOf('listSessions').length
    const queued = summary({ sessionId: 'X000000000000001', state: 'queued', lastEventId: 1 })
    const pushOf = (row: typeof queued) =>
      client.push({
        push: 'session-list-changed',
        summary: row,
        sessionId: row.sessionId,
        state: row.state,
        change: 'created',
      })
    for (let i = 0; i < 3; i++) pushOf(queued)
    expect(sessions.queue.map((row) => row.sessionId)).toEqual(['X000000000000001'])
    // Another agent took it: it leaves this agent's list; the older push arriving late is dropped.
    pushOf({ ...queued, state: 'active', lastEventId: 2 })
    pushOf(queued)
    expect(sessions.rows).toEqual([])
    vi.advanceTimersByTime(400)
    await settle()
    expect(client.callsOf('listSessions').length).toBe(before)
  })

  it('reloads once for a burst of list changes under a transcript search', async () => {
    client.answer('listSessions', { sessions: [], serverTime: START, isTruncated: false })
    const sessions = useSessionsStore()
    await useCurrentUserStore().signIn('agent1')
    await settle()
    sessions.filters.text = 'refund'
    vi.advanceTimersByTime(400)
    await settle()
    const before = client.callsOf('listSessions').length
    for (let i = 0; i < 5; i++) {
      client.push({
        push: 'session-list-changed',
        summary: summary(),
        sessionId: 'X',
        state: 'queued',
        change: 'created',
      })
    }
    vi.advanceTimersByTime(400)
    await settle()
    expect(client.callsOf('listSessions').length - before).toBe(1)
  })

  it('sends only the filters that are set', () => {
    expect(
      toSessionFilters({
        state: 'any',
        endpoint: '',
        application: ' ChatServer ',
        agent: '',
        language: 'fr-FR',
        text: '',
      }),
    ).toEqual({ application: 'ChatServer', language: 'fr-FR' })
  })

  it('keeps a refused load as an error instead of throwing', async () => {
    client.refuse('listSessions', { code: 'engine-unreachable', message: 'Engine gone' })
    const sessions = useSessionsStore()
    await useCurrentUserStore().signIn('agent1')
    await settle()
    expect(sessions.error?.message).toBe('Engine gone')
    expect(sessions.isLoading).toBe(false)
  })
})
