/**
 * docs/limits.md and docs/esp.md: ESP texts are counted in characters (code points: an emoji is one),
 * idle texts have a message's cap, and a nickname is 1-64 characters, not only white space and
 * without control characters. Past these: `invalid-parameter` naming the parameter, with the
 * count the sender sees.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  asFault,
  asResponse,
  closeEspChat,
  espRequest,
  fullTranscript,
  openEspChat,
  type EspChat,
} from './esp-test-kit'

const EMOJI = '😀'
let { server, client, sessionId } = {} as EspChat

beforeEach(async () => {
  ;({ server, client, sessionId } = await openEspChat())
})

afterEach(async () => {
  await closeEspChat({ server, client })
})

const send = (method: string, parameters: Record<string, unknown>) =>
  client.request(espRequest(method, sessionId, parameters))

describe('texts counted in characters', () => {
  it('accepts a MessageText of 16384 emoji and refuses 16385, giving that count', async () => {
    asResponse(await send('Message', { MessageText: EMOJI.repeat(16384) }))
    const posted = fullTranscript(server.engine, sessionId).at(-1)
    expect(posted).toMatchObject({ type: 'message', text: EMOJI.repeat(16384) })

    const fault = asFault(await send('Message', { MessageText: EMOJI.repeat(16385) })).fault
    expect(fault).toEqual({
      code: 'invalid-parameter',
      parameter: 'MessageText',
      text: 'MessageText must be at most 16384 characters (got 16385)',
    })
  })

  it('counts NoticeText, MessageType and Nickname in characters too', async () => {
    const notice = { NoticeType: 'USER_CUSTOM', NoticeText: EMOJI.repeat(16384) }
    asResponse(await send('Notice', notice))
    const named = { MessageText: 'hi', MessageType: EMOJI.repeat(64), Nickname: EMOJI.repeat(64) }
    asResponse(await send('Message', named))

    const longType = asFault(await send('Message', { ...named, MessageType: EMOJI.repeat(65) }))
    expect(longType.fault).toMatchObject({
      parameter: 'MessageType',
      text: expect.stringContaining('(got 65)'),
    })
    const longName = asFault(await send('Message', { ...named, Nickname: EMOJI.repeat(65) }))
    expect(longName.fault).toMatchObject({
      parameter: 'Nickname',
      text: expect.stringContaining('(got 65)'),
    })
  })
})

describe('idle texts have a message cap', () => {
  it.each(['message-alert', 'message-alert2', 'message-close'])(
    'refuses a %s over 16384 characters and changes nothing',
    async (key) => {
      const before = fullTranscript(server.engine, sessionId)
      const fault = asFault(await send('IdleControlConfigure', { [key]: 'a'.repeat(16385) })).fault
      expect(fault).toEqual({
        code: 'invalid-parameter',
        parameter: key,
        text: `${key} must be at most 16384 characters (got 16385)`,
      })
      expect(fullTranscript(server.engine, sessionId)).toEqual(before)
    },
  )

  it('accepts 16384 emoji and an empty text', async () => {
    const parameters = { 'message-alert': EMOJI.repeat(16384), 'message-close': '' }
    asResponse(await send('IdleControlConfigure', parameters))
  })
})

describe('nicknames', () => {
  it.each([
    ['only spaces', '   '],
    ['only a no-break space and a tab', '\u00a0\t'],
    ['a newline', 'Ann\nSupervisor'],
    ['a bell', 'bot\u0007'],
    ['an escape sequence', '\u001b[31mred'],
    ['a DEL', 'x\u007f'],
  ])('refuses one with %s, naming Nickname', async (_what, nickname) => {
    const before = fullTranscript(server.engine, sessionId)
    const fault = asFault(await send('Message', { MessageText: 'hi', Nickname: nickname })).fault
    expect(fault).toMatchObject({ code: 'invalid-parameter', parameter: 'Nickname' })
    expect(fullTranscript(server.engine, sessionId)).toEqual(before)
  })

  it('accepts letters of any script, inner spaces and emoji', async () => {
    asResponse(await send('Message', { MessageText: 'hi', Nickname: 'Zoë 李 🤖 bot' }))
  })
})
