import { describe, expect, it } from 'vitest'
import { describeIdleChange, mergeIdleChange } from '../../../src-main/engine/idle-change'
import { DEFAULT_IDLE_SETTINGS } from '../../../src-shared/idle-settings'

describe('mergeIdleChange', () => {
  it('adds the changes to the session’s overrides', () => {
    const merged = mergeIdleChange(
      { timeoutAlert: 100 },
      { resetParameters: false, changes: { timeoutClose: 10 } },
    )
    expect(merged).toEqual({ timeoutAlert: 100, timeoutClose: 10 })
  })

  it('drops the overrides first on reset-parameters', () => {
    const merged = mergeIdleChange(
      { timeoutAlert: 100, enabled: true },
      { resetParameters: true, changes: { timeoutClose: 10 } },
    )
    expect(merged).toEqual({ timeoutClose: 10 })
  })
})

describe('describeIdleChange', () => {
  it('names each changed setting by its wire key, old and new value, and who changed it', () => {
    const after = { ...DEFAULT_IDLE_SETTINGS, enabled: true, messageAlert: 'Hurry' }
    expect(describeIdleChange(DEFAULT_IDLE_SETTINGS, after, 'workflow')).toBe(
      `Idle control changed by workflow: enabled false → true, message-alert "${DEFAULT_IDLE_SETTINGS.messageAlert}" → "Hurry"`,
    )
  })

  it('says so when nothing changed', () => {
    expect(describeIdleChange(DEFAULT_IDLE_SETTINGS, DEFAULT_IDLE_SETTINGS, 'Sam')).toBe(
      'Idle control unchanged by Sam',
    )
  })

  it('mentions a reset to the application’s settings', () => {
    expect(
      describeIdleChange(DEFAULT_IDLE_SETTINGS, DEFAULT_IDLE_SETTINGS, 'Sam', { isReset: true }),
    ).toBe("Idle control reset to the application's settings by Sam")
  })
})
