import { describe, expect, it } from 'vitest'
import {
  clockOffset,
  formatDuration,
  idleCountdown,
  waitedSeconds,
} from '../../../src-renderer/src/logic/countdown'

describe('idleCountdown', () => {
  const deadline = 1_000_000

  it('counts whole seconds left, rounding up', () => {
    const status = { phase: 'alert' as const, deadline, phaseStartedAt: 0 }
    expect(idleCountdown(status, deadline - 30_000)).toEqual({
      phase: 'alert',
      secondsLeft: 30,
      isDue: false,
    })
    expect(idleCountdown(status, deadline - 29_001).secondsLeft).toBe(30)
    expect(idleCountdown(status, deadline - 1).secondsLeft).toBe(1)
  })

  it('says the deadline is due, never negative, once it has passed', () => {
    const status = { phase: 'close' as const, deadline, phaseStartedAt: 0 }
    expect(idleCountdown(status, deadline)).toEqual({ phase: 'close', secondsLeft: 0, isDue: true })
    expect(idleCountdown(status, deadline + 5000).secondsLeft).toBe(0)
  })

  it('has no seconds when idle control is off', () => {
    expect(idleCountdown({ phase: 'off', deadline: null, phaseStartedAt: null }, 5)).toEqual({
      phase: 'off',
      secondsLeft: null,
      isDue: false,
    })
  })

  it('reads the local clock as server time through the offset, so skew never shows', () => {
    const localNow = 10_000
    const serverTime = 70_000
    const offset = clockOffset(serverTime, localNow)
    const status = { phase: 'alert2' as const, deadline: serverTime + 45_000, phaseStartedAt: 0 }
    expect(idleCountdown(status, localNow + 1000 + offset).secondsLeft).toBe(44)
  })
})

describe('waitedSeconds', () => {
  it('counts whole seconds since the start on the server clock', () => {
    const start = Date.parse('2025-01-01T10:00:00.000Z')
    expect(waitedSeconds('2025-01-01T10:00:00.000Z', start + 61_900)).toBe(61)
    expect(waitedSeconds('2025-01-01T10:00:00.000Z', start - 5000)).toBe(0)
  })
})

describe('formatDuration', () => {
  it('writes m:ss under an hour and h:mm:ss above', () => {
    expect(formatDuration(7)).toBe('0:07')
    expect(formatDuration(245)).toBe('4:05')
    expect(formatDuration(3723)).toBe('1:02:03')
  })
})
