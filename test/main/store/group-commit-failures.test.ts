/**
 * GroupCommit's choice of thread and its failures: the other keys' items of a failed batch are
 * committed alone, and every item queued behind a failed one with the same key (a session's later
 * writes, decided on top of the failed one) fails with it, even in a later batch.
 */
import { describe, expect, it } from 'vitest'
import {
  GroupCommit,
  type BatchOutcome,
  type CommitThread,
} from '../../../src-main/store/group-commit'

interface Item {
  key: string
  name: string
}

const item = (key: string, name = key): Item => ({ key, name })

/** Commits here by recording; fails any batch holding `badName`. */
function committingHere(badName?: string) {
  const here: string[][] = []
  const commit = (items: readonly Item[]) => {
    if (items.some((entry) => entry.name === badName)) throw new Error(`cannot store ${badName}`)
    here.push(items.map((entry) => entry.name))
  }
  return { here, commit }
}

/** A commit thread that holds each batch until the test answers it. */
class HeldThread implements CommitThread<Item> {
  isAvailable = true
  /** Items handed over with `add` for the batch the next `send` closes. */
  readonly added: Item[][] = []
  readonly sent: { items: readonly Item[]; settle: (outcome: BatchOutcome) => void }[] = []
  add(items: readonly Item[]): void {
    this.added.push([...items])
  }
  send(items: readonly Item[], settle: (outcome: BatchOutcome) => void): void {
    this.sent.push({ items, settle })
  }
  waitForAnswers(): void {}
}

