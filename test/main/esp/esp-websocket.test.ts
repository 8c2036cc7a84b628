import { once } from 'node:events'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { EspAnswer } from '../../../src-main/esp/esp-handler'
import { startChat } from '../../helpers/engine'
import {
  asFault,
  asResponse,
  EspClient,
  espRequest,
  fullTranscript,
  MIB,
  refusedUpgradeStatus,
  startEspServer,
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

const hi = (text = 'hi') => espRequest('Message', sessionId, { MessageText: text })

describe('ESP over WebSocket: bad input', () => {
  it('serves ws://127.0.0.1:PORT/esp', () => {
    expect(server.listener.url).toBe(`ws://127.0.0.1:${server.listener.port}/esp`)
    expect(server.listener.state).toBe('running')
  })

  it('answers a frame that is not JSON with malformed-request and keeps the connection', async () => {
    const before = fullTranscript(server.engine, sessionId)
    client.send('{"referenceId": 1, "service": "Chat", ')
    const [answer] = await client.waitForCount(1)
    expect(asFault(answer)).toMatchObject({
      referenceId: null,
      fault: { code: 'malformed-request' },
    })
    expect(fullTranscript(server.engine, sessionId)).toEqual(before)
    asResponse(await client.request(hi()))
  })

  it('reads a binary frame as UTF-8 JSON', async () => {
    client.ws.send(Buffer.from(JSON.stringify({ ...hi('binary'), referenceId: 'b' })))
    const answer = await client.waitFor((candidate) => candidate.referenceId === 'b')
    asResponse(answer)
  })

  it('closes with 1009 on a frame over 1 MiB; the server stays up and nothing changes', async () => {
    const before = fullTranscript(server.engine, sessionId)
    const closed = once(client.ws, 'close')
    client.ws.on('error', () => {})
    client.send(hi('x'.repeat(MIB)))
    const [code] = (await closed) as [number]
    expect(code).toBe(1009)
    expect(fullTranscript(server.engine, sessionId)).toEqual(before)
    client = await EspClient.connect(server.listener.url)
    asResponse(await client.request(hi()))
  })

  it('accepts a frame just under 1 MiB', async () => {
    // A text over 16384 characters is refused by the method, not by the transport.
    const answer = await client.request({ ...hi('x'.repeat(MIB - 500)) })
    expect(asFault(answer).fault).toMatchObject({ parameter: 'MessageText' })
  })

  it('refuses an upgrade on another path with 404', async () => {
    const refused = await refusedUpgradeStatus(server.listener.url.replace('/esp', '/other'))
    expect(refused).toMatchObject({ status: 404, body: { error: 'not-found' } })
  })
})

describe('ESP over WebSocket: order', () => {
  it('answers pipelined requests on one session in request order', async () => {
    const requests = Array.from({ length: 60 }, (_, index) => {
      if (index % 3 === 1) return espRequest('Message', sessionId, { Visibility: 'NONE' })
      if (index % 3 === 2)
        return espRequest('ConfigureSession', sessionId, { GCTI_LanguageCode: 'en-US' })
      return hi(`message ${index}`)
    })
    const sent = requests.map((request) => client.send(request))
    const answers = await client.waitForCount(requests.length)
    expect(answers.map((answer) => answer.referenceId)).toEqual(sent)
    const texts = fullTranscript(server.engine, sessionId)
      .filter((event) => event.type === 'message')
      .map((event) => (event.type === 'message' ? event.text : ''))
    expect(texts).toEqual(
      requests.flatMap((_, index) => (index % 3 === 0 ? [`message ${index}`] : [])),
    )
  })

  it('keeps each session in order when requests on two sessions interleave', async () => {
    const other = await startChat(server.engine)
    const sent: { session: string; referenceId: unknown }[] = []
    for (let index = 0; index < 40; index += 1) {
      const target = index % 2 === 0 ? sessionId : other.sessionId
      const request =
        index % 4 < 2
          ? espRequest('Message', target, { MessageText: `m${index}` })
          : espRequest('Notice', target, { NoticeType: 'BAD' })
      sent.push({ session: target, referenceId: client.send(request) })
    }
    const answers = await client.waitForCount(sent.length)
    for (const session of [sessionId, other.sessionId]) {
      const expected = sent
        .filter((entry) => entry.session === session)
        .map((entry) => entry.referenceId)
      const byRef = new Map(sent.map((entry) => [entry.referenceId, entry.session]))
      const got = answers
        .filter((answer: EspAnswer) => byRef.get(answer.referenceId) === session)
        .map((answer) => answer.referenceId)
      expect(got).toEqual(expected)
    }
  })
})

describe('ESP over WebSocket: lifecycle', () => {
  it('terminates a peer that stops answering pings', async () => {
    const quick = await startEspServer({ heartbeatIntervalMs: 50 })
    try {
      const silent = new WebSocket(quick.listener.url, { autoPong: false })
      await once(silent, 'open')
      const lively = await EspClient.connect(quick.listener.url)
      const [code] = (await once(silent, 'close')) as [number]
      expect(code).toBe(1006)
      expect(lively.ws.readyState).toBe(WebSocket.OPEN)
      await lively.close()
    } finally {
      await quick.close()
    }
  })

  it('closes idempotently, terminating open connections', async () => {
    const closed = once(client.ws, 'close')
    const first = server.listener.close()
    const second = server.listener.close()
    expect(server.listener.state).toBe('closing')
    await Promise.all([first, second, closed])
    expect(server.listener.state).toBe('closed')
    const ws = new WebSocket(server.listener.url)
    const [error] = (await once(ws, 'error')) as [NodeJS.ErrnoException]
    expect(error.code).toBe('ECONNREFUSED')
  })

  it('refuses invalid options with a TypeError naming the option', async () => {
    const { startEspListener } = await import('../../../src-main/esp/esp-listener')
    const base = {
      engine: server.engine,
      host: '127.0.0.1',
      port: 0,
      settings: { rateLimit: 1, burst: 1, maxBodyBytes: 1 },
      logger: { info() {}, warn() {}, error() {} },
    }
    await expect(startEspListener({ ...base, port: 70000 })).rejects.toThrow(/port/)
    const badRate = { ...base.settings, rateLimit: 0 }
    await expect(startEspListener({ ...base, settings: badRate })).rejects.toThrow(
      /settings\.rateLimit/,
    )
    const badToken = { ...base.settings, token: '' }
    await expect(startEspListener({ ...base, settings: badToken })).rejects.toThrow(TypeError)
  })
})
