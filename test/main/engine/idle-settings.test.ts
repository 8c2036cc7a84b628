/**
 * `src-shared/idle-settings.ts`: the parser the ESP endpoint and the console share for
 * `IdleControlConfigure` parameters (docs/esp.md). Tested here with the engine it feeds.
 */
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_IDLE_SETTINGS,
  isIdleParameter,
  parseIdleChange,
  parseIdleSetting,
} from '../../../src-shared/idle-settings'

describe('DEFAULT_IDLE_SETTINGS', () => {
  it('holds Genesys’ defaults', () => {
    expect(DEFAULT_IDLE_SETTINGS).toMatchObject({
      enabled: false,
      includeNotices: 'major',
      timeoutAlert: 255,
      timeoutAlert2: 0,
      timeoutClose: 45,
    })
  })
})

describe('parseIdleChange', () => {
  it('parses every key into its typed setting', () => {
    const parsed = parseIdleChange({
      'reset-parameters': 'TRUE',
      enabled: 'False',
      'include-notices': 'typing',
      'timeout-alert': '60',
      'timeout-alert2': '0',
      'timeout-close': ' 86400 ',
      'message-alert': 'a',
      'message-alert2': '',
      'message-close': 'c',
    })
    expect(parsed).toEqual({
      ok: true,
      value: {
        resetParameters: true,
        changes: {
          enabled: false,
          includeNotices: 'typing',
          timeoutAlert: 60,
          timeoutAlert2: 0,
          timeoutClose: 86400,
          messageAlert: 'a',
          messageAlert2: '',
          messageClose: 'c',
        },
      },
    })
  })

  it('ignores keys it does not know (the caller lists them)', () => {
    expect(parseIdleChange({ 'timeout-alrt': '5' })).toEqual({
      ok: true,
      value: { resetParameters: false, changes: {} },
    })
    expect(isIdleParameter('timeout-alrt')).toBe(false)
    expect(isIdleParameter('reset-parameters')).toBe(true)
    expect(isIdleParameter('message-close')).toBe(true)
  })

  it.each([
    ['enabled', 'yes'],
    ['reset-parameters', '1'],
    ['include-notices', 'MAJOR'],
    ['timeout-alert', '0'],
    ['timeout-alert', '86401'],
    ['timeout-alert', '1.5'],
    ['timeout-alert', '-5'],
    ['timeout-alert', ''],
    ['timeout-alert2', '86401'],
    ['timeout-close', '0'],
    ['timeout-close', '1e3'],
  ])('refuses %s = %j, naming the parameter', (key, value) => {
    const parsed = parseIdleChange({ 'timeout-close': '10', [key]: value })
    expect(parsed).toMatchObject({ ok: false, problem: { parameter: key } })
    if (!parsed.ok) expect(parsed.problem.text).toContain(JSON.stringify(value))
  })

  it.each([
    ['timeoutAlert', '1', 1],
    ['timeoutAlert2', '0', 0],
    ['timeoutClose', '86400', 86400],
  ] as const)('accepts the range edge %s = %s', (field, text, value) => {
    expect(parseIdleSetting(field, text)).toEqual({ ok: true, value })
  })
})
