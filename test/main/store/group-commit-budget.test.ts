import { describe, expect, it } from 'vitest'
import { GroupCommit } from '../../../src-main/store/group-commit'

/** A commit whose cost, on a fake clock, is `msPerItem` for each item. */
function costlyCommit(msPerItem: number) {
  const clock = { now: 0 }
  const batches: number[][] = []
  const groupCommit = new GroupCommit<number>(
    (items) => {
      batches.push([...items])
      clock.now += items.length * msPerItem
    },
    { budgetMs: 2, now: () => clock.now },
  )
  return { groupCommit, batches }
}

describe('GroupCommit budget', () => {
  it('does not learn the cost per item from small batches, which are mostly commit overhead', async () => {
    const { groupCommit, batches } = costlyCommit(1)
    await groupCommit.enqueue(-1)
    await Promise.all(Array.from({ length: 40 }, (_, i) => groupCommit.enqueue(i)))
    expect(batches.slice(1)).toHaveLength(1)
  })

  it('commits everything queued in one tick as one batch while items are cheap', async () => {
    const { groupCommit, batches } = costlyCommit(0.001)
    await Promise.all(Array.from({ length: 300 }, (_, i) => groupCommit.enqueue(i)))
    expect(batches).toHaveLength(1)
  })

  it('splits a burst of costly items over several ticks, in order, each within the budget', async () => {
    const { groupCommit, batches } = costlyCommit(0.25)
    await Promise.all(Array.from({ length: 16 }, (_, i) => groupCommit.enqueue(-1 - i))) // learns
    const settled = Promise.all(Array.from({ length: 40 }, (_, i) => groupCommit.enqueue(i)))
    await groupCommit.whenIdle()
    await settled
    const burst = batches.slice(1)
    expect(burst.map((batch) => batch.length)).toEqual([8, 8, 8, 8, 8])
    expect(burst.flat()).toEqual(Array.from({ length: 40 }, (_, i) => i))
  })

  it('commits everything at once on close, whatever the budget', async () => {
    const { groupCommit, batches } = costlyCommit(1)
    await Promise.all(Array.from({ length: 16 }, (_, i) => groupCommit.enqueue(-1 - i)))
    const pending = Array.from({ length: 20 }, (_, i) => groupCommit.enqueue(i))
    groupCommit.commitQueued()
    await Promise.all(pending)
    expect(batches.slice(1).flat()).toHaveLength(20)
  })
})
