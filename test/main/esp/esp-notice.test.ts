import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { transcript } from '../../helpers/engine'
import {
  asFault,
  asResponse,
  espRequest,
  fullTranscript,
  closeEspChat,
  openEspChat,
  type EspChat,
} from './esp-test-kit'

let { server, client, sessionId } = {} as EspChat

beforeEach(async () => {
  ;({ server, client, sessionId } = await openEspChat())
})

afterEach(async () => {
  await closeEspChat({ server, client })
})

const notice = (parameters: Record<string, unknown>) =>
  client.request(espRequest('Notice', sessionId, parameters))

describe('Notice', () => {
  it('pushes a URL as a USER_PUSHED_URL notice from the EXTERNAL party', async () => {
    const url = 'https://example.com/help?topic=billing'
    const answer = asResponse(await notice({ NoticeType: 'USER_PUSHED_URL', NoticeText: url }))
    expect(answer.result).toEqual({ sessionId, eventIds: [2, 3] })
    const [, joined, pushed] = fullTranscript(server.engine, sessionId)
    expect(joined).toMatchObject({ type: 'party-joined', party: { type: 'EXTERNAL' } })
    expect(pushed).toMatchObject({ type: 'notice', noticeType: 'USER_PUSHED_URL', text: url })
    expect(transcript(server.engine, sessionId, 'customer').at(-1)).toMatchObject({ text: url })
  })

  it('sends a USER_CUSTOM notice, with an empty text when none is given', async () => {
    asResponse(await notice({ NoticeType: 'USER_CUSTOM' }))
    asResponse(await notice({ NoticeType: 'USER_CUSTOM', NoticeText: 'survey-offered' }))
    const [first, second] = fullTranscript(server.engine, sessionId).slice(-2)
    expect(first).toMatchObject({ noticeType: 'USER_CUSTOM', text: '' })
    expect(second).toMatchObject({ noticeType: 'USER_CUSTOM', text: 'survey-offered' })
  })

  it('honours Nickname and Visibility as Message does', async () => {
    const parameters = { NoticeType: 'USER_CUSTOM', Nickname: 'Survey', Visibility: 'VIP' }
    asResponse(await notice(parameters))
    expect(transcript(server.engine, sessionId, 'agent')).toHaveLength(1)
    const [, joined, sent] = fullTranscript(server.engine, sessionId)
    expect(joined).toMatchObject({ visibility: 'VIP', party: { nickname: 'Survey' } })
    expect(sent).toMatchObject({ visibility: 'VIP', noticeType: 'USER_CUSTOM' })
  })

  it('accepts a NoticeText of 16384 characters and refuses 16385', async () => {
    asResponse(await notice({ NoticeType: 'USER_CUSTOM', NoticeText: 'a'.repeat(16384) }))
    const long = { NoticeType: 'USER_CUSTOM', NoticeText: 'a'.repeat(16385) }
    const fault = asFault(await notice(long)).fault
    expect(fault).toMatchObject({ code: 'invalid-parameter', parameter: 'NoticeText' })
  })

  it('refuses an absent or empty NoticeType as missing-parameter', async () => {
    for (const parameters of [{}, { NoticeType: '' }, { NoticeText: 'x' }]) {
      const fault = asFault(await notice(parameters)).fault
      expect(fault).toMatchObject({ code: 'missing-parameter', parameter: 'NoticeType' })
    }
  })

  it('refuses any other notice type as invalid-parameter', async () => {
    for (const NoticeType of ['TYPING_STARTED', 'IDLE_CONTROL_SET', 'user_custom', 'PUSH']) {
      const fault = asFault(await notice({ NoticeType, NoticeText: 'x' })).fault
      expect(fault).toMatchObject({ code: 'invalid-parameter', parameter: 'NoticeType' })
    }
  })

  it('requires a NoticeText for USER_PUSHED_URL', async () => {
    for (const parameters of [{}, { NoticeText: '' }]) {
      const answer = await notice({ NoticeType: 'USER_PUSHED_URL', ...parameters })
      expect(asFault(answer).fault).toMatchObject({
        code: 'missing-parameter',
        parameter: 'NoticeText',
      })
    }
  })

  it('requires an absolute http: or https: URL for USER_PUSHED_URL', async () => {
    const bad = ['example.com', '/relative', 'ftp://example.com', 'javascript:alert(1)', 'http:x']
    for (const NoticeText of bad) {
      const fault = asFault(await notice({ NoticeType: 'USER_PUSHED_URL', NoticeText })).fault
      expect(fault).toMatchObject({ code: 'invalid-parameter', parameter: 'NoticeText' })
    }
    asResponse(await notice({ NoticeType: 'USER_PUSHED_URL', NoticeText: 'HTTP://a.example/' }))
  })

  it('refuses a bad Visibility and changes nothing', async () => {
    const before = fullTranscript(server.engine, sessionId)
    const answer = await notice({ NoticeType: 'USER_CUSTOM', Visibility: 'PUBLIC' })
    expect(asFault(answer).fault).toMatchObject({
      code: 'invalid-parameter',
      parameter: 'Visibility',
    })
    expect(fullTranscript(server.engine, sessionId)).toEqual(before)
  })

  it('lists unknown parameters, also in a fault', async () => {
    const answer = asResponse(await notice({ NoticeType: 'USER_CUSTOM', Text: 'x' }))
    expect(answer.ignoredParameters).toEqual(['Text'])
    const fault = asFault(await notice({ NoticeTyp: 'USER_CUSTOM' }))
    expect(fault.ignoredParameters).toEqual(['NoticeTyp'])
  })
})
