import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  computeSeries,
  computeWindowFigures,
  figuresOf,
} from '../../../src-main/stats/stats-figures'
import { HOUR_MS, StatsRepository } from '../../../src-main/store/stats-repository'
import { openReadOnlyStore } from '../../../src-main/store/open-read-only'
import {
  createTestEngine,
  makeTempDir,
  seconds,
  startChat,
  type TestEngine,
} from '../../helpers/engine'

/**
 * Chats over five hours on a virtual clock, with waits of 0 s to 3 min, some abandoned, some
 * closed by their agent: the hourly rollups must give exactly what the per-session rows give.
 */
let test: TestEngine
let stats: StatsRepository
let start: number
let end: number
const dir = makeTempDir()
let closeDb = () => {}

beforeAll(async () => {
  test = createTestEngine({ databasePath: `${dir.path}/switchboard.db`, idle: { enabled: false } })
  start = test.clock.now()
  for (let i = 0; i < 90; i++) {
    const chat = await startChat(test.engine)
    await test.advance(seconds((i * 37) % 180))
    if (i % 7 === 0) {
      await test.engine.leave(chat.sessionId, chat.customerPartyId)
    } else {
      const agent = await test.engine.joinAgent(chat.sessionId, {
        userId: `agent${i % 3}`,
        nickname: `Agent ${i % 3}`,
      })
      await test.advance(seconds(60))
      if (i % 2 === 0) await test.engine.closeSession(chat.sessionId, agent.partyId)
    }
    await test.advance(seconds(20))
  }
  end = test.clock.now()
  const db = openReadOnlyStore(dir.path)
  closeDb = () => db.close()
  stats = new StatsRepository(db)
})

afterAll(async () => {
  closeDb()
  await test.close()
  dir.remove()
})

/** The same figures from the per-session rows alone, without any rollup. */
function rawFigures(range: { since: number; until: number }) {
  return figuresOf(
    { totals: stats.rawRangeTotals(range), waits: stats.rawWaitCounts(range), agents: [] },
    range,
    30,
  )
}

describe('hourly rollups', () => {
  it('spans more than three whole hours (else this test proves nothing)', () => {
    expect(end - start).toBeGreaterThan(3 * HOUR_MS)
    expect(computeWindowFigures(stats, { since: start, until: end + 1 }, 30).offered).toBe(90)
  })

  it('give the per-session figures for any window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: start - HOUR_MS, max: end }),
        fc.integer({ min: 1, max: 6 * HOUR_MS }),
        (since, length) => {
          const range = { since, until: since + length }
          expect(computeWindowFigures(stats, range, 30)).toEqual(rawFigures(range))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('give the per-session hourly series', () => {
    const range = { since: Math.floor(start / HOUR_MS) * HOUR_MS, until: end + 1 }
    const series = computeSeries(stats, range, HOUR_MS)
    const arrivals = series.arrivals.map((_, bucket) =>
      stats.rawRangeTotals({
        since: range.since + bucket * HOUR_MS,
        until: Math.min(range.until, range.since + (bucket + 1) * HOUR_MS),
      }),
    )
    expect(series.arrivals).toEqual(arrivals.map((totals) => totals.offered))
    expect(series.abandoned).toEqual(arrivals.map((totals) => totals.abandoned))
    expect(series.arrivals.reduce((a, b) => a + b)).toBe(90)
  })
})
