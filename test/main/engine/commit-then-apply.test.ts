/**
 * Commit, then apply: a command's changes reach the session in memory, the bus and the answer
 * only once the store committed them. Faults are injected inside the persistence, where the
 * events are inserted, so the real transaction, group commit and error classification run.
 */
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EngineError } from '../../../src-main/engine/engine-error'
import type { SessionUpdate } from '../../../src-main/engine/engine-bus'
import { toFault } from '../../../src-main/esp/esp-faults'
import { toHttpError } from '../../../src-main/gms/gms-errors'
import { toConsoleError } from '../../../src-main/console/console-errors'
import { WriteRunner, type ChangeWrite } from '../../../src-main/store/change-writes'
import type { EventParams } from '../../../src-main/store/event-rows'
import {
  createTestEngine,
  messageTexts,
  sendInOneBatch,
  startActiveChat,
  transcript,
  type TestEngine,
} from '../../helpers/engine'

/** The event rows a change writes (the only writes whose parameters carry an event id). */
const eventsOf = (write: ChangeWrite) =>
  write.ops.map(([, params]) => params).filter((params) => 'eventId' in params) as EventParams[]

/** Makes every change that inserts an event whose text or type matches fail with a SQLite code. */
function failInserts(code: string, matches: (event: EventParams) => boolean) {
  const run = WriteRunner.prototype.run
  return vi.spyOn(WriteRunner.prototype, 'run').mockImplementation(function (
    this: WriteRunner,
    write: ChangeWrite,
  ) {
    if (eventsOf(write).some(matches)) throw new Database.SqliteError(`injected ${code}`, code)
    run.call(this, write)
  })
}

const withText = (text: string) => (event: EventParams) => event.text === text

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

const say = (text: string) => ({ kind: 'message', text }) as const

