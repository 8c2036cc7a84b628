import { describe, expect, it } from 'vitest'
import { DEFAULT_IDLE_SETTINGS } from '../../../src-shared/idle-settings'
import {
  idleChangeProblems,
  idleChangeToSend,
  idleFieldProblem,
  wireText,
} from '../../../src-renderer/src/logic/idle-form'

describe('idle editor form', () => {
  it('writes the current settings as ESP wire texts', () => {
    expect(wireText(DEFAULT_IDLE_SETTINGS, 'enabled')).toBe('false')
    expect(wireText(DEFAULT_IDLE_SETTINGS, 'timeout-alert')).toBe('255')
    expect(wireText(DEFAULT_IDLE_SETTINGS, 'include-notices')).toBe('major')
  })

  it('refuses what IdleControlConfigure refuses, with the same sentence', () => {
    expect(idleFieldProblem('timeout-alert', '0')).toBe(
      'timeout-alert must be a whole number of seconds from 1 to 86400 (got "0")',
    )
    expect(idleFieldProblem('timeout-alert2', '0')).toBeNull()
    expect(idleFieldProblem('timeout-close', '1.5')).toMatch(/whole number/)
    expect(idleFieldProblem('timeout-close', '86401')).toMatch(/from 1 to 86400/)
    expect(idleFieldProblem('include-notices', 'some')).toMatch(/must be one of none, major/)
    expect(idleFieldProblem('enabled', 'yes')).toBe('enabled must be true or false (got "yes")')
    expect(idleFieldProblem('message-alert', '')).toBeNull()
  })

  it('sends only the settings that changed, plus reset-parameters when asked', () => {
    const drafts = { 'timeout-alert': '30', 'timeout-close': '45', enabled: 'true' } as const
    expect(idleChangeToSend(DEFAULT_IDLE_SETTINGS, drafts, false)).toEqual({
      'timeout-alert': '30',
      enabled: 'true',
    })
    expect(idleChangeToSend(DEFAULT_IDLE_SETTINGS, {}, true)).toEqual({
      'reset-parameters': 'true',
    })
  })

  it('collects every field problem at once', () => {
    expect(idleChangeProblems({ 'timeout-alert': 'x', 'timeout-close': '0' })).toEqual({
      'timeout-alert': expect.stringMatching(/^timeout-alert must be/),
      'timeout-close': expect.stringMatching(/^timeout-close must be/),
    })
    expect(idleChangeProblems({ 'reset-parameters': 'maybe' })).toEqual({
      'reset-parameters': 'reset-parameters must be true or false (got "maybe")',
    })
  })
})
