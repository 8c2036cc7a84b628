import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DashboardSnapshot } from '../../../src-shared/stats'
import { useCurrentUserStore } from '../../../src-renderer/src/stores/current-user'
import { useDashboardStore } from '../../../src-renderer/src/stores/dashboard'
import { useFloorAlertsStore } from '../../../src-renderer/src/stores/floor-alerts'
import { freshStores, settle, type FakeConsoleClient } from '../fake-client'

const supervisor = { id: 'supervisor1', name: 'Sam Supervisor', role: 'supervisor' } as const
const agent = { id: 'agent1', name: 'Alex Agent', role: 'agent' } as const

function snapshot(now: Partial<DashboardSnapshot['now']> = {}): DashboardSnapshot {
  return {
    serverTime: 1000,
    window: '15m',
    now: {
      queued: 0,
      active: 0,
      longestWait: null,
      agents: [],
      supervised: [],
      idleAlertPending: [],
      longWaiting: [],
      raisedHands: [],
      ...now,
    },
    figures: {
      since: 0,
      until: 1001,
      offered: 0,
      answered: 0,
      abandoned: 0,
      closedByIdle: 0,
      closedByTtl: 0,
      averageWaitSeconds: null,
      p90WaitSeconds: null,
      averageHandleSeconds: null,
      serviceLevelPercent: null,
      serviceLevelThresholdSeconds: 30,
    },
    series: { bucketSeconds: 60, arrivals: [0], answered: [0], abandoned: [0] },
    waitDistribution: { limitsSeconds: [10], counts: [0, 0] },
  }
}

describe('the dashboard store', () => {
  let client: FakeConsoleClient

  beforeEach(() => {
    client = freshStores()
    client
      .answer('dashboard.subscribe', snapshot({ queued: 1 }))
      .answer('dashboard.unsubscribe', { isSubscribed: false })
      .answer('listRaisedHands', { hands: [] })
  })

  it('subscribes when a supervisor signs in, then follows the pushes without asking again', async () => {
    client.answer('signIn', { user: supervisor })
    const dashboard = useDashboardStore()
    await useCurrentUserStore().signIn('supervisor1')
    await settle()
    expect(dashboard.snapshot?.now.queued).toBe(1)
    client.push({ push: 'dashboard', snapshot: snapshot({ queued: 4 }) })
    expect(dashboard.snapshot?.now.queued).toBe(4)
    expect(client.callsOf('dashboard.subscribe')).toHaveLength(1)
  })

  it('never subscribes for an agent', async () => {
    client.answer('signIn', { user: agent })
    const dashboard = useDashboardStore()
    await useCurrentUserStore().signIn('agent1')
    await settle()
    await dashboard.show('dashboard')
    expect(client.callsOf('dashboard.subscribe')).toEqual([])
    expect(dashboard.isShown).toBe(false)
  })

  it('turns long waits, pending idle alerts and raised hands into alerts per chat', async () => {
    client.answer('signIn', { user: supervisor })
    useDashboardStore()
    const alerts = useFloorAlertsStore()
    await useCurrentUserStore().signIn('supervisor1')
    await settle()
    client.push({
      push: 'dashboard',
      snapshot: snapshot({
        longWaiting: ['S000000000000001'],
        idleAlertPending: ['S000000000000001'],
        raisedHands: [
          {
            sessionId: 'S000000000000002',
            raisedBy: { userId: 'agent1', name: 'Alex Agent' },
            note: 'help',
            raisedAt: 1,
            pickedUpBy: null,
            pickedUpAt: null,
          },
        ],
      }),
    })
    expect(Object.fromEntries(alerts.kindsBySession)).toEqual({
      S000000000000001: ['long-wait', 'idle'],
      S000000000000002: ['hand'],
    })
    expect(alerts.alerts[0]?.text).toBe('Alex Agent raised a hand on chat S000000000000002: “help”')
  })

  describe('desktop notifications', () => {
    const shown: { title: string; body?: string }[] = []
    afterEach(() => {
      vi.unstubAllGlobals()
      shown.splice(0)
    })

    it('notify each new alert once, and only for a supervisor who turned them on', async () => {
      vi.stubGlobal(
        'Notification',
        class {
          static permission = 'granted'
          onclick: (() => void) | null = null
          constructor(title: string, options?: { body?: string }) {
            shown.push({ title, body: options?.body })
          }
        },
      )
      client = freshStores()
      client
        .answer('dashboard.subscribe', snapshot())
        .answer('listRaisedHands', { hands: [] })
        .answer('signIn', { user: supervisor })
      useDashboardStore()
      const alerts = useFloorAlertsStore()
      await useCurrentUserStore().signIn('supervisor1')
      await settle()
      const waiting = snapshot({ longWaiting: ['S000000000000001'] })
      client.push({ push: 'dashboard', snapshot: waiting })
      await settle()
      expect(shown).toEqual([])

      alerts.setDesktop(true)
      client.push({
        push: 'dashboard',
        snapshot: snapshot({ longWaiting: ['S000000000000001', 'S000000000000002'] }),
      })
      await settle()
      client.push({
        push: 'dashboard',
        snapshot: snapshot({ longWaiting: ['S000000000000001', 'S000000000000002'] }),
      })
      await settle()
      expect(shown).toEqual([
        { title: 'Alerts', body: 'Chat S000000000000002 has waited too long' },
      ])
    })
  })
})
