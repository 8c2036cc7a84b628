import { describe, expect, it } from 'vitest'
import { holdsEvent, mergeEvents } from '../../../src-renderer/src/logic/merge-events'
import { message } from '../fake-client'

const ids = (events: readonly { eventId: number }[]) => events.map((event) => event.eventId)

describe('mergeEvents', () => {
  it('appends live events that are newer than everything held', () => {
    expect(ids(mergeEvents([message(1), message(2)], [message(3), message(4)]))).toEqual([
      1, 2, 3, 4,
    ])
  })

  it('prepends an older page', () => {
    expect(ids(mergeEvents([message(5), message(6)], [message(3), message(4)]))).toEqual([
      3, 4, 5, 6,
    ])
  })

  it('drops events it already holds, keeping the held copy', () => {
    const held = [message(1, 'original'), message(2)]
    const merged = mergeEvents(held, [message(1, 'repeat'), message(2), message(3)])
    expect(ids(merged)).toEqual([1, 2, 3])
    expect(merged[0]).toBe(held[0])
  })

  it('returns the same array when nothing is new, so the store can skip the update', () => {
    const held = [message(1), message(2)]
    expect(mergeEvents(held, [message(2), message(1)])).toBe(held)
    expect(mergeEvents(held, [])).toBe(held)
  })

  it('fills gaps in the middle and sorts out-of-order input', () => {
    const merged = mergeEvents([message(1), message(4), message(9)], [message(7), message(2)])
    expect(ids(merged)).toEqual([1, 2, 4, 7, 9])
  })

  it('keeps the numbering gaps of hidden events without inventing placeholders', () => {
    expect(ids(mergeEvents([message(1), message(5)], [message(8)]))).toEqual([1, 5, 8])
  })

  it('deduplicates within one batch', () => {
    expect(ids(mergeEvents([], [message(2), message(2), message(1)]))).toEqual([1, 2])
  })
})

describe('holdsEvent', () => {
  it('finds event ids in a sorted transcript', () => {
    const events = [message(1), message(4), message(9), message(12)]
    expect([1, 4, 9, 12].every((id) => holdsEvent(events, id))).toBe(true)
    expect([0, 2, 10, 13].some((id) => holdsEvent(events, id))).toBe(false)
    expect(holdsEvent([], 1)).toBe(false)
  })
})
