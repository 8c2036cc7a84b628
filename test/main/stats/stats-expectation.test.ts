import { describe, expect, it } from 'vitest'
import {
  checkStats,
  readStatsReport,
  statsExpectationSchema,
} from '../../../src-main/stats/stats-expectation'
import { ConsoleService } from '../../../src-main/console/console-service'
import { DashboardFeed } from '../../../src-main/console/dashboard-feed'
import { SignedInUsers } from '../../../src-main/console/signed-in-users'
import { StatsRepository } from '../../../src-main/store/stats-repository'
import { createTestEngine, seconds, startChat } from '../../helpers/engine'
import { call, USERS } from '../console/console-fixture'

describe('expect: { stats: ... } for the harness', () => {
  it('reads the dashboard figures through a supervisor console and names each difference', async () => {
    const test = createTestEngine()
    const presence = new SignedInUsers()
    const dashboard = new DashboardFeed({
      engine: test.engine,
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
    })
    const supervisor = service.openSession()
    await call(supervisor, 'signIn', { userId: 'supervisor1' })
    try {
      const chat = await startChat(test.engine)
      await test.advance(seconds(45))
      await test.engine.leave(chat.sessionId, chat.customerPartyId)
      const expected = statsExpectationSchema.parse({ abandoned: 1, offered: 2 })
      const report = await readStatsReport(
        (method, params) => call(supervisor, method, params),
        expected,
      )
      expect(report).toMatchObject({ abandoned: 1, offered: 1, queued: 0 })
      // No subscription is left behind to keep timers on the scenario's clock.
      expect(dashboard.subscriberCount).toBe(0)
      expect(test.clock.pendingTimers).toBe(0)
      const mismatches = checkStats(expected, report)
      expect(mismatches.map(({ path, message }) => ({ path, message }))).toEqual([
        { path: 'expect.stats.offered', message: 'expected 2, got 1' },
      ])
      expect(mismatches[0]?.details).toContain('abandoned: 1')
    } finally {
      await supervisor.close()
      await test.close()
    }
  })

  it('refuses an expectation that names no figure, or an unknown one', () => {
    expect(statsExpectationSchema.safeParse({ window: '1h' }).success).toBe(false)
    expect(statsExpectationSchema.safeParse({ abandonned: 1 }).success).toBe(false)
    expect(statsExpectationSchema.safeParse({ abandoned: 0, window: 'today' }).success).toBe(true)
  })
})
