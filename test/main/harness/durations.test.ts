import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration } from '../../../src-main/harness/durations'

describe('durations', () => {
  it('reads the units a scenario writes, and bare numbers as seconds', () => {
    expect(parseDuration('90s')).toBe(90_000)
    expect(parseDuration('5m')).toBe(300_000)
    expect(parseDuration('1h30m')).toBe(5_400_000)
    expect(parseDuration('1m 30s')).toBe(90_000)
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('1.5s')).toBe(1500)
    expect(parseDuration(45)).toBe(45_000)
  })

  it('refuses anything else', () => {
    for (const value of ['', '5', '5 minutes', '-5s', 'm', true, null, -1]) {
      expect(parseDuration(value)).toBeUndefined()
    }
  })

  it('prints durations compactly', () => {
    expect(formatDuration(0)).toBe('0s')
    expect(formatDuration(250)).toBe('250ms')
    expect(formatDuration(90_000)).toBe('1m30s')
    expect(formatDuration(3_600_000)).toBe('1h')
    expect(formatDuration(-5000)).toBe('-5s')
  })
})
