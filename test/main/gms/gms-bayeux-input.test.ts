import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { userChannel } from '../../../src-main/gms/bayeux-gate'
import { chatPath, startGmsKit, type GmsKit } from './gms-test-kit'

interface RawAnswer {
  status: number
  text: string
  headers: Record<string, string | string[] | undefined>
}

/** One HTTP request written by hand, optionally chunked (no Content-Length). */
function rawPost(
  url: string,
  body: string,
  headers: Record<string, string>,
  isChunked = false,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text, headers: response.headers }),
      )
    })
    // The server may answer and close before the whole body is written.
    outgoing.on('error', reject)
    if (isChunked) {
      for (let offset = 0; offset < body.length; offset += 64 * 1024) {
        outgoing.write(body.slice(offset, offset + 64 * 1024))
      }
    } else {
      outgoing.setHeader('content-length', Buffer.byteLength(body))
      outgoing.write(body)
    }
    outgoing.end()
  })
}

type Reply = Record<string, unknown>

/** Posts Bayeux messages as the CometD long-polling transport does. */
async function bayeux(
  kit: GmsKit,
  messages: unknown,
  gmsUser: string | null = 'user-ann',
): Promise<{ status: number; replies: Reply[] }> {
  const response = await fetch(`${kit.url}/genesys/cometd`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(gmsUser === null ? {} : { gms_user: gmsUser }),
    },
    body: typeof messages === 'string' ? messages : JSON.stringify(messages),
  })
  const text = await response.text()
  return { status: response.status, replies: response.ok ? (JSON.parse(text) as Reply[]) : [] }
}

const HANDSHAKE = {
  channel: '/meta/handshake',
  version: '1.0',
  supportedConnectionTypes: ['long-polling'],
}

async function handshake(kit: GmsKit, gmsUser: string): Promise<string> {
  const { replies } = await bayeux(kit, [HANDSHAKE], gmsUser)
  expect(replies[0]).toMatchObject({ successful: true })
  return String(replies[0]?.clientId)
}

