/**
 * The ESP composer's form check (src-shared): it must refuse what the real ESP endpoint refuses,
 * with the same parameter, and accept what it accepts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkEspForm,
  ESP_COMPOSER_METHODS,
  type EspComposerMethodName,
} from '../../../src-shared/console-api'
import { startChat } from '../../helpers/engine'
import { EspClient, startEspServer, type EspTestServer } from '../esp/esp-test-kit'

const FORMS: [EspComposerMethodName, Record<string, string>][] = [
  ['Message', { MessageText: 'Hello' }],
  ['Message', {}],
  ['Message', { MessageText: '' }],
  ['Message', { MessageText: 'Hi', Visibility: 'EVERYONE' }],
  ['Message', { MessageText: 'Hi', Nickname: 'x'.repeat(65) }],
  ['Message', { MessageText: 'Hi', MessageType: 'greeting', Visibility: 'VIP' }],
  ['Message', { MessageText: '😀'.repeat(16384), Nickname: '🤖'.repeat(64) }],
  ['Message', { MessageText: '😀'.repeat(16385) }],
  ['Message', { MessageText: 'Hi', Nickname: '   ' }],
  ['Message', { MessageText: 'Hi', Nickname: '' }],
  ['Message', { MessageText: 'Hi', Nickname: 'bot\u0007' }],
  ['Notice', { NoticeType: 'USER_CUSTOM' }],
  ['Notice', { NoticeType: 'USER_PUSHED_URL' }],
  ['Notice', { NoticeType: 'USER_PUSHED_URL', NoticeText: 'ftp://example.com' }],
  ['Notice', { NoticeType: 'USER_PUSHED_URL', NoticeText: 'https://example.com/a' }],
  ['Notice', { NoticeType: 'TYPING_STARTED' }],
  ['IdleControlConfigure', {}],
  ['IdleControlConfigure', { 'timeout-alert': '0' }],
  ['IdleControlConfigure', { 'include-notices': 'some' }],
  ['IdleControlConfigure', { enabled: 'TRUE', 'timeout-alert2': '0', 'message-alert': '' }],
  ['IdleControlConfigure', { 'message-close': 'x'.repeat(16385) }],
  ['ConfigureSession', {}],
  ['ConfigureSession', { GCTI_LanguageCode: 'fr-FR' }],
]

let server: EspTestServer
let client: EspClient
let sessionId: string

beforeAll(async () => {
  server = await startEspServer()
  client = await EspClient.connect(server.listener.url)
  sessionId = (await startChat(server.engine)).sessionId
})

afterAll(async () => {
  await client.close()
  await server.close()
})

describe('the ESP composer', () => {
  it('lists every parameter of the four methods', () => {
    const names = (method: EspComposerMethodName) =>
      ESP_COMPOSER_METHODS[method].parameters.map((parameter) => parameter.name)

    expect(names('Message')).toEqual(['MessageText', 'MessageType', 'Nickname', 'Visibility'])
    expect(names('IdleControlConfigure')).toContain('reset-parameters')
    expect(ESP_COMPOSER_METHODS.ConfigureSession.needsOne).toBe(true)
  })

  it.each(FORMS)('judges %s %j as the ESP endpoint does', async (method, parameters) => {
    const answer = await client.request({
      service: 'Chat',
      method,
      interactionId: sessionId,
      parameters,
    })

    const [problem] = checkEspForm(method, parameters)
    if (answer.event === 'Event3rdServerResponse') {
      expect(problem).toBeUndefined()
    } else {
      expect(problem).toMatchObject({
        code: answer.fault.code,
        ...(answer.fault.parameter === undefined ? {} : { parameter: answer.fault.parameter }),
      })
    }
  })
})