describe('commit, then apply', () => {
  it('answers storage-full for a full disk, and the message is nowhere: memory, bus, store', async () => {
    const { engine, updates } = setUp()
    const chat = await startActiveChat(engine)
    const before = engine.getSession(chat.sessionId, 'supervisor')
    const timelineBefore = engine.readIdleTimeline(chat.sessionId, 'supervisor')?.entries
    updates.length = 0
    failInserts('SQLITE_FULL', withText('boom'))

    const failed = engine.send(chat.sessionId, { partyId: chat.agentPartyId, content: say('boom') })
    await expect(failed).rejects.toMatchObject({ code: 'storage-full' })
    expect(updates).toEqual([])
    expect(engine.getSession(chat.sessionId, 'supervisor')).toEqual(before)
    expect(engine.readIdleTimeline(chat.sessionId, 'supervisor')?.entries).toEqual(timelineBefore)

    // Space is back: the next message takes the next id, so the transcript has no gap.
    const { eventIds } = await engine.send(chat.sessionId, {
      partyId: chat.agentPartyId,
      content: say('fine'),
    })
    expect(eventIds).toEqual([before!.lastEventId + 1])
    const ids = transcript(engine, chat.sessionId, 'supervisor').map((event) => event.eventId)
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, index) => index + 1))
  })

  it("commits other sessions' writes of a failing batch and fails only the failing session's", async () => {
    const { engine } = setUp()
    const first = await startActiveChat(engine)
    const second = await startActiveChat(engine)
    failInserts('SQLITE_FULL', withText('boom'))

    // One tick, so one batch: the failure is in the middle of it.
    const statuses = await sendInOneBatch(engine, [
      [first, 'one'],
      [second, 'boom'],
      [second, 'decided on top of boom'],
      [first, 'two'],
    ])
    expect(statuses).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
    expect(messageTexts(engine, first.sessionId)).toEqual(['one', 'two'])
    expect(messageTexts(engine, second.sessionId)).toEqual([])

    expect(await sendInOneBatch(engine, [[second, 'after']])).toEqual(['fulfilled'])
    expect(messageTexts(engine, second.sessionId)).toEqual(['after'])
    const ids = transcript(engine, second.sessionId, 'supervisor').map((event) => event.eventId)
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, index) => index + 1))
  })

  it('leaves a session whose close failed open, in memory and in the store', async () => {
    const { engine } = setUp()
    const chat = await startActiveChat(engine)
    const spy = failInserts('SQLITE_IOERR_WRITE', (event) => event.type === 'session-closed')

    await expect(engine.closeSession(chat.sessionId, chat.agentPartyId)).rejects.toMatchObject({
      code: 'storage-error',
    })
    expect(engine.getSession(chat.sessionId, 'agent')?.state).toBe('active')
    expect(test.persistence.loadSession(chat.sessionId)?.session.state).toBe('active')
    expect(engine.openSessionCount()).toBe(1)
    // Still open for everyone: a message goes through, and the close works once the disk does.
    await engine.send(chat.sessionId, { partyId: chat.customerPartyId, content: say('hello?') })
    spy.mockRestore()
    await engine.closeSession(chat.sessionId, chat.agentPartyId)
    expect(engine.getSession(chat.sessionId, 'agent')?.state).toBe('closed')
    expect(engine.openSessionCount()).toBe(0)
  })

  it('refuses commands on a session whose close is still being committed', async () => {
    const { engine } = setUp()
    const chat = await startActiveChat(engine)
    const closing = engine.closeSession(chat.sessionId, chat.agentPartyId)
    const late = engine.send(chat.sessionId, { partyId: chat.customerPartyId, content: say('x') })
    await expect(late).rejects.toMatchObject({ code: 'session-closed' })
    await closing
  })

  it('leaves no session behind when its creation cannot be committed', async () => {
    const { engine } = setUp()
    failInserts('SQLITE_FULL', (event) => event.type === 'party-joined')
    await expect(engine.createSession({ customerNickname: 'Ann' })).rejects.toMatchObject({
      code: 'storage-full',
    })
    expect(engine.openSessionCount()).toBe(0)
    expect(engine.listSessions({}, 'supervisor')).toEqual([])
  })

  it('rejects with the error itself for a bug, and still leaves nothing behind', async () => {
    const { engine } = setUp()
    const chat = await startActiveChat(engine)
    const before = engine.getSession(chat.sessionId, 'supervisor')
    failInserts('SQLITE_CONSTRAINT_PRIMARYKEY', withText('boom'))
    const failed = engine.send(chat.sessionId, { partyId: chat.agentPartyId, content: say('boom') })
    await expect(failed).rejects.toBeInstanceOf(Database.SqliteError)
    expect(engine.getSession(chat.sessionId, 'supervisor')).toEqual(before)
  })

  it('keeps reads working while the disk is full', async () => {
    const { engine } = setUp()
    const chat = await startActiveChat(engine)
    failInserts('SQLITE_FULL', () => true)
    await expect(
      engine.send(chat.sessionId, { partyId: chat.agentPartyId, content: say('x') }),
    ).rejects.toBeInstanceOf(EngineError)
    expect(transcript(engine, chat.sessionId, 'agent').length).toBeGreaterThan(0)
    expect(engine.readCustomerEntries(chat.sessionId, 1).events.length).toBeGreaterThan(0)
  })
})

describe('storage faults as each transport answers them (docs/limits.md, "Storage")', () => {
  const full = new EngineError('storage-full', 'The store is out of disk space')
  const io = new EngineError('storage-error', 'The store could not write (disk I/O error)')
  const logger = { info() {}, warn() {}, error() {} }

  it('ESP: fault storage-full; another I/O error is internal-error naming it', () => {
    expect(toFault(full, 'Message').code).toBe('storage-full')
    expect(toFault(io, 'Message')).toMatchObject({ code: 'internal-error' })
    expect(toFault(io, 'Message').text).toMatch(/disk I\/O error/)
  })

  it('GMS: 503 StorageFull, 503 StorageError', () => {
    expect(toHttpError(full)).toMatchObject({ status: 503, body: { exception: 'StorageFull' } })
    expect(toHttpError(io)).toMatchObject({ status: 503, body: { exception: 'StorageError' } })
  })

  it('console: storage-full and storage-error', () => {
    expect(toConsoleError(full, 'sendMessage', logger).code).toBe('storage-full')
    expect(toConsoleError(io, 'sendMessage', logger).code).toBe('storage-error')
  })
})
