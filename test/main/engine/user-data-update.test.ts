/**
 * `engine.updateUserData` (GMS v2 `updateData`): commit, then apply. The merge reaches memory
 * and the bus only once the session row is stored; it appends no event.
 */
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SessionUpdate } from '../../../src-main/engine/engine-bus'
import { EngineError } from '../../../src-main/engine/engine-error'
import { WriteRunner } from '../../../src-main/store/change-writes'
import { createTestEngine, startChat, type TestEngine } from '../../helpers/engine'

let test: TestEngine
afterEach(async () => {
  vi.restoreAllMocks()
  await test.close()
})

function setUp() {
  test = createTestEngine()
  const updates: SessionUpdate[] = []
  test.engine.bus.subscribe('supervisor', (update) => updates.push(update))
  return { engine: test.engine, updates }
}

describe('engine.updateUserData', () => {
  it('merges the keys, keeps the engine keys, stores the row and appends no event', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine, { Order: '1' })
    const lastEventId = engine.getSession(sessionId, 'supervisor')?.lastEventId

    const result = await engine.updateUserData(sessionId, { Order: '2', IsOnline: '0' })
    expect(result.eventIds).toEqual([])
    const session = engine.getSession(sessionId, 'supervisor')
    expect(session?.userData).toMatchObject({ Order: '2', IsOnline: '1' })
    expect(session?.lastEventId).toBe(lastEventId)
    const row = test.db
      .prepare('SELECT user_data FROM sessions WHERE session_id = ?')
      .pluck()
      .get(sessionId) as string
    expect(JSON.parse(row)).toMatchObject({ Order: '2', IsOnline: '1' })
  })

  it('changes nothing when the store cannot write the row (storage-full)', async () => {
    const { engine, updates } = setUp()
    const { sessionId } = await startChat(engine, { Order: '1' })
    updates.length = 0
    vi.spyOn(WriteRunner.prototype, 'run').mockImplementation(() => {
      throw new Database.SqliteError('injected SQLITE_FULL', 'SQLITE_FULL')
    })

    const failed = engine.updateUserData(sessionId, { Order: '2' })
    await expect(failed).rejects.toBeInstanceOf(EngineError)
    await expect(failed).rejects.toMatchObject({ code: 'storage-full' })
    expect(engine.getSession(sessionId, 'supervisor')?.userData.Order).toBe('1')
    expect(updates).toEqual([])
  })
})
