import { afterEach, describe, expect, it } from 'vitest'
import { statsCommand, type CommandIo } from '../../../src-main/cli/stats-command'
import { computeStatsReport, computeWindowFigures } from '../../../src-main/stats/stats-figures'
import { openReadOnlyStore } from '../../../src-main/store/open-read-only'
import { STATS_SCHEMA_VERSION } from '../../../src-main/store/session-stats-migration'
import { StatsRepository } from '../../../src-main/store/stats-repository'
import type { StatsReport } from '../../../src-shared/stats'
import {
  createTestEngine,
  makeTempDir,
  seconds,
  startChat,
  type TestEngine,
} from '../../helpers/engine'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function engineInTempDir(): { test: TestEngine; dataDir: string } {
  const dir = makeTempDir()
  const test = createTestEngine({ databasePath: `${dir.path}/switchboard.db` })
  cleanups.push(dir.remove, () => test.close())
  return { test, dataDir: dir.path }
}

/**
 * Five chats on a virtual clock: A answered after 20 s and closed by its agent 60 s later; B
 * abandoned after 30 s; C answered after 50 s and closed by idle control 300 s later; D closed
 * by TTL; E still queued.
 */
async function playFloor(test: TestEngine): Promise<number> {
  const { engine } = test
  const startedAt = test.clock.now()
  const a = await startChat(engine)
  const b = await startChat(engine)
  await test.advance(seconds(20))
  const agentA = await engine.joinAgent(a.sessionId, { userId: 'agent1', nickname: 'Alex' })
  await test.advance(seconds(10))
  await engine.leave(b.sessionId, b.customerPartyId)
  const c = await startChat(engine)
  await test.advance(seconds(50))
  await engine.joinAgent(c.sessionId, { userId: 'agent2', nickname: 'Bea' })
  await engine.closeSession(a.sessionId, agentA.partyId)
  const d = await startChat(engine)
  await engine.expireQueued(d.sessionId)
  await startChat(engine)
  // Idle control (255 s to the alert, 45 s to the close) closes C.
  await test.advance(seconds(300))
  return startedAt
}

const EXPECTED: Partial<StatsReport> = {
  offered: 5,
  answered: 2,
  abandoned: 1,
  closedByIdle: 1,
  closedByTtl: 1,
  queued: 1,
  active: 0,
  averageWaitSeconds: 35,
  p90WaitSeconds: 50,
  averageHandleSeconds: 180,
  // A within 30 s, C not; B abandoned and D expired count against it: 1 of 4.
  serviceLevelPercent: 25,
  serviceLevelThresholdSeconds: 30,
}

function captureIo(now: number): CommandIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    now: () => now,
  }
  return io
}

describe('stats from the transcript store', () => {
  it('counts offered, answered, abandoned, idle and TTL closes, waits and handle time', async () => {
    const { test, dataDir } = engineInTempDir()
    const startedAt = await playFloor(test)
    const db = openReadOnlyStore(dataDir, STATS_SCHEMA_VERSION)
    cleanups.push(() => void db.close())
    const report = computeStatsReport(
      new StatsRepository(db),
      { since: startedAt, until: test.clock.now() + 1 },
      30,
    )
    expect(report).toMatchObject(EXPECTED)
  })

  it('gives the same figures after a restart, read by switchboard stats --json', async () => {
    const { test, dataDir } = engineInTempDir()
    await playFloor(test)
    const now = test.clock.now()
    await test.close()
    const io = captureIo(now)
    expect(statsCommand({ dataDir, since: '10m', json: true }, io)).toBe(0)
    expect(JSON.parse(io.stdout)).toMatchObject(EXPECTED)
    expect(io.stderr).toBe('')
  })

  it('reads while the app still has the database open for writing', async () => {
    const { test, dataDir } = engineInTempDir()
    await playFloor(test)
    const io = captureIo(test.clock.now())
    expect(statsCommand({ dataDir, since: '1h', json: true }, io)).toBe(0)
    expect(JSON.parse(io.stdout)).toMatchObject({ queued: 1, abandoned: 1 })
    // The app goes on writing beside the reader.
    await startChat(test.engine)
    const again = captureIo(test.clock.now())
    statsCommand({ dataDir, since: '1h', json: true }, again)
    expect(JSON.parse(again.stdout)).toMatchObject({ queued: 2, offered: 6 })
  })

  it('counts each figure by the time of its own moment, so a window cuts them apart', async () => {
    const { test, dataDir } = engineInTempDir()
    const startedAt = await playFloor(test)
    const db = openReadOnlyStore(dataDir, STATS_SCHEMA_VERSION)
    cleanups.push(() => void db.close())
    // The last 300 s (from C's answer on) saw D and E arrive, but not A, B or C (50 s earlier);
    // C answered and A closed at its very start, C closed by idle at its end.
    const now = test.clock.now()
    const lastFiveMinutes = computeWindowFigures(
      new StatsRepository(db),
      { since: now - seconds(300), until: now + 1 },
      30,
    )
    expect(lastFiveMinutes).toMatchObject({
      offered: 2,
      answered: 1,
      abandoned: 0,
      closedByIdle: 1,
      closedByTtl: 1,
      averageWaitSeconds: 50,
      averageHandleSeconds: 180,
      serviceLevelPercent: 0,
    })
    expect(lastFiveMinutes.since).toBeGreaterThan(startedAt)
  })

  it('prints aligned lines without --json', async () => {
    const { test, dataDir } = engineInTempDir()
    await playFloor(test)
    const io = captureIo(test.clock.now())
    expect(statsCommand({ dataDir, since: '1h' }, io)).toBe(0)
    expect(io.stdout).toMatch(/^abandoned +1$/m)
    expect(io.stdout).toMatch(/^service level \(30s\) +25%$/m)
    expect(io.stdout).toMatch(/^average handle time +3m$/m)
  })

  it('refuses a bad --since and a missing database with a clear message', () => {
    const dir = makeTempDir()
    cleanups.push(dir.remove)
    const io = captureIo(Date.now())
    expect(statsCommand({ dataDir: dir.path, since: 'yesterday' }, io)).toBe(2)
    expect(io.stderr).toContain('--since takes a duration such as 15m')
    const missing = captureIo(Date.now())
    expect(statsCommand({ dataDir: dir.path, since: '1h' }, missing)).toBe(2)
    expect(missing.stderr).toContain('No switchboard.db in')
  })
})