describe('GMS Bayeux endpoint input', () => {
  it('serves a client without gms_user but keeps /_genesys from it, naming the header', async () => {
    const kit = await startGmsKit()
    const { status, replies } = await bayeux(kit, [HANDSHAKE], null)
    expect(status).toBe(200)
    expect(replies[0]).toMatchObject({ successful: true })
    const clientId = String(replies[0]?.clientId)
    const subscribe = { channel: '/meta/subscribe', clientId, subscription: '/_genesys' }
    const { replies: refused } = await bayeux(kit, [subscribe], null)
    expect(refused[0]).toMatchObject({ successful: false })
    expect(refused[0]?.error).toContain('gms_user')
  })

  it('answers the first /meta/connect at once even without advice, and holds the next', async () => {
    const kit = await startGmsKit()
    const clientId = await handshake(kit, 'user-ann')
    const connect = { channel: '/meta/connect', clientId, connectionType: 'long-polling' }
    const first = await bayeux(kit, [connect], 'user-ann')
    expect(first.replies[0]).toMatchObject({ successful: true })
    // The second connect is held: it is still open after the first has come back.
    let isAnswered = false
    const second = bayeux(kit, [connect], 'user-ann').then((answer) => {
      isAnswered = true
      return answer
    })
    await kit.post('/genesys/1/service/request-chat')
    expect(isAnswered).toBe(false)
    await kit.listener.close()
    expect((await second).status).toBe(200)
  })

  it('binds a client to the gms_user of its handshake', async () => {
    const kit = await startGmsKit()
    const clientId = await handshake(kit, 'user-ann')
    const subscribe = { channel: '/meta/subscribe', clientId, subscription: '/_genesys' }
    const { replies } = await bayeux(kit, [subscribe], 'user-mallory')
    expect(replies[0]).toMatchObject({ successful: false })
    expect(replies[0]?.error).toMatch(/^401:/)
    const { replies: bare } = await bayeux(kit, [subscribe], null)
    expect(bare[0]?.error).toMatch(/^40[12]:/)
    const connect = { channel: '/meta/connect', clientId, connectionType: 'long-polling' }
    const { replies: headless } = await bayeux(kit, [connect], null)
    expect(headless[0]).toMatchObject({ successful: false })
    expect(headless[0]?.error).toMatch(/^401:/)
    const { replies: own } = await bayeux(kit, [subscribe], 'user-ann')
    expect(own[0]).toMatchObject({ successful: true, subscription: '/_genesys' })
  })

  it('allows only /_genesys to be subscribed and nothing to be published', async () => {
    const kit = await startGmsKit()
    const clientId = await handshake(kit, 'user-mallory')
    const others = [
      '/other',
      '/_genesys/*',
      '/**',
      '/service/**',
      '/_v2/x',
      userChannel('user-ann'),
    ]
    for (const subscription of others) {
      const subscribe = { channel: '/meta/subscribe', clientId, subscription }
      const { replies } = await bayeux(kit, [subscribe], 'user-mallory')
      expect(replies[0], subscription).toMatchObject({ successful: false })
      expect(String(replies[0]?.error)).toMatch(/^403:/)
    }
    const publish = { channel: '/_genesys', clientId, data: { message: 'spoof' } }
    const { replies } = await bayeux(kit, [publish], 'user-mallory')
    expect(replies[0]).toMatchObject({ successful: false })
  })

  it('answers garbage with clear refusals and stays up, storing nothing', async () => {
    const kit = await startGmsKit()
    expect((await bayeux(kit, 'this is not json')).status).toBe(400)
    expect((await bayeux(kit, '"just a string"')).status).toBe(400)
    const odd = await bayeux(kit, [1, null, 'text', [], {}, { channel: 42 }])
    expect(odd.status).toBe(200)
    expect(odd.replies.every((reply) => reply.successful === false)).toBe(true)
    const partial = await bayeux(kit, [{ channel: '/meta/handshake' }])
    expect(partial.replies[0]).toMatchObject({ successful: false })
    const unknownMeta = await bayeux(kit, [{ channel: '/meta/nothing', clientId: 'x' }])
    expect(unknownMeta.replies[0]).toMatchObject({ successful: false })
    const badConnect = { channel: '/meta/connect', clientId: { an: 'object' } }
    expect((await bayeux(kit, [badConnect])).replies[0]).toMatchObject({ successful: false })
    const eventSource = await fetch(`${kit.url}/genesys/cometd/abc`, {
      headers: { accept: 'text/event-stream', gms_user: 'user-ann' },
    })
    expect(eventSource.status).toBe(400)

    expect(await handshake(kit, 'user-ann')).toMatch(/\w+/)
    expect(kit.engine.listSessions({ state: 'any' }, 'supervisor')).toHaveLength(0)
    expect(kit.loggedErrors).toEqual([])
  })

  it('answers 413 to Bayeux bodies over 1 MiB, with or without a length', async () => {
    const kit = await startGmsKit()
    const body = JSON.stringify([{ ...HANDSHAKE, ext: { padding: 'x'.repeat(1024 * 1024) } }])
    const headers = { 'content-type': 'application/json', gms_user: 'user-ann' }
    const url = `${kit.url}/genesys/cometd`
    const sized = await rawPost(url, body, headers)
    expect(sized.status).toBe(413)
    expect(JSON.parse(sized.text)).toMatchObject({ exception: 'RequestTooLarge' })
    const chunked = await rawPost(url, body, headers, true)
    expect(chunked.status).toBe(413)
    expect(await handshake(kit, 'user-ann')).toMatch(/\w+/)
  })

  it('answers 413 to chunked REST bodies over 1 MiB, url-encoded or multipart', async () => {
    const kit = await startGmsKit()
    const { serviceId } = await kit.startChat()
    const url = `${kit.url}${chatPath(serviceId)}/send`
    const huge = 'x'.repeat(1024 * 1024 + 1)
    const encoded = await rawPost(
      url,
      `message=${huge}`,
      { 'content-type': 'application/x-www-form-urlencoded' },
      true,
    )
    expect(encoded.status).toBe(413)
    const boundary = 'gms-test-boundary'
    const multipart = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="message"',
      '',
      huge,
      `--${boundary}--`,
      '',
    ].join('\r\n')
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` }
    const answer = await rawPost(url, multipart, headers, true)
    expect(answer.status).toBe(413)
    expect(answer.headers['cache-control']).toBe('no-cache, no-store')
    const refresh = await kit.chatCall(serviceId, 'refresh')
    expect(refresh.body.transcriptToShow).toHaveLength(1)
  })
})
