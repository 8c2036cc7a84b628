/**
 * The writer thread: what differs from committing on the main connection (the shared contract is
 * in group-commit.test.ts, run on both paths).
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { StoreWriteError } from '../../../src-main/engine/ports'
import {
  DATABASE_FILE_NAME,
  SqlitePersistence,
  openDatabase,
  openStore,
} from '../../../src-main/store'
import { toChangeWrite } from '../../../src-main/store/change-writes'
import type { BatchOutcome } from '../../../src-main/store/group-commit'
import { WriterThread } from '../../../src-main/store/writer-thread'
import {
  createTestEngine,
  messageTexts,
  sendInOneBatch,
  startActiveChat,
} from '../../helpers/engine'
import { changeWith, message, numberEvents, sessionRecord, useTempDirs } from './store-fixtures'

const tempDir = useTempDirs()
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

/** A store whose every batch commits in the writer thread. */
function openFileStore(path = join(tempDir(), DATABASE_FILE_NAME)) {
  const store = openStore(path, { maxItemsOnMainThread: 0 })
  closers.push(async () => {
    store.persistence.close()
    await store.persistence.closed
  })
  return { ...store, path }
}

const sessionNumber = (index: number) => `Sess${String(index).padStart(12, '0')}`
const firstMessageOf = (index: number) => {
  const session = sessionRecord({ sessionId: sessionNumber(index) })
  return changeWith(session, numberEvents(session.sessionId, [message(`hello ${index}`)], 1))
}

