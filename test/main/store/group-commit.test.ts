import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  DATABASE_FILE_NAME,
  SqlitePersistence,
  openDatabase,
  openStore,
  type Store,
  type SqliteDatabase,
} from '../../../src-main/store'
import { changeWith, message, numberEvents, sessionRecord, useTempDirs } from './store-fixtures'

const ALL_VISIBILITIES = ['ALL', 'INT', 'VIP'] as const

/** Counts the transactions run on `db`, independently of the store's own counters. */
function countTransactions(db: SqliteDatabase): () => number {
  let count = 0
  const transaction = db.transaction.bind(db)
  vi.spyOn(db, 'transaction').mockImplementation((body) =>
    transaction((...args: unknown[]) => {
      count += 1
      return body(...args)
    }),
  )
  return () => count
}

const tempDir = useTempDirs()

/**
 * The same contract on both commit paths: an in-memory database commits on the main connection;
 * a database file commits in the writer thread, with its own connection.
 */
const STORES: { where: string; open: () => Store }[] = [
  { where: 'on the main connection (in-memory database)', open: () => openStore(':memory:') },
  {
    where: 'in the writer thread (database file)',
    open: () => openStore(join(tempDir(), DATABASE_FILE_NAME), { maxItemsOnMainThread: 0 }),
  },
]

