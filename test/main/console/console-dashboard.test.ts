import { afterEach, describe, expect, it } from 'vitest'
import type { ConsolePush, DashboardPush } from '../../../src-shared/console-api'
import { ConsoleService } from '../../../src-main/console/console-service'
import type { ConsoleSession } from '../../../src-main/console/console-session'
import { DashboardFeed } from '../../../src-main/console/dashboard-feed'
import { RaisedHands } from '../../../src-main/console/raised-hands'
import { SignedInUsers } from '../../../src-main/console/signed-in-users'
import { StatsRepository } from '../../../src-main/store/stats-repository'
import { createTestEngine, seconds, startChat, type TestEngine } from '../../helpers/engine'
import { call, refused, USERS } from './console-fixture'

interface DashboardKit extends TestEngine {
  window(userId: string): Promise<{ window: ConsoleSession; pushes: ConsolePush[] }>
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A console service with the dashboard feed, as `server.ts` wires it. */
function createDashboardKit(): DashboardKit {
  const test = createTestEngine()
  const presence = new SignedInUsers()
  const hands = new RaisedHands(test.clock, test.engine)
  const dashboard = new DashboardFeed({
    engine: test.engine,
    hands,
    stats: new StatsRepository(test.db),
    clock: test.clock,
    presence,
    logger: { info() {}, warn() {}, error() {} },
  })
  const service = new ConsoleService({
    engine: test.engine,
    users: USERS,
    clock: test.clock,
    dashboard,
    presence,
    hands,
  })
  const windows: ConsoleSession[] = []
  cleanups.push(async () => {
    await Promise.all(windows.map((window) => window.close()))
    await test.close()
  })
  return {
    ...test,
    async window(userId) {
      const window = service.openSession()
      windows.push(window)
      const pushes: ConsolePush[] = []
      window.subscribe((push) => pushes.push(push))
      await call(window, 'signIn', { userId })
      return { window, pushes }
    },
  }
}

const dashboardPushes = (pushes: ConsolePush[]): DashboardPush[] =>
  pushes.filter((push): push is DashboardPush => push.push === 'dashboard')

describe('the supervisor dashboard', () => {
  it('answers the snapshot at once, then pushes a new one after each change (no polling)', async () => {
    const kit = createDashboardKit()
    await startChat(kit.engine)
    const { window, pushes } = await kit.window('supervisor1')
    const first = await call(window, 'dashboard.subscribe', { window: '15m' })
    expect(first.now).toMatchObject({ queued: 1, active: 0 })
    expect(first.figures.offered).toBe(1)

    await kit.advance(seconds(40))
    const second = await startChat(kit.engine)
    await kit.advance(300)
    const latest = dashboardPushes(pushes).at(-1)?.snapshot
    expect(latest?.now.queued).toBe(2)
    expect(latest?.now.longestWait).toMatchObject({ seconds: 40 })
    expect(latest?.series.arrivals.reduce((a, b) => a + b)).toBe(2)

    await call(window, 'dashboard.unsubscribe', {})
    const count = dashboardPushes(pushes).length
    await kit.engine.leave(second.sessionId, second.customerPartyId)
    await kit.advance(seconds(60))
    expect(dashboardPushes(pushes)).toHaveLength(count)
  })

  it('makes one push of a burst of changes, and ticks while nothing happens', async () => {
    const kit = createDashboardKit()
    const { window, pushes } = await kit.window('supervisor1')
    await call(window, 'dashboard.subscribe', {})
    for (let i = 0; i < 5; i++) await startChat(kit.engine)
    await kit.advance(300)
    expect(dashboardPushes(pushes)).toHaveLength(1)
    await kit.advance(seconds(15))
    expect(dashboardPushes(pushes)).toHaveLength(2)
    expect(dashboardPushes(pushes)[1]?.snapshot.now.longestWait?.seconds).toBe(15)
  })

  it('never reaches an agent: refused to subscribe, and no push while supervisors get theirs', async () => {
    const kit = createDashboardKit()
    const agent = await kit.window('agent1')
    const supervisor = await kit.window('supervisor1')
    expect((await refused(agent.window, 'dashboard.subscribe', {})).code).toBe('forbidden')
    await call(supervisor.window, 'dashboard.subscribe', {})
    await startChat(kit.engine)
    await kit.advance(seconds(30))
    expect(dashboardPushes(supervisor.pushes).length).toBeGreaterThan(0)
    expect(agent.pushes.length).toBeGreaterThan(0)
    expect(dashboardPushes(agent.pushes)).toEqual([])
  })

  it('stops the pushes when the window signs in again as an agent', async () => {
    const kit = createDashboardKit()
    const { window, pushes } = await kit.window('supervisor1')
    await call(window, 'dashboard.subscribe', {})
    await call(window, 'signIn', { userId: 'agent1' })
    const count = dashboardPushes(pushes).length
    await startChat(kit.engine)
    await kit.advance(seconds(30))
    expect(dashboardPushes(pushes)).toHaveLength(count)
  })

  it('lists signed-in agents with their chats, and flags long waits and pending idle alerts', async () => {
    const kit = createDashboardKit()
    const agent = await kit.window('agent1')
    const { window } = await kit.window('supervisor1')
    const active = await startChat(kit.engine)
    await call(agent.window, 'accept', { sessionId: active.sessionId })
    const waiting = await startChat(kit.engine)
    // Idle control (on in the test application) sends its first alert after 255 s.
    await kit.advance(seconds(256))
    const snapshot = await call(window, 'dashboard.subscribe', { longWaitSeconds: 120 })
    expect(snapshot.now.agents).toEqual([
      {
        userId: 'agent1',
        name: 'Alex Agent',
        isSignedIn: true,
        sessionIds: [active.sessionId],
        answeredInWindow: 1,
      },
    ])
    expect(snapshot.now.longWaiting).toEqual([waiting.sessionId])
    expect(snapshot.now.idleAlertPending).toEqual([active.sessionId])
  })

  it('shows a raised hand at once, highlighted until it is lowered', async () => {
    const kit = createDashboardKit()
    const agent = await kit.window('agent1')
    const { window, pushes } = await kit.window('supervisor1')
    const { sessionId } = await startChat(kit.engine)
    await call(agent.window, 'accept', { sessionId })
    await call(window, 'dashboard.subscribe', {})
    await call(agent.window, 'raiseHand', { sessionId, note: 'Angry customer' })
    await kit.advance(300)
    expect(dashboardPushes(pushes).at(-1)?.snapshot.now.raisedHands).toEqual([
      expect.objectContaining({ sessionId, note: 'Angry customer' }),
    ])
    await call(agent.window, 'lowerHand', { sessionId })
    await kit.advance(300)
    expect(dashboardPushes(pushes).at(-1)?.snapshot.now.raisedHands).toEqual([])
  })
})
