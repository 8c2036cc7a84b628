import { describe, expect, it } from 'vitest'
import {
  chatPath,
  DEFAULT_SERVICES,
  postForm,
  startGmsKit,
  type GmsKit,
  type HttpAnswer,
} from './gms-test-kit'

const CHAT_CALLS = ['send', 'refresh', 'startTyping', 'stopTyping', 'disconnect']
const UNKNOWN_ID = '81f0ef4e-99dd-43ea-8366-8d27a2cbd605'
const ONE_MIB = 1024 * 1024

/** Sessions of any state the engine knows: bad requests must leave none behind. */
function sessionCount(kit: GmsKit): number {
  return kit.engine.listSessions({ state: 'any' }, 'supervisor').length
}

function expectError(answer: HttpAnswer, status: number, exception: string, named?: string) {
  expect(answer.status).toBe(status)
  expect(answer.body).toMatchObject({ exception })
  expect(typeof answer.body.message).toBe('string')
  if (named !== undefined) expect(answer.body.message).toContain(named)
  expect(answer.headers.get('content-type')).toContain('application/json')
}

describe('GMS errors', () => {
  it('answers 404 ServiceNotFound for unknown service ids and names', async () => {
    const kit = await startGmsKit()
    expectError(await kit.post('/genesys/1/service/no-such-service'), 404, 'ServiceNotFound')
    expectError(await kit.post(chatPath(UNKNOWN_ID), { firstName: 'Ann' }), 404, 'ServiceNotFound')
    for (const call of CHAT_CALLS) {
      const answer = await kit.chatCall(UNKNOWN_ID, call, { message: 'hi' })
      expectError(answer, 404, 'ServiceNotFound', UNKNOWN_ID)
    }
    expect(sessionCount(kit)).toBe(0)
  })

  it('answers 400 ChatNotStarted to every chat call before ixn/chat', async () => {
    const kit = await startGmsKit()
    const serviceId = await kit.createService()
    for (const call of CHAT_CALLS) {
      expectError(await kit.chatCall(serviceId, call, { message: 'hi' }), 400, 'ChatNotStarted')
    }
    expect(sessionCount(kit)).toBe(0)
  })

  it('answers 415 to bodies that are neither forms nor JSON, naming the content type', async () => {
    const kit = await startGmsKit()
    const { serviceId } = await kit.startChat()
    const url = `${kit.url}${chatPath(serviceId)}/send`
    const refusals = [
      ['text/plain', 'text/plain'],
      ['application/xml', 'application/xml'],
      ['multipart/form-data', 'Boundary not found'],
    ]
    for (const [contentType, named] of refusals) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': contentType! },
        body: '{"message":"hi"}',
      })
      const answer = {
        status: response.status,
        headers: response.headers,
        body: await response.json(),
      }
      expectError(answer, 415, 'UnsupportedMediaType', named)
    }
    expect(kit.loggedErrors).toEqual([])
    const refresh = await kit.chatCall(serviceId, 'refresh')
    expect(refresh.body.transcriptToShow).toHaveLength(1)
  })

  it.each([
    ['send', 'an empty message', { message: '' }, 'message'],
    ['send', 'no message', {}, 'message'],
    ['send', 'a message over 16384 characters', { message: 'x'.repeat(16385) }, 'message'],
    [
      'send',
      'a word for a position',
      { message: 'hi', transcriptPosition: 'abc' },
      'transcriptPosition',
    ],
    ['refresh', 'a fractional position', { transcriptPosition: '1.5' }, 'transcriptPosition'],
    ['refresh', 'a negative position', { transcriptPosition: '-1' }, 'transcriptPosition'],
    ['refresh', 'an empty position', { transcriptPosition: '' }, 'transcriptPosition'],
    ['refresh', 'a huge position', { transcriptPosition: '99999999999' }, 'transcriptPosition'],
    ['refresh', 'a non-boolean _verbose', { _verbose: 'yes' }, '_verbose'],
    ['startTyping', 'an exponent position', { transcriptPosition: '2e3' }, 'transcriptPosition'],
  ])('answers 415 to %s with %s, naming the value', async (call, _case, form, named) => {
    const kit = await startGmsKit()
    const { serviceId, chat } = await kit.startChat()
    expectError(await kit.chatCall(serviceId, call, form), 415, 'InvalidParameter', named)
    const { events } = kit.engine.readTranscript(chat.chatSessionId, 'supervisor')
    expect(events.map((event) => event.type)).toEqual(['party-joined'])
  })

  it('answers 415 to bad create-service and start-chat values, storing nothing', async () => {
    const kit = await startGmsKit()
    const forms: Record<string, string>[] = [{ _ttl: 'soon' }, { _ttl: '0' }, { _verbose: 'maybe' }]
    for (const form of forms) {
      const answer = await kit.post('/genesys/1/service/request-chat', form)
      expectError(answer, 415, 'InvalidParameter', Object.keys(form)[0])
    }
    const serviceId = await kit.createService()
    const bad = await kit.post(chatPath(serviceId), { firstName: 'Ann', clientTimeZoneOffset: 'x' })
    expectError(bad, 415, 'InvalidParameter', 'clientTimeZoneOffset')
    const twice = await kit.post(chatPath(serviceId), 'firstName=Ann&firstName=Bob')
    expectError(twice, 415, 'InvalidParameter', 'firstName')
    const comet = await kit.post(chatPath(serviceId), { firstName: 'Ann', notify_by: 'comet' })
    expectError(comet, 415, 'InvalidParameter', 'gms_user')
    expect(sessionCount(kit)).toBe(0)
  })

  it('answers 413 to bodies over 1 MiB, url-encoded or multipart, and stays up', async () => {
    const kit = await startGmsKit()
    const { serviceId } = await kit.startChat()
    const huge = 'x'.repeat(ONE_MIB + 10)
    expectError(await kit.chatCall(serviceId, 'send', { message: huge }), 413, 'RequestTooLarge')
    const multipart = new FormData()
    multipart.append('message', huge)
    expectError(await kit.post(`${chatPath(serviceId)}/send`, multipart), 413, 'RequestTooLarge')
    const create = await kit.post('/genesys/1/service/request-chat', { data: huge })
    expectError(create, 413, 'RequestTooLarge')
    const after = await kit.chatCall(serviceId, 'refresh')
    expect(after.status).toBe(200)
    expect(after.body.transcriptToShow).toHaveLength(1)
  })

  it('accepts multipart fields but refuses files', async () => {
    const kit = await startGmsKit()
    const { serviceId } = await kit.startChat()
    const form = new FormData()
    form.append('message', 'sent as multipart')
    form.append('transcriptPosition', '2')
    const sent = await kit.post<{ transcriptToShow: unknown[] }>(
      `${chatPath(serviceId)}/send`,
      form,
    )
    expect(sent.status).toBe(200)
    expect(sent.body.transcriptToShow).toEqual([
      ['Message.Text', 'Ann Lee', 'sent as multipart', '0', 'CLIENT'],
    ])
    const withFile = new FormData()
    withFile.append('message', 'with a file')
    withFile.append('attachment', new Blob(['secret']), 'notes.txt')
    expectError(await kit.post(`${chatPath(serviceId)}/send`, withFile), 415, 'InvalidParameter')
    const refresh = await kit.chatCall(serviceId, 'refresh', { transcriptPosition: '3' })
    expect(refresh.body.transcriptToShow).toEqual([])
  })

  it('answers 503 when the application is at its session limit', async () => {
    const kit = await startGmsKit({ limits: { maxOpenSessions: 1 } })
    const first = await kit.createService()
    const spare = await kit.createService()
    expect((await kit.post(chatPath(first), { firstName: 'Ann' })).status).toBe(200)
    expectError(await kit.post('/genesys/1/service/request-chat'), 503, 'SessionLimitReached')
    expectError(await kit.post(chatPath(spare), { firstName: 'Bob' }), 503, 'SessionLimitReached')
    expect(sessionCount(kit)).toBe(1)
  })

  it('puts the no-cache headers on every REST answer, errors and unknown paths too', async () => {
    const kit = await startGmsKit()
    const { serviceId } = await kit.startChat()
    const answers = [
      await kit.chatCall(serviceId, 'refresh'),
      await kit.chatCall(serviceId, 'send', { message: '' }),
      await kit.post('/genesys/1/service/nothing'),
      await postForm(`${kit.url}/genesys/2/elsewhere`, {}, {}),
    ]
    for (const answer of answers) {
      expect(answer.headers.get('cache-control')).toBe('no-cache, no-store')
      expect(answer.headers.get('pragma')).toBe('no-cache')
    }
    expect(answers[3]?.status).toBe(404)
  })

  it('answers 400 instead of 200 on a finished chat when the service says so', async () => {
    const services = {
      'request-chat': { ...DEFAULT_SERVICES['request-chat']!, chat400OnDisconnected: true },
    }
    const kit = await startGmsKit({ services })
    const { serviceId, chat } = await kit.startChat()
    const disconnected = await kit.chatCall(serviceId, 'disconnect')
    expect(disconnected.status).toBe(200)
    expect(disconnected.body.chatIxnState).toBe('DISCONNECTED')
    const before = kit.engine.readTranscript(chat.chatSessionId, 'supervisor').events.length
    for (const call of CHAT_CALLS) {
      expectError(await kit.chatCall(serviceId, call, { message: 'hi' }), 400, 'ChatDisconnected')
    }
    const after = kit.engine.readTranscript(chat.chatSessionId, 'supervisor').events.length
    expect(after).toBe(before)
  })
})