describe.each(STORES)('SqlitePersistence group commit, $where', ({ open }) => {
  let persistence: SqlitePersistence
  beforeEach(() => {
    persistence = open().persistence
  })
  afterEach(async () => {
    persistence.close()
    await persistence.closed
  })

  const first = sessionRecord({ sessionId: 'Sess000000000001' })
  const second = sessionRecord({ sessionId: 'Sess000000000002' })
  /** `session` after `count` customer-visible events: the engine's counters moved on. */
  const after = (session: typeof first, count: number) => ({
    ...session,
    lastEventId: count,
    customerPosition: count,
    agentPosition: count,
  })
  const eventsOf = (sessionId: string, texts: string[], firstEventId = 1) =>
    numberEvents(
      sessionId,
      texts.map((text) => message(text)),
      firstEventId,
    )

  it('commits the writes of one tick in one transaction and resolves them in call order', async () => {
    const resolved: string[] = []
    const writes = [
      persistence.write(changeWith(first, eventsOf(first.sessionId, ['a']))),
      persistence.write(changeWith(second, eventsOf(second.sessionId, ['b']))),
      persistence.write(changeWith(after(first, 1), eventsOf(first.sessionId, ['c'], 2))),
    ].map((write, index) => write.then(() => resolved.push(`write ${index + 1}`)))
    await Promise.all(writes)

    expect(resolved).toEqual(['write 1', 'write 2', 'write 3'])
    expect(persistence.stats).toEqual({ batches: 1, items: 3, failedBatches: 0, failedItems: 0 })
    expect(persistence.countEvents(first.sessionId, ALL_VISIBILITIES)).toBe(2)
    expect(persistence.loadSession(first.sessionId)?.session.lastEventId).toBe(2)
  })

  it('commits writes of different ticks in separate transactions', async () => {
    await persistence.write(changeWith(first, eventsOf(first.sessionId, ['a'])))
    await persistence.write(changeWith(after(first, 1), eventsOf(first.sessionId, ['b'], 2)))
    expect(persistence.stats.batches).toBe(2)
  })

  it('shows nothing to readers before the batch commits', async () => {
    const write = persistence.write(changeWith(first, eventsOf(first.sessionId, ['a'])))
    expect(persistence.loadSession(first.sessionId)).toBeUndefined()
    expect(persistence.countEvents(first.sessionId, ALL_VISIBILITIES)).toBe(0)
    await write
    expect(persistence.countEvents(first.sessionId, ALL_VISIBILITIES)).toBe(1)
  })

  it("stores the other sessions' writes of a failing batch, refusing only the failing one's", async () => {
    const good = persistence.write(changeWith(second, eventsOf(second.sessionId, ['fine'])))
    const alsoGood = persistence.write(changeWith(first, eventsOf(first.sessionId, ['a'])))
    // Event 1 again: the (session_id, event_id) primary key refuses it.
    const duplicate = persistence.write(changeWith(first, eventsOf(first.sessionId, ['again'])))
    // Decided on top of the refused write: it fails with it, though alone it would fit.
    const dependent = persistence.write(
      changeWith(after(first, 2), eventsOf(first.sessionId, ['next'], 3)),
    )
    const secondAgain = persistence.write(
      changeWith(after(second, 1), eventsOf(second.sessionId, ['more'], 2)),
    )
    const results = await Promise.allSettled([good, alsoGood, duplicate, dependent, secondAgain])

    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ])
    const reasons = results.map((result) => (result.status === 'rejected' ? result.reason : null))
    expect(String(reasons[2])).toMatch(/UNIQUE constraint failed: events/)
    expect(reasons[3]).toBe(reasons[2])
    expect(persistence.countEvents(first.sessionId, ALL_VISIBILITIES)).toBe(1)
    expect(persistence.countEvents(second.sessionId, ALL_VISIBILITIES)).toBe(2)
    expect(persistence.stats).toMatchObject({ failedBatches: 1, failedItems: 2, items: 3 })
  })

  it('keeps committing after a failed batch', async () => {
    const duplicate = eventsOf(first.sessionId, ['a', 'a'])
    duplicate[1] = { ...duplicate[1]!, eventId: 1 }
    await expect(persistence.write(changeWith(first, duplicate))).rejects.toThrow(/UNIQUE/)

    await persistence.write(changeWith(first, eventsOf(first.sessionId, ['a'])))
    expect(persistence.countEvents(first.sessionId, ALL_VISIBILITIES)).toBe(1)
  })

  it('stores the change as it was when write was called, even if the caller mutates it later', async () => {
    const session = { ...first, userData: { IsOnline: '1' } }
    const write = persistence.write(changeWith(session, []))
    session.userData.IsOnline = '0'
    await write
    expect(persistence.loadSession(first.sessionId)?.session.userData).toEqual({ IsOnline: '1' })
  })

  it('flush resolves once everything queued so far is committed', async () => {
    await persistence.flush()
    void persistence.write(changeWith(first, eventsOf(first.sessionId, ['a'])))
    void persistence.write(changeWith(second, eventsOf(second.sessionId, ['b'])))
    await persistence.flush()
    expect(persistence.listSessions({})).toHaveLength(2)
  })

  it('flush resolves after a failed batch too (the writers got the error)', async () => {
    const failing = persistence.write(changeWith(first, [...eventsOf(first.sessionId, ['a', 'b'])]))
    const duplicate = persistence.write(changeWith(first, eventsOf(first.sessionId, ['a'])))
    await persistence.flush()
    await expect(Promise.all([failing, duplicate])).rejects.toThrow(/UNIQUE/)
  })

  it('close commits what is queued, is idempotent, and refuses later writes', async () => {
    const { persistence: store, db } = open()
    const write = store.write(changeWith(first, eventsOf(first.sessionId, ['a'])))
    store.close()
    store.close()
    await expect(write).resolves.toBeUndefined()
    expect(db.open).toBe(false)
    await expect(store.write(changeWith(first, []))).rejects.toThrow('the store is closed')
    await store.closed
  })
})

describe('SqlitePersistence on the main connection', () => {
  it('commits the writes of one tick in one transaction of its connection', async () => {
    const db = openDatabase(':memory:')
    const transactions = countTransactions(db)
    const persistence = new SqlitePersistence(db)
    const first = sessionRecord({ sessionId: 'Sess000000000001' })
    const second = sessionRecord({ sessionId: 'Sess000000000002' })
    await Promise.all([
      persistence.write(changeWith(first, numberEvents(first.sessionId, [message('a')], 1))),
      persistence.write(changeWith(second, numberEvents(second.sessionId, [message('b')], 1))),
    ])
    expect(transactions()).toBe(1)
    persistence.close()
  })
})
