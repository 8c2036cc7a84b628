import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkCaller, isLoopbackAddress } from '../../../src-main/esp/caller-access'
import { startChat } from '../../helpers/engine'
import {
  asResponse,
  EspClient,
  espRequest,
  fullTranscript,
  postEsp,
  refusedUpgradeStatus,
  startEspServer,
  type EspTestServer,
} from './esp-test-kit'

const TOKEN = 's3cret-token'

describe('with esp.token configured', () => {
  let server: EspTestServer
  let sessionId: string

  beforeEach(async () => {
    server = await startEspServer({ settings: { token: TOKEN } })
    ;({ sessionId } = await startChat(server.engine))
  })

  afterEach(async () => {
    await server.close()
  })

  const hi = () => espRequest('Message', sessionId, { MessageText: 'hi' })

  it('refuses a WebSocket upgrade without the bearer token with 401', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: TOKEN },
    ]
    for (const headers of attempts) {
      const refused = await refusedUpgradeStatus(server.listener.url, { headers })
      expect(refused).toMatchObject({ status: 401, body: { error: 'unauthorized' } })
    }
  })

  it('accepts a WebSocket with Authorization: Bearer <token>', async () => {
    const headers = { authorization: `Bearer ${TOKEN}` }
    const client = await EspClient.connect(server.listener.url, { headers })
    asResponse(await client.request(hi()))
    await client.close()
  })

  it('refuses an HTTP call without the bearer token with 401 and a JSON body', async () => {
    const before = fullTranscript(server.engine, sessionId)
    for (const authorization of [undefined, 'Bearer nope', `Basic ${TOKEN}`]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (authorization) headers.authorization = authorization
      const { status, body } = await postEsp(server.httpUrl, hi(), headers)
      expect(status).toBe(401)
      expect(body).toMatchObject({ error: 'unauthorized', message: expect.any(String) })
    }
    expect(fullTranscript(server.engine, sessionId)).toEqual(before)
  })

  it('accepts an HTTP call with the token, the scheme in any case', async () => {
    const headers = { 'content-type': 'application/json', authorization: `bearer ${TOKEN}` }
    const { status, body } = await postEsp(server.httpUrl, hi(), headers)
    expect(status).toBe(200)
    asResponse(body)
  })
})

describe('checkCaller', () => {
  it('accepts loopback callers only when no token is configured', () => {
    for (const remoteAddress of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect(checkCaller({ authorization: undefined, remoteAddress }, undefined)).toBeUndefined()
    }
    for (const remoteAddress of ['10.0.0.5', '::ffff:192.168.1.2', 'fe80::1', undefined]) {
      const refusal = checkCaller({ authorization: undefined, remoteAddress }, undefined)
      expect(refusal).toMatchObject({ status: 403, error: 'forbidden' })
    }
  })

  it('accepts any address with the right token, none without it', () => {
    const remoteAddress = '10.0.0.5'
    const right = { authorization: `Bearer ${TOKEN}`, remoteAddress }
    expect(checkCaller(right, TOKEN)).toBeUndefined()
    const local = { authorization: undefined, remoteAddress: '127.0.0.1' }
    expect(checkCaller(local, TOKEN)).toMatchObject({ status: 401 })
    const longer = { authorization: `Bearer ${TOKEN}x`, remoteAddress }
    expect(checkCaller(longer, TOKEN)).toMatchObject({ status: 401 })
  })

  it('knows loopback addresses', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true)
    expect(isLoopbackAddress('128.0.0.1')).toBe(false)
    expect(isLoopbackAddress('::ffff:10.0.0.1')).toBe(false)
  })
})
