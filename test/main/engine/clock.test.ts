import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SystemClock, VirtualClock } from '../../../src-main/engine/clock'

describe('VirtualClock', () => {
  it('starts at a fixed instant and moves only when told', () => {
    const clock = new VirtualClock()
    expect(new Date(clock.now()).toISOString()).toBe('2026-01-01T09:00:00.000Z')
    clock.advanceBy(1500)
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1, 9, 0, 1, 500))
    expect(new VirtualClock(new Date(42)).now()).toBe(42)
  })

  it('fires due timers in deadline order, with now() at each deadline', () => {
    const clock = new VirtualClock(0)
    const fired: [string, number][] = []
    clock.setTimer(300, () => fired.push(['c', clock.now()]))
    clock.setTimer(100, () => fired.push(['a', clock.now()]))
    clock.setTimer(200, () => fired.push(['b', clock.now()]))
    clock.advanceBy(250)
    expect(fired).toEqual([
      ['a', 100],
      ['b', 200],
    ])
    expect(clock.now()).toBe(250)
    expect(clock.pendingTimers).toBe(1)
    expect(clock.nextDeadline()).toBe(300)
  })

  it('fires timers due at the same instant in the order they were set', () => {
    const clock = new VirtualClock(0)
    const fired: number[] = []
    for (let index = 0; index < 5; index++) clock.setTimer(10, () => fired.push(index))
    clock.advanceBy(10)
    expect(fired).toEqual([0, 1, 2, 3, 4])
  })

  it('fires a timer set by a callback within the same advance when it is due', () => {
    const clock = new VirtualClock(0)
    const fired: number[] = []
    clock.setTimer(100, () => {
      fired.push(clock.now())
      clock.setTimer(clock.now() + 50, () => fired.push(clock.now()))
    })
    clock.advanceBy(150)
    expect(fired).toEqual([100, 150])
  })

  it('fires a timer set in the past on the next advance, even by zero', () => {
    const clock = new VirtualClock(1000)
    const fired: number[] = []
    clock.setTimer(500, () => fired.push(clock.now()))
    expect(fired).toEqual([])
    clock.advanceBy(0)
    expect(fired).toEqual([1000])
  })

  it('does not fire a cleared timer', () => {
    const clock = new VirtualClock(0)
    const fired: string[] = []
    const handle = clock.setTimer(10, () => fired.push('cleared'))
    clock.setTimer(20, () => fired.push('kept'))
    clock.clearTimer(handle)
    clock.clearTimer(handle)
    clock.advanceBy(100)
    expect(fired).toEqual(['kept'])
    expect(clock.pendingTimers).toBe(0)
  })

  it('refuses to go back in time', () => {
    const clock = new VirtualClock(0)
    expect(() => clock.advanceBy(-1)).toThrow(RangeError)
    clock.advanceTo(-100)
    expect(clock.now()).toBe(0)
  })

  it('handles many timers set and cleared (heap compaction)', () => {
    const clock = new VirtualClock(0)
    const fired: number[] = []
    const handles = Array.from({ length: 500 }, (_, index) =>
      clock.setTimer(1000 - index, () => fired.push(index)),
    )
    handles.forEach((handle, index) => {
      if (index % 10 !== 0) clock.clearTimer(handle)
    })
    expect(clock.pendingTimers).toBe(50)
    clock.advanceBy(1000)
    expect(fired).toEqual(Array.from({ length: 50 }, (_, index) => 490 - index * 10))
  })
})

describe('SystemClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 })
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  it('tells the wall-clock time', () => {
    const clock = new SystemClock()
    expect(clock.now()).toBe(1_000_000)
  })

  it('fires timers at their deadlines, in order, behind one Node timer', () => {
    const clock = new SystemClock()
    const fired: [string, number][] = []
    clock.setTimer(1_000_300, () => fired.push(['b', Date.now()]))
    clock.setTimer(1_000_100, () => fired.push(['a', Date.now()]))
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(99)
    expect(fired).toEqual([])
    vi.advanceTimersByTime(1)
    expect(fired).toEqual([['a', 1_000_100]])
    vi.advanceTimersByTime(200)
    expect(fired).toEqual([
      ['a', 1_000_100],
      ['b', 1_000_300],
    ])
    clock.stop()
  })

  it('fires a past deadline as soon as possible', () => {
    const clock = new SystemClock()
    const fired: number[] = []
    clock.setTimer(0, () => fired.push(Date.now()))
    vi.advanceTimersByTime(0)
    expect(fired).toEqual([1_000_000])
  })

  it('does not fire a cleared timer', () => {
    const clock = new SystemClock()
    const fired: string[] = []
    const handle = clock.setTimer(1_000_010, () => fired.push('cleared'))
    clock.setTimer(1_000_020, () => fired.push('kept'))
    clock.clearTimer(handle)
    vi.advanceTimersByTime(100)
    expect(fired).toEqual(['kept'])
  })

  it('fires timers set from within a callback', () => {
    const clock = new SystemClock()
    const fired: number[] = []
    clock.setTimer(1_000_010, () => {
      fired.push(Date.now())
      clock.setTimer(Date.now() + 10, () => fired.push(Date.now()))
    })
    vi.advanceTimersByTime(100)
    expect(fired).toEqual([1_000_010, 1_000_020])
  })

  it('yields to the event loop between slices of due timers', () => {
    const clock = new SystemClock({ sliceBudgetMs: 0 })
    const fired: number[] = []
    for (let index = 0; index < 3; index++) clock.setTimer(1_000_000, () => fired.push(index))
    vi.advanceTimersToNextTimer()
    expect(fired).toEqual([0])
    vi.advanceTimersToNextTimer()
    expect(fired).toEqual([0, 1])
    vi.runAllTimers()
    expect(fired).toEqual([0, 1, 2])
  })

  it('reports a throwing callback and still runs the other timers', () => {
    const errors: unknown[] = []
    const clock = new SystemClock({ onTimerError: (error) => errors.push(error) })
    const fired: string[] = []
    clock.setTimer(1_000_001, () => {
      throw new Error('boom')
    })
    clock.setTimer(1_000_002, () => fired.push('next'))
    vi.advanceTimersByTime(10)
    expect(fired).toEqual(['next'])
    expect(errors).toEqual([new Error('boom')])
  })

  it('fires nothing once stopped', () => {
    const clock = new SystemClock()
    const fired: string[] = []
    clock.setTimer(1_000_010, () => fired.push('late'))
    clock.stop()
    vi.advanceTimersByTime(100)
    clock.setTimer(1_000_200, () => fired.push('later'))
    vi.advanceTimersByTime(1000)
    expect(fired).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('waits out a deadline beyond the longest Node timer without firing early', () => {
    const clock = new SystemClock()
    const fired: number[] = []
    const fortyDays = 40 * 86_400_000
    clock.setTimer(1_000_000 + fortyDays, () => fired.push(Date.now()))
    vi.advanceTimersByTime(1000)
    expect(fired).toEqual([])
    vi.advanceTimersByTime(fortyDays)
    expect(fired).toEqual([1_000_000 + fortyDays])
    clock.stop()
  })
})
