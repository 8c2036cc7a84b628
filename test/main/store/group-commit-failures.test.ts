/**
 * GroupCommit when a commit fails: the other keys' items are committed alone, and every item
 * queued behind a failed one with the same key (a session's later writes, decided on top of the
 * failed one) fails with it, even in a later batch.
 */
import { describe, expect, it } from 'vitest'
import { GroupCommit } from '../../../src-main/store/group-commit'

interface Item {
  key: string
  name: string
}

/** Items cost 0.25 ms each on a fake clock, so a burst splits into batches of 8. */
function failingOn(badName: string) {
  const clock = { now: 0 }
  const stored: string[] = []
  const batches: string[][] = []
  const groupCommit = new GroupCommit<Item>(
    (items) => {
      batches.push(items.map((item) => item.name))
      clock.now += items.length * 0.25
      if (items.some((item) => item.name === badName)) throw new Error(`cannot store ${badName}`)
      stored.push(...items.map((item) => item.name))
    },
    { budgetMs: 2, now: () => clock.now, keyOf: (item) => item.key },
  )
  return { groupCommit, stored, batches }
}

const settle = (promises: Promise<void>[]) =>
  Promise.allSettled(promises).then((results) => results.map((result) => result.status))

describe('GroupCommit failures', () => {
  it("commits the other keys' items of a failed batch, each alone", async () => {
    const { groupCommit, stored } = failingOn('s1-bad')
    const results = await settle([
      groupCommit.enqueue({ key: 's2', name: 's2-a' }),
      groupCommit.enqueue({ key: 's1', name: 's1-bad' }),
      groupCommit.enqueue({ key: 's1', name: 's1-next' }),
      groupCommit.enqueue({ key: 's3', name: 's3-a' }),
    ])
    expect(results).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
    expect(stored).toEqual(['s2-a', 's3-a'])
    expect(groupCommit.stats).toMatchObject({ failedBatches: 1, failedItems: 2 })
  })

  it("fails a key's items queued for a later batch once one of its items failed", async () => {
    const { groupCommit, stored, batches } = failingOn('s1-bad')
    // Teach the cost per item (16 cheap-enough items), so the burst below is split.
    await Promise.all(
      Array.from({ length: 16 }, (_, i) => groupCommit.enqueue({ key: `w${i}`, name: `w${i}` })),
    )
    const burst = [
      groupCommit.enqueue({ key: 's1', name: 's1-bad' }),
      ...Array.from({ length: 10 }, (_, i) => groupCommit.enqueue({ key: 'x', name: `x${i}` })),
      groupCommit.enqueue({ key: 's1', name: 's1-later' }),
    ]
    const results = await settle(burst)
    expect(batches.slice(1)[0]).not.toContain('s1-later')
    expect(results[0]).toBe('rejected')
    expect(results.at(-1)).toBe('rejected')
    expect(results.slice(1, -1).every((status) => status === 'fulfilled')).toBe(true)
    expect(stored).not.toContain('s1-later')
    expect(batches.flat()).not.toContain('s1-later')
  })
})
