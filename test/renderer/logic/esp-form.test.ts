import { describe, expect, it } from 'vitest'
import { ESP_COMPOSER_METHODS } from '../../../src-shared/console-api/esp-composer'
import type { EspSendResult } from '../../../src-shared/console-api/results'
import { espAnswerView } from '../../../src-renderer/src/logic/esp-answer'
import {
  checkEspDraft,
  emptyEspDraft,
  espFormOf,
  EXTRA_FIELD,
  fieldRule,
  fieldSuggestions,
  isEspMethodName,
  isLongText,
  parseExtraParameters,
  withIncluded,
  withValue,
} from '../../../src-renderer/src/logic/esp-form'

const specOf = (method: keyof typeof ESP_COMPOSER_METHODS, name: string) => {
  const spec = ESP_COMPOSER_METHODS[method].parameters.find((parameter) => parameter.name === name)
  if (!spec) throw new Error(`no ${name}`)
  return spec
}

describe('the ESP composer form', () => {
  it('sends the mandatory fields, and optional ones only once included', () => {
    const blank = emptyEspDraft('Message')
    expect(espFormOf('Message', blank)).toEqual({ MessageText: '' })

    const typed = withValue(withValue(blank, 'MessageText', 'Hi'), 'Nickname', 'bot')
    expect(espFormOf('Message', typed)).toEqual({ MessageText: 'Hi', Nickname: 'bot' })

    const leftOut = withIncluded(typed, specOf('Message', 'Nickname'), false)
    expect(espFormOf('Message', leftOut)).toEqual({ MessageText: 'Hi' })
  })

  it('keeps a mandatory field included, and sends an included empty text as empty', () => {
    const draft = withIncluded(emptyEspDraft('Message'), specOf('Message', 'MessageText'), false)
    expect(draft.MessageText?.isIncluded).toBe(true)

    const idle = withIncluded(
      emptyEspDraft('IdleControlConfigure'),
      specOf('IdleControlConfigure', 'message-alert'),
      true,
    )
    expect(espFormOf('IdleControlConfigure', idle)).toEqual({ 'message-alert': '' })
    expect(checkEspDraft('IdleControlConfigure', idle, '').hasProblems).toBe(false)
  })

  it('puts ESP’s sentence next to the field at fault', () => {
    const draft = withValue(
      withValue(emptyEspDraft('Message'), 'MessageText', 'Hi'),
      'Visibility',
      'EVERYONE',
    )
    const check = checkEspDraft('Message', draft, '')
    expect(check.fieldProblems).toEqual({
      Visibility: 'Visibility must be one of ALL, INT, VIP (got "EVERYONE")',
    })
    expect(check.hasProblems).toBe(true)
  })

  it('names a missing mandatory parameter, and a method that needs one parameter', () => {
    expect(checkEspDraft('Message', emptyEspDraft('Message'), '').fieldProblems).toEqual({
      MessageText: 'MessageText is mandatory and must not be empty',
    })
    expect(checkEspDraft('ConfigureSession', emptyEspDraft('ConfigureSession'), '')).toMatchObject({
      formProblems: ['ConfigureSession needs at least one parameter'],
      hasProblems: true,
    })
  })

  it('checks idle settings with ESP’s own parser', () => {
    const draft = withValue(emptyEspDraft('IdleControlConfigure'), 'timeout-alert', '0')
    expect(checkEspDraft('IdleControlConfigure', draft, '').fieldProblems).toEqual({
      'timeout-alert': 'timeout-alert must be a whole number of seconds from 1 to 86400 (got "0")',
    })
  })

  it('adds extra key=value lines, to see ESP ignore them', () => {
    const draft = withValue(emptyEspDraft('Message'), 'MessageText', 'Hi')
    const check = checkEspDraft('Message', draft, 'Misspelt=1\n\nOther=a=b\n')
    expect(check.parameters).toEqual({ MessageText: 'Hi', Misspelt: '1', Other: 'a=b' })
    expect(check.hasProblems).toBe(false)
  })

  it('refuses an extra line without a key, or one that repeats a field of the form', () => {
    expect(parseExtraParameters('novalue', ['MessageText']).problem).toBe(
      'Write each extra parameter as key=value (got “novalue”).',
    )
    expect(parseExtraParameters('MessageText=x', ['MessageText']).problem).toBe(
      'MessageText is a field of this form; fill it in above.',
    )
    const draft = withValue(emptyEspDraft('Message'), 'MessageText', 'Hi')
    expect(checkEspDraft('Message', draft, '=x').fieldProblems[EXTRA_FIELD]).toContain('key=value')
  })

  it('shows each field’s limit, short', () => {
    expect(fieldRule(specOf('Message', 'Nickname'))).toBe('max 64 characters')
    expect(fieldRule(specOf('Message', 'Visibility'))).toBe('ALL | INT | VIP')
    expect(fieldRule(specOf('IdleControlConfigure', 'timeout-alert2'))).toBe('0–86400 s')
    expect(fieldRule(specOf('IdleControlConfigure', 'enabled'))).toBe('true | false')
  })

  it('suggests choices, flags and the application’s languages, and sizes the inputs', () => {
    const languages = [
      { code: 'en-US', name: 'English' },
      { code: 'fr-FR', name: 'Français' },
    ]
    expect(fieldSuggestions(specOf('Notice', 'NoticeType'))).toEqual([
      'USER_PUSHED_URL',
      'USER_CUSTOM',
    ])
    expect(fieldSuggestions(specOf('IdleControlConfigure', 'reset-parameters'))).toEqual([
      'true',
      'false',
    ])
    const code = specOf('ConfigureSession', 'GCTI_LanguageCode')
    expect(fieldSuggestions(code, languages)).toEqual(['en-US', 'fr-FR'])
    expect(fieldSuggestions(specOf('ConfigureSession', 'GCTI_LanguageName'), languages)).toEqual([
      'English',
      'Français',
    ])
    expect(isLongText(code)).toBe(false)
    expect(isLongText(specOf('Message', 'MessageText'))).toBe(true)
    expect(isLongText(specOf('Message', 'Nickname'))).toBe(false)
  })

  it('knows the four methods by name', () => {
    expect(isEspMethodName('Notice')).toBe(true)
    expect(isEspMethodName('toString')).toBe(false)
  })
})

describe('the ESP answer', () => {
  const request: EspSendResult['request'] = {
    referenceId: 1,
    service: 'Chat',
    method: 'Message',
    interactionId: 'S000000000000001',
    parameters: { MessageText: 'Hi' },
    userData: {},
  }

  it('shows a response with the events it appended and the keys ESP ignored', () => {
    const view = espAnswerView({
      request,
      elapsedMs: 4.2,
      answer: {
        referenceId: 1,
        event: 'Event3rdServerResponse',
        result: { sessionId: 'S000000000000001', eventIds: [12, 13] },
        ignoredParameters: ['Misspelt'],
      },
    })
    expect(view).toEqual({
      event: 'response',
      name: 'Event3rdServerResponse',
      eventIds: [12, 13],
      ignoredParameters: ['Misspelt'],
      elapsedMs: 4.2,
    })
  })

  it('shows a fault with its code, parameter and text', () => {
    const view = espAnswerView({
      request,
      elapsedMs: 3,
      answer: {
        referenceId: 1,
        event: 'Event3rdServerFault',
        fault: { code: 'session-closed', text: 'Session S000000000000001 is closed' },
      },
    })
    expect(view).toMatchObject({
      event: 'fault',
      code: 'session-closed',
      parameter: null,
      text: 'Session S000000000000001 is closed',
      ignoredParameters: [],
    })
  })
})
