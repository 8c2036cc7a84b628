import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RateLimiterPool, TokenBucket } from '../../../src-main/esp/rate-limiter'
import { startChat } from '../../helpers/engine'
import {
  asFault,
  asResponse,
  EspClient,
  espRequest,
  fullTranscript,
  postEsp,
  startEspServer,
  type EspTestServer,
} from './esp-test-kit'

describe('TokenBucket', () => {
  it('allows a burst, then the rate, on a fake clock', () => {
    let now = 1_000
    const bucket = new TokenBucket({ ratePerSecond: 2000, burst: 4000 }, () => now)
    let allowed = 0
    for (let index = 0; index < 5000; index += 1) if (bucket.tryTake()) allowed += 1
    expect(allowed).toBe(4000)
    now += 1
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, false])
    now += 10_000
    expect(bucket.isFull()).toBe(true)
  })

  it('does not lose tokens when the clock steps back', () => {
    let now = 5_000
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 }, () => now)
    expect(bucket.tryTake()).toBe(true)
    now = 0
    expect(bucket.tryTake()).toBe(false)
    now = 1_000
    expect(bucket.tryTake()).toBe(true)
  })
})

describe('RateLimiterPool', () => {
  it('keeps one bucket per caller and forgets refilled ones', () => {
    let now = 0
    const pool = new RateLimiterPool({ ratePerSecond: 1, burst: 1 }, () => now)
    expect(pool.tryTake('a')).toBe(true)
    expect(pool.tryTake('a')).toBe(false)
    expect(pool.tryTake('b')).toBe(true)
    expect(pool.size).toBe(2)
    now += 120_000
    expect(pool.tryTake('c')).toBe(true)
    expect(pool.size).toBe(1)
  })
})

describe('the listener past its rate', () => {
  let now = 0
  let server: EspTestServer
  let sessionId: string

  beforeEach(async () => {
    now = 0
    server = await startEspServer({ settings: { rateLimit: 10, burst: 3 }, now: () => now })
    ;({ sessionId } = await startChat(server.engine))
  })

  afterEach(async () => {
    await server.close()
  })

  const hi = (text: string) => espRequest('Message', sessionId, { MessageText: text })
  const messageCount = () =>
    fullTranscript(server.engine, sessionId).filter((event) => event.type === 'message').length

  it('answers overloaded past the burst on a connection, changing nothing', async () => {
    const client = await EspClient.connect(server.listener.url)
    for (let index = 0; index < 5; index += 1) client.send(hi(`m${index}`))
    const answers = await client.waitForCount(5)
    expect(answers.map((answer) => answer.event)).toEqual([
      'Event3rdServerResponse',
      'Event3rdServerResponse',
      'Event3rdServerResponse',
      'Event3rdServerFault',
      'Event3rdServerFault',
    ])
    expect(asFault(answers[4]).fault.code).toBe('overloaded')
    expect(messageCount()).toBe(3)
    now += 100
    asResponse(await client.request(hi('refilled')))
    expect(asFault(await client.request(hi('again'))).fault.code).toBe('overloaded')
    await client.close()
  })

  it('still gives an earlier fault its own code past the rate', async () => {
    const client = await EspClient.connect(server.listener.url)
    for (let index = 0; index < 3; index += 1) client.send(hi(`m${index}`))
    const answer = await client.request(espRequest('Message', sessionId, {}))
    expect(asFault(answer).fault.code).toBe('missing-parameter')
    await client.close()
  })

  it('gives every connection its own bucket', async () => {
    const first = await EspClient.connect(server.listener.url)
    for (let index = 0; index < 4; index += 1) first.send(hi(`m${index}`))
    await first.waitForCount(4)
    const second = await EspClient.connect(server.listener.url)
    asResponse(await second.request(hi('fresh')))
    await Promise.all([first.close(), second.close()])
  })

  it('limits HTTP callers per address, answering overloaded with 200', async () => {
    const statuses: string[] = []
    for (let index = 0; index < 4; index += 1) {
      const { status, body } = await postEsp(server.httpUrl, hi(`h${index}`))
      expect(status).toBe(200)
      const answer = body as { event: string; fault?: { code: string } }
      statuses.push(answer.fault?.code ?? answer.event)
    }
    expect(statuses.at(-1)).toBe('overloaded')
    expect(messageCount()).toBe(3)
  })
})