describe('the writer thread', () => {
  it('answers a large batch over several turns of the event loop, in commit order', async () => {
    const { persistence } = openFileStore()
    let turn = 0
    let isCounting = true
    const countTurns = () => {
      turn += 1
      if (isCounting) setImmediate(countTurns)
    }
    setImmediate(countTurns)
    const answeredIn: number[] = []
    const order: number[] = []
    const writes = Array.from({ length: 200 }, (_, index) =>
      persistence.write(firstMessageOf(index)).then(() => {
        answeredIn.push(turn)
        order.push(index)
      }),
    )
    await Promise.all(writes)
    isCounting = false

    expect(persistence.stats).toMatchObject({ batches: 1, items: 200 })
    expect(order).toEqual(Array.from({ length: 200 }, (_, index) => index))
    // All 200 in one turn would hold every other client (ESP, GMS, the console) meanwhile.
    const perTurn = new Map<number, number>()
    for (const value of answeredIn) perTurn.set(value, (perTurn.get(value) ?? 0) + 1)
    expect(perTurn.size).toBeGreaterThan(4)
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(50)
  })

  it('has every acknowledged and queued write on disk once close() returns', async () => {
    const { persistence, path } = openFileStore()
    await persistence.write(firstMessageOf(0))
    for (let index = 1; index < 50; index++) void persistence.write(firstMessageOf(index))
    persistence.close()

    const reader = openDatabase(path)
    try {
      expect(reader.prepare('SELECT count(*) FROM events').pluck().get()).toBe(50)
    } finally {
      reader.close()
    }
  })

  it('checkpoints by itself once told to (the checkpoint thread failed)', async () => {
    const path = join(tempDir(), DATABASE_FILE_NAME)
    const db = openDatabase(path)
    db.pragma('wal_autocheckpoint = 0')
    const writer = new WriterThread(path, {
      synchronous: 2,
      busyTimeoutMs: 1000,
      autocheckpointPages: 0,
    })
    const persistence = new SqlitePersistence(db, undefined, { writer, maxItemsOnThisThread: 0 })
    closers.push(async () => {
      persistence.close()
      await persistence.closed
    })
    const bigMessages = (from: number) =>
      Array.from({ length: 40 }, (_, index) => {
        const session = sessionRecord({ sessionId: sessionNumber(from + index) })
        const text = 'x'.repeat(4000)
        return persistence.write(
          changeWith(session, numberEvents(session.sessionId, [message(text)], 1)),
        )
      })
    const fileSize = () => statSync(path).size

    const sizeBefore = fileSize()
    await Promise.all(bigMessages(0))
    expect(fileSize()).toBe(sizeBefore)

    writer.checkpointAutomatically(1)
    await Promise.all(bigMessages(100))
    expect(fileSize()).toBeGreaterThan(sizeBefore + 100_000)
  })

  it('fails the batch it held when the thread stops, logs it, then commits on the main thread', async () => {
    const db = openDatabase(':memory:')
    const errors: unknown[][] = []
    const logger = { info() {}, warn() {}, error: (...args: unknown[]) => errors.push(args) }
    // A directory is no database file: the thread's connection fails as it opens.
    const writer = new WriterThread(tempDir(), {
      synchronous: 2,
      busyTimeoutMs: 100,
      autocheckpointPages: 0,
      logger,
    })
    const persistence = new SqlitePersistence(db, undefined, { writer, maxItemsOnThisThread: 0 })
    closers.push(async () => {
      persistence.close()
      await persistence.closed
    })

    const failed = persistence.write(firstMessageOf(0))
    await expect(failed).rejects.toBeInstanceOf(StoreWriteError)
    await expect(failed).rejects.toMatchObject({ reason: 'io' })
    expect(errors[0]?.[0]).toMatch(/writer thread stopped: batches commit on the main thread/)
    expect(writer.isAvailable).toBe(false)

    await persistence.write(firstMessageOf(1))
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1)
    expect(persistence.stats).toMatchObject({ failedItems: 1, items: 1 })
  })

  it("commits, then applies, through the thread: one session's failed write leaves the others", async () => {
    const path = join(tempDir(), DATABASE_FILE_NAME)
    const test = createTestEngine({ databasePath: path, maxItemsOnMainThread: 0 })
    closers.push(() => test.close())
    const { engine } = test
    const first = await startActiveChat(engine)
    const second = await startActiveChat(engine)
    // A fault the thread's own connection meets: SQLite refuses the row, as it would a bug.
    test.db.exec(`CREATE TRIGGER refuse_boom BEFORE INSERT ON events WHEN NEW.text = 'boom'
      BEGIN SELECT RAISE(ABORT, 'injected refusal'); END`)
    const statuses = await sendInOneBatch(engine, [
      [first, 'one'],
      [second, 'boom'],
      [second, 'decided on top of boom'],
      [first, 'two'],
    ])
    expect(statuses).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
    const stored = (chat: typeof first) =>
      test.db
        .prepare("SELECT text FROM events WHERE session_id = ? AND type = 'message'")
        .pluck()
        .all(chat.sessionId)
    expect(stored(first)).toEqual(['one', 'two'])
    expect(stored(second)).toEqual([])
    expect(messageTexts(engine, second.sessionId)).toEqual([])

    expect(await sendInOneBatch(engine, [[second, 'after']])).toEqual(['fulfilled'])
    expect(stored(second)).toEqual(['after'])
  })

  it('writes a burst as it arrives: a refused write among the first pieces fails alone', async () => {
    const { persistence, path } = openFileStore()
    const db = openDatabase(path)
    closers.push(async () => {
      db.close()
    })
    db.exec(`CREATE TRIGGER refuse_five BEFORE INSERT ON events WHEN NEW.text = 'hello 5'
      BEGIN SELECT RAISE(ABORT, 'injected refusal'); END`)
    const burst = Array.from({ length: 80 }, (_, index) => persistence.write(firstMessageOf(index)))
    const results = await Promise.allSettled(burst)
    expect(
      results.map((result) => result.status).filter((status) => status === 'rejected'),
    ).toEqual(['rejected'])
    expect(results[5]?.status).toBe('rejected')
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(79)
    expect(persistence.stats).toMatchObject({ failedBatches: 1, failedItems: 1, items: 79 })
  })

  it('fails every write of a batch begun with add() when the thread is gone before it is sent', async () => {
    // A directory is no database file: the thread's connection fails as it opens.
    const writer = new WriterThread(tempDir(), {
      synchronous: 2,
      busyTimeoutMs: 100,
      autocheckpointPages: 0,
    })
    closers.push(() => writer.close())
    const writes = [0, 1, 2].map((index) => toChangeWrite(firstMessageOf(index)))
    writer.add(writes.slice(0, 2))
    const outcome = await new Promise<BatchOutcome>((resolve) =>
      writer.send(writes.slice(2), resolve),
    )
    expect(outcome).toHaveLength(3)
    for (const failure of outcome ?? []) {
      expect(failure?.error).toBeInstanceOf(StoreWriteError)
      expect(failure?.error).toMatchObject({ reason: 'io' })
    }
  })
})