const settle = (promises: Promise<void>[]) =>
  Promise.allSettled(promises).then((results) => results.map((result) => result.status))
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('GroupCommit', () => {
  it("commits the other keys' items of a failed batch, each alone", async () => {
    const { here, commit } = committingHere('s1-bad')
    const groupCommit = new GroupCommit<Item>(commit, { keyOf: (entry) => entry.key })
    const results = await settle([
      groupCommit.enqueue(item('s2', 's2-a')),
      groupCommit.enqueue(item('s1', 's1-bad')),
      groupCommit.enqueue(item('s1', 's1-next')),
      groupCommit.enqueue(item('s3', 's3-a')),
    ])
    expect(results).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
    expect(here).toEqual([['s2-a'], ['s3-a']])
    expect(groupCommit.stats).toMatchObject({ failedBatches: 1, failedItems: 2, items: 2 })
  })

  it('commits a small batch on this thread and a large one in the commit thread', async () => {
    const { here, commit } = committingHere()
    const thread = new HeldThread()
    const groupCommit = new GroupCommit<Item>(commit, { thread, maxItemsHere: 4 })

    await Promise.all([groupCommit.enqueue(item('a')), groupCommit.enqueue(item('b'))])
    expect(here).toEqual([['a', 'b']])

    const large = Array.from({ length: 5 }, (_, index) => groupCommit.enqueue(item(`l${index}`)))
    await nextTurn()
    expect(thread.sent.map((batch) => batch.items.length)).toEqual([5])
    thread.sent[0]!.settle(null)
    await Promise.all(large)
    expect(here).toEqual([['a', 'b']])
  })

  it('commits nothing here while a batch is in the thread, then sends what queued meanwhile', async () => {
    const { here, commit } = committingHere()
    const thread = new HeldThread()
    const groupCommit = new GroupCommit<Item>(commit, { thread, maxItemsHere: 2 })
    const first = Array.from({ length: 3 }, (_, index) => groupCommit.enqueue(item(`f${index}`)))
    await nextTurn()
    const later = groupCommit.enqueue(item('later'))
    await nextTurn()
    // A commit here now could land before the thread's batch: it waits instead.
    expect(here).toEqual([])
    expect(thread.sent).toHaveLength(1)

    thread.sent[0]!.settle(null)
    await Promise.all(first)
    await later
    expect(here).toEqual([['later']])
  })

  it("fails a key's items queued behind the thread's batch once one of its items failed", async () => {
    const { here, commit } = committingHere()
    const thread = new HeldThread()
    const groupCommit = new GroupCommit<Item>(commit, {
      thread,
      maxItemsHere: 2,
      keyOf: (entry) => entry.key,
    })
    const batch = [
      groupCommit.enqueue(item('s1', 's1-bad')),
      groupCommit.enqueue(item('x', 'x1')),
      groupCommit.enqueue(item('y', 'y1')),
    ]
    await nextTurn()
    const behind = [groupCommit.enqueue(item('s1', 's1-later')), groupCommit.enqueue(item('z'))]
    const refused = new Error('refused')
    thread.sent[0]!.settle([{ error: refused }, null, null])

    expect(await settle(batch)).toEqual(['rejected', 'fulfilled', 'fulfilled'])
    await expect(behind[0]).rejects.toBe(refused)
    await behind[1]
    expect(here).toEqual([['z']])
    expect(groupCommit.stats).toMatchObject({ failedBatches: 1, failedItems: 2 })
  })

  it('commits every batch here once the thread is no longer available', async () => {
    const { here, commit } = committingHere()
    const thread = new HeldThread()
    const groupCommit = new GroupCommit<Item>(commit, { thread, maxItemsHere: 1 })
    thread.isAvailable = false
    await Promise.all([groupCommit.enqueue(item('a')), groupCommit.enqueue(item('b'))])
    expect(here).toEqual([['a', 'b']])
    expect(thread.sent).toEqual([])
  })

  it('answers a large batch a few callers per turn of the event loop, in commit order', async () => {
    const { commit } = committingHere()
    const thread = new HeldThread()
    const groupCommit = new GroupCommit<Item>(commit, { thread })
    const answered: number[] = []
    const writes = Array.from({ length: 100 }, (_, index) =>
      groupCommit.enqueue(item(`k${index}`)).then(() => answered.push(index)),
    )
    await nextTurn()
    thread.sent[0]!.settle(null)
    await Promise.resolve()
    // All 100 at once would hold the loop for every other client meanwhile.
    expect(answered.length).toBeGreaterThan(0)
    expect(answered.length).toBeLessThan(100)
    await Promise.all(writes)
    expect(answered).toEqual(Array.from({ length: 100 }, (_, index) => index))
  })

  it('hands a large burst to the thread while it arrives, then commits it as one batch', async () => {
    const { here, commit } = committingHere()
    const thread = new HeldThread()
    const groupCommit = new GroupCommit<Item>(commit, { thread })
    const burst = Array.from({ length: 70 }, (_, index) => groupCommit.enqueue(item(`b${index}`)))
    // Before the tick is over, the thread already has the first pieces to write.
    expect(thread.added.map((piece) => piece.length)).toEqual([32, 32])
    expect(thread.sent).toEqual([])
    await nextTurn()
    expect(thread.sent.map((batch) => batch.items.map((entry) => entry.name))).toEqual([
      Array.from({ length: 6 }, (_, index) => `b${64 + index}`),
    ])
    const outcome = Array.from({ length: 70 }, (_, index) =>
      index === 40 ? { error: new Error('refused') } : null,
    )
    thread.sent[0]!.settle(outcome)
    const results = await settle(burst)
    expect(results.filter((result) => result === 'rejected')).toHaveLength(1)
    expect(results[40]).toBe('rejected')
    expect(here).toEqual([])
    expect(groupCommit.stats).toMatchObject({ failedItems: 1, items: 69 })
  })

  it('keeps a small batch here: nothing is handed over below the piece size', async () => {
    const { here, commit } = committingHere()
    const thread = new HeldThread()
    const groupCommit = new GroupCommit<Item>(commit, { thread, maxItemsHere: 40 })
    const items = Array.from({ length: 40 }, (_, index) => groupCommit.enqueue(item(`s${index}`)))
    expect(thread.added).toEqual([])
    await Promise.all(items)
    expect(here).toHaveLength(1)
    expect(thread.sent).toEqual([])
  })

  it('completes a batch the thread has begun on close, before committing the rest here', async () => {
    const { here, commit } = committingHere()
    const thread = new HeldThread()
    thread.waitForAnswers = () => {
      for (const batch of thread.sent.splice(0)) batch.settle(null)
    }
    const groupCommit = new GroupCommit<Item>(commit, { thread })
    const burst = Array.from({ length: 33 }, (_, index) => groupCommit.enqueue(item(`c${index}`)))
    expect(thread.added).toHaveLength(1)
    groupCommit.commitQueued()
    expect(await settle(burst)).toEqual(burst.map(() => 'fulfilled'))
    expect(here).toEqual([])
  })
})
