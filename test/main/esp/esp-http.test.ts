import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startChat } from '../../helpers/engine'
import {
  asFault,
  asResponse,
  espRequest,
  fullTranscript,
  MIB,
  postEsp,
  startEspServer,
  type EspTestServer,
} from './esp-test-kit'

let server: EspTestServer
let sessionId: string

beforeEach(async () => {
  server = await startEspServer()
  ;({ sessionId } = await startChat(server.engine))
})

afterEach(async () => {
  await server.close()
})

const hi = (text = 'hi') => ({
  referenceId: 7,
  ...espRequest('Message', sessionId, { MessageText: text }),
})

/** After each bad call: the server still answers and the session is as it was. */
async function expectStillServingUnchanged(before: unknown): Promise<void> {
  expect(fullTranscript(server.engine, sessionId)).toEqual(before)
  const { status, body } = await postEsp(server.httpUrl, hi('after'))
  expect(status).toBe(200)
  asResponse(body)
}

describe('ESP over HTTP', () => {
  it('answers a request with 200 and the response', async () => {
    const { status, body } = await postEsp(server.httpUrl, hi())
    expect(status).toBe(200)
    expect(body).toEqual({
      referenceId: 7,
      event: 'Event3rdServerResponse',
      result: { sessionId, eventIds: [2, 3] },
      ignoredParameters: [],
    })
  })

  it('answers a fault with 200 and the fault in the body', async () => {
    const { status, body } = await postEsp(server.httpUrl, {
      ...hi(),
      parameters: { MessageText: 'x', Visibility: 'EVERYONE' },
    })
    expect(status).toBe(200)
    expect(asFault(body).fault).toMatchObject({
      code: 'invalid-parameter',
      parameter: 'Visibility',
    })
  })

  it('accepts a charset in the content type', async () => {
    const headers = { 'content-type': 'application/json; charset=utf-8' }
    const { status } = await postEsp(server.httpUrl, hi(), headers)
    expect(status).toBe(200)
  })

  it('answers 200 with malformed-request for an object with wrong field types', async () => {
    const { status, body } = await postEsp(server.httpUrl, { ...hi(), service: 42 })
    expect(status).toBe(200)
    expect(asFault(body)).toMatchObject({ referenceId: 7, fault: { code: 'malformed-request' } })
  })

  it.each([
    ['invalid JSON', '{"service": "Chat",'],
    ['a JSON array', '[1, 2]'],
    ['a JSON text', '"Message"'],
    ['JSON null', 'null'],
    ['an empty body', ''],
  ])('answers 400 with a JSON error for %s', async (_case, raw) => {
    const before = fullTranscript(server.engine, sessionId)
    const { status, body } = await postEsp(server.httpUrl, raw)
    expect(status).toBe(400)
    expect(body).toMatchObject({ error: 'malformed-request', message: expect.any(String) })
    await expectStillServingUnchanged(before)
  })

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form data', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content type', {}],
  ])('answers 415 with a JSON error for %s', async (_case, headers) => {
    const before = fullTranscript(server.engine, sessionId)
    // A Blob without a type, so that fetch adds no content type of its own.
    const bytes = new Blob([JSON.stringify(hi())])
    const { status, body } = await postEsp(server.httpUrl, bytes, headers)
    expect(status).toBe(415)
    expect(body).toMatchObject({ error: 'unsupported-media-type' })
    await expectStillServingUnchanged(before)
  })

  it('answers 413 with a JSON error for a body over 1 MiB', async () => {
    const before = fullTranscript(server.engine, sessionId)
    const { status, body } = await postEsp(server.httpUrl, hi('x'.repeat(MIB)))
    expect(status).toBe(413)
    expect(body).toMatchObject({ error: 'payload-too-large' })
    await expectStillServingUnchanged(before)
  })

  it('answers 404 with a JSON error elsewhere', async () => {
    const response = await fetch(server.httpUrl.replace('/esp', '/other'))
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: 'not-found' })
    expect((await fetch(server.httpUrl)).status).toBe(404)
  })

  it('answers a closed session and an unknown method with faults, changing nothing', async () => {
    const chat = await startChat(server.engine)
    await server.engine.leave(chat.sessionId, chat.customerPartyId)
    const closed = await postEsp(
      server.httpUrl,
      espRequest('Message', chat.sessionId, { MessageText: 'x' }),
    )
    expect(asFault(closed.body).fault.code).toBe('session-closed')
    const unknown = await postEsp(server.httpUrl, espRequest('Shout', sessionId))
    expect(asFault(unknown.body).fault.code).toBe('unknown-method')
    await expectStillServingUnchanged(fullTranscript(server.engine, sessionId))
  })
})
