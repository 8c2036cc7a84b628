import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'

describe('VirtualClock.runNext', () => {
  it('fires only the earliest due timer, at its deadline, and says whether one fired', () => {
    const clock = new VirtualClock(0)
    const fired: string[] = []
    clock.setTimer(2000, () => fired.push('b'))
    clock.setTimer(1000, () => fired.push('a'))
    clock.setTimer(9000, () => fired.push('late'))

    expect(clock.runNext(5000)).toBe(true)
    expect(fired).toEqual(['a'])
    expect(clock.now()).toBe(1000)
    expect(clock.runNext(5000)).toBe(true)
    expect(clock.runNext(5000)).toBe(false)
    expect(fired).toEqual(['a', 'b'])
    expect(clock.now()).toBe(2000)
  })

  it('fires a timer set in the past without moving time back', () => {
    const clock = new VirtualClock(5000)
    let firedAt = 0
    clock.setTimer(1000, () => (firedAt = clock.now()))

    expect(clock.runNext(clock.now())).toBe(true)
    expect(firedAt).toBe(5000)
  })
})
