/**
 * The session list is filtered in SQL and built without a query per row: open sessions come from
 * memory, the parties of closed ones in one read.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTestEngine, startActiveChat, startChat, type TestEngine } from '../../helpers/engine'

let test: TestEngine
afterEach(async () => {
  vi.restoreAllMocks()
  await test.close()
})

describe('listing sessions', () => {
  it('reads a list of open and closed sessions in two queries, none per row', async () => {
    test = createTestEngine()
    const { engine, persistence } = test
    for (let index = 0; index < 3; index += 1) {
      const chat = await startActiveChat(engine)
      await engine.closeSession(chat.sessionId, chat.agentPartyId)
    }
    await startChat(engine)
    const perRow = [
      vi.spyOn(persistence, 'loadSession'),
      vi.spyOn(persistence, 'readEvents'),
      vi.spyOn(persistence, 'countEvents'),
    ]
    const loadParties = vi.spyOn(persistence, 'loadParties')
    const list = engine.listSessions({}, 'agent')
    expect(list.map((summary) => summary.state)).toEqual(['queued', 'closed', 'closed', 'closed'])
    expect(list.every((summary) => summary.parties.length > 0)).toBe(true)
    for (const spy of perRow) expect(spy).not.toHaveBeenCalled()
    expect(loadParties).toHaveBeenCalledTimes(1)
  })

  it('filters by state and by a present agent in the query itself', async () => {
    test = createTestEngine()
    const { engine } = test
    const queued = await startChat(engine)
    const active = await startActiveChat(engine)
    const left = await startActiveChat(engine)
    await engine.joinAgent(left.sessionId, { userId: 'agent2', nickname: 'Bo' })
    await engine.leave(left.sessionId, left.agentPartyId)
    const ids = (query: Parameters<typeof engine.listSessions>[0]) =>
      engine.listSessions(query, 'supervisor').map((summary) => summary.sessionId)
    expect(ids({ state: 'queued' })).toEqual([queued.sessionId])
    expect(ids({ state: 'active' })).toEqual([left.sessionId, active.sessionId])
    expect(ids({ state: 'active', agentUserId: 'agent1', isAgentPresent: true })).toEqual([
      active.sessionId,
    ])
    expect(ids({ state: 'active', agentUserId: 'agent1' })).toEqual([
      left.sessionId,
      active.sessionId,
    ])
  })
})
