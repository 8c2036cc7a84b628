import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionSummary } from '../../../src-shared/domain'
import { useCurrentUserStore } from '../../../src-renderer/src/stores/current-user'
import { useIdleCountdownStore } from '../../../src-renderer/src/stores/idle-countdown'
import { useNotificationsStore } from '../../../src-renderer/src/stores/notifications'
import { useSelectedSessionStore } from '../../../src-renderer/src/stores/selected-session'
import {
  freshStores,
  message,
  SESSION_ID,
  settle,
  summary,
  type FakeConsoleClient,
} from '../fake-client'

const NOW = 1_700_000_000_000
const agentParty = {
  partyId: 'AGENTPARTY000001',
  nickname: 'Alex',
  type: 'AGENT' as const,
  userId: 'agent1',
  isPresent: true,
}

describe('the open session', () => {
  let client: FakeConsoleClient
  let current: SessionSummary

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW })
    client = freshStores()
    current = summary({
      idleStatus: { phase: 'alert', deadline: NOW + 30_000, phaseStartedAt: NOW - 225_000 },
      idleControl: { ...summary().idleControl, enabled: true },
      parties: [...summary().parties, agentParty],
    })
    client.on('getSession', () => ({ result: { session: current, serverTime: Date.now() } }))
    client.answer('signIn', { user: { id: 'agent1', name: 'Alex', role: 'agent' } })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('counts the idle deadline down each second', async () => {
    await useSelectedSessionStore().select(SESSION_ID)
    const idle = useIdleCountdownStore()
    expect(idle.countdown).toEqual({ phase: 'alert', secondsLeft: 30, isDue: false })
    vi.advanceTimersByTime(3000)
    expect(idle.countdown?.secondsLeft).toBe(27)
  })

  it('applies the summary a push carries, with no second getSession, and drops a stale one', async () => {
    const selected = useSelectedSessionStore()
    await selected.select(SESSION_ID)
    const calls = client.callsOf('getSession').length
    const pushOf = (session: SessionSummary) =>
      client.push({
        push: 'session-update',
        idleEntries: [],
        summary: session,
        sessionId: SESSION_ID,
        application: 'ChatServer',
        endpoint: 'gms_builtin',
        state: 'active',
        events: [message(session.lastEventId)],
      })
    const fresh = {
      ...current,
      lastEventId: current.lastEventId + 1,
      idleStatus: { ...current.idleStatus, deadline: NOW + 255_000 },
    }
    pushOf(fresh)
    pushOf(fresh)
    expect(useIdleCountdownStore().countdown?.secondsLeft).toBe(255)
    // Older than what is shown (it crossed the newer one on the way): dropped.
    pushOf({ ...current, idleStatus: { ...current.idleStatus, deadline: NOW + 5_000 } })
    expect(useIdleCountdownStore().countdown?.secondsLeft).toBe(255)
    await vi.advanceTimersByTimeAsync(300)
    expect(client.callsOf('getSession').length).toBe(calls)
  })

  it('knows whether the user is in the session', async () => {
    await useCurrentUserStore().signIn('agent1')
    const selected = useSelectedSessionStore()
    await selected.select(SESSION_ID)
    expect(selected.isParticipant).toBe(true)
    expect(selected.myParty?.partyId).toBe('AGENTPARTY000001')
  })

  it('notifies of a customer’s message in a session the user is in, not of its own', async () => {
    const shown: { title: string; body: string | undefined }[] = []
    class FakeNotification {
      static permission = 'granted'
      static requestPermission = async () => 'granted'
      onclick: (() => void) | null = null
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body })
      }
    }
    vi.stubGlobal('Notification', FakeNotification)
    useNotificationsStore()
    await useCurrentUserStore().signIn('agent1')
    await useSelectedSessionStore().select(SESSION_ID)
    client.push({
      push: 'session-update',
      idleEntries: [],
      summary: { ...current, lastEventId: 6 },
      sessionId: SESSION_ID,
      application: 'ChatServer',
      endpoint: 'gms_builtin',
      state: 'active',
      events: [message(5, 'Are you there?'), message(6, 'Yes', { partyId: 'AGENTPARTY000001' })],
    })
    expect(shown).toEqual([{ title: 'Message from Ann', body: 'Are you there?' }])
  })

  it('notifies of a new queued chat', async () => {
    const shown: string[] = []
    class FakeNotification {
      static permission = 'granted'
      onclick: (() => void) | null = null
      constructor(title: string, options?: { body?: string }) {
        shown.push(`${title}: ${options?.body}`)
      }
    }
    vi.stubGlobal('Notification', FakeNotification)
    useNotificationsStore()
    await useCurrentUserStore().signIn('agent1')
    client.push({
      push: 'session-list-changed',
      summary: summary(),
      sessionId: SESSION_ID,
      state: 'queued',
      change: 'created',
    })
    await settle()
    expect(shown).toEqual(['New chat waiting: Ann Lee is waiting in gms_builtin.'])
  })

  it('never asks for permission by itself', async () => {
    const requestPermission = vi.fn(async () => 'granted')
    vi.stubGlobal(
      'Notification',
      class {
        static permission = 'default'
        static requestPermission = requestPermission
      },
    )
    const notifications = useNotificationsStore()
    expect(notifications.shouldOffer).toBe(true)
    expect(requestPermission).not.toHaveBeenCalled()
    await notifications.requestPermission()
    expect(notifications.permission).toBe('granted')
    expect(notifications.shouldOffer).toBe(false)
  })
})
