import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TimerQueue } from '../../../src-main/engine/timer-queue'

describe('TimerQueue', () => {
  it('pops only timers that are due, earliest first', () => {
    const queue = new TimerQueue()
    const noop = () => {}
    queue.add(30, noop)
    queue.add(10, noop)
    queue.add(20, noop)
    expect(queue.peekDeadline()).toBe(10)
    expect(queue.popDue(15)?.at).toBe(10)
    expect(queue.popDue(15)).toBeUndefined()
    expect(queue.size).toBe(2)
  })

  it('pops in (deadline, insertion) order whatever is added and removed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 50 }), isRemoved: fc.boolean() }), {
          maxLength: 200,
        }),
        (timers) => {
          const queue = new TimerQueue()
          const popped: number[] = []
          const handles = timers.map((timer, index) =>
            queue.add(timer.at, () => popped.push(index)),
          )
          timers.forEach((timer, index) => {
            if (timer.isRemoved) queue.remove(handles[index]!)
          })
          const kept = timers.flatMap((timer, index) => (timer.isRemoved ? [] : [index]))
          expect(queue.size).toBe(kept.length)
          for (let due = queue.popDue(Infinity); due; due = queue.popDue(Infinity)) due.callback()
          const expected = [...kept].sort((a, b) => timers[a]!.at - timers[b]!.at || a - b)
          expect(popped).toEqual(expected)
          expect(queue.size).toBe(0)
          expect(queue.peekDeadline()).toBeUndefined()
        },
      ),
    )
  })
})
