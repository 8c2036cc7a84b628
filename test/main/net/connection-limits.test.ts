/**
 * docs/limits.md, "Connections": every listener closes connections that stall while sending a
 * request, closes idle keep-alive connections, caps its connections, and never cuts what is
 * exempt (a held long poll, an open WebSocket). Real servers and raw sockets; the time-outs are
 * lowered through options so that a stall lasts a fraction of a second.
 */
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { resolveConnectionLimits, type ListenerName } from '../../../src-main/net/connection-limits'
import { LISTENERS, type ListenerStartOptions, type RunningListener } from './listener-kits'
import {
  destroyRawConnections,
  halfBodyRequest,
  openRaw,
  pause,
  SHORT_LIMITS,
  trickleHead,
} from './stalling-client'

/** Far below any default (20 s head, 30 s request): a pass means the lowered limit acted. */
const CLOSED_WITHIN_MS = 3000

const running: RunningListener[] = []
afterEach(async () => {
  // A listener closing gracefully waits for open connections: let the clients go first.
  destroyRawConnections()
  for (const listener of running.splice(0)) await listener.close()
})

async function start(name: ListenerName, options: ListenerStartOptions) {
  const listener = await LISTENERS[name](options)
  running.push(listener)
  return listener
}

/** The close time in ms, or 'still open' when the server kept the connection `limitMs`. */
async function closeTime(closed: Promise<number>, limitMs = CLOSED_WITHIN_MS) {
  return Promise.race([closed, pause(limitMs).then(() => 'still open' as const)])
}

describe.each(['esp', 'gms', 'console'] as const)('the %s listener', (name) => {
  it('closes a connection that sends nothing once the head time-out passes', async () => {
    const listener = await start(name, { connections: SHORT_LIMITS })
    const idle = await openRaw(listener.port)
    const closedAfter = await closeTime(idle.closed)
    expect(closedAfter).toBeTypeOf('number')
    expect(closedAfter).toBeGreaterThanOrEqual(150)
  })

  it('closes a connection that trickles its head a line at a time, counted from its start', async () => {
    const listener = await start(name, { connections: SHORT_LIMITS })
    const slow = await openRaw(listener.port, 'POST /esp HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    trickleHead(slow, 40)
    const closedAfter = await closeTime(slow.closed)
    expect(closedAfter).toBeTypeOf('number')
    expect(closedAfter).toBeGreaterThanOrEqual(150)
    // An answer, when one is sent before closing, says why.
    if (slow.received() !== '') expect(slow.received()).toMatch(/^HTTP\/1\.1 408/)
  })

  it('closes a connection whose body stops half-way once the request time-out passes', async () => {
    const listener = await start(name, { connections: SHORT_LIMITS })
    const half = await openRaw(listener.port, halfBodyRequest('/esp', `127.0.0.1:${listener.port}`))
    const closedAfter = await closeTime(half.closed)
    expect(closedAfter).toBeTypeOf('number')
    expect(closedAfter).toBeGreaterThanOrEqual(350)
  })

  // Node waits one second more than the keep-alive time-out it advertises, so that a client
  // reusing the connection at the last moment does not race the close.
  it('answers a whole request, then closes the connection once it is idle', async () => {
    const listener = await start(name, { connections: SHORT_LIMITS })
    const client = await openRaw(listener.port, listener.quickRequest)
    const closedAfter = await closeTime(client.closed)
    expect(client.received()).toMatch(/^HTTP\/1\.1 [1-5]\d\d /)
    expect(closedAfter).toBeTypeOf('number')
  })

  it('closes one connection past its cap at once and keeps serving the others', async () => {
    const listener = await start(name, { connections: { maxConnections: 3 } })
    const kept = await Promise.all([1, 2, 3].map(() => openRaw(listener.port)))
    // Give the server the moment it needs to accept the three before the fourth arrives.
    await pause(50)
    const extra = await openRaw(listener.port)
    expect(await closeTime(extra.closed, 1000)).toBeTypeOf('number')
    expect(extra.received()).toBe('')

    kept[0]!.socket.write(listener.quickRequest)
    await pause(0)
    await expect.poll(() => kept[0]!.received(), { timeout: 2000 }).toMatch(/^HTTP\/1\.1 /)
    expect(kept.every((connection) => !connection.isClosed())).toBe(true)

    // Once one is gone, a new connection is served again.
    kept[1]!.socket.destroy()
    await kept[1]!.closed
    await pause(50)
    const next = await openRaw(listener.port, listener.quickRequest)
    await expect.poll(() => next.received(), { timeout: 2000 }).toMatch(/^HTTP\/1\.1 /)
  })
})

describe('open WebSockets', () => {
  it('count toward the cap: with two open, a third connection is closed at once', async () => {
    const listener = await start('esp', { connections: { maxConnections: 2 } })
    const sockets = [new WebSocket(listener.espUrl!), new WebSocket(listener.espUrl!)]
    await Promise.all(sockets.map((ws) => once(ws, 'open')))

    const extra = await openRaw(listener.port, listener.quickRequest)
    expect(await closeTime(extra.closed, 1000)).toBeTypeOf('number')
    expect(extra.received()).toBe('')

    const closed = once(sockets[0]!, 'close')
    sockets[0]!.close()
    await closed
    await pause(50)
    const next = await openRaw(listener.port, listener.quickRequest)
    await expect.poll(() => next.received(), { timeout: 2000 }).toMatch(/^HTTP\/1\.1 404/)
    sockets[1]!.close()
  })
})

describe('exempt from the time-outs', () => {
  it('an open ESP WebSocket stays open past every time-out and keeps answering', async () => {
    const listener = await start('esp', { connections: SHORT_LIMITS })
    const ws = new WebSocket(listener.espUrl!)
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    let isClosed = false
    ws.once('close', () => (isClosed = true))
    await pause(900) // more than head + request + keep-alive time-outs together
    expect(isClosed).toBe(false)
    const answer = new Promise<string>((resolve) =>
      ws.once('message', (data) => resolve(String(data))),
    )
    ws.send(JSON.stringify({ referenceId: 1, service: 'Chat', method: 'Message' }))
    expect(JSON.parse(await answer)).toMatchObject({ referenceId: 1 })
    ws.close()
  })

  it('a GMS /meta/connect held longer than the request time-out is answered normally', async () => {
    const listener = await start('gms', { connections: SHORT_LIMITS, longPollTimeoutSeconds: 1 })
    const bayeux = `http://127.0.0.1:${listener.port}/genesys/cometd`
    const post = async (message: object) => {
      const response = await fetch(bayeux, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', gms_user: 'held-poll-user' },
        body: JSON.stringify([message]),
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown>[] }
    }
    const handshake = await post({
      channel: '/meta/handshake',
      version: '1.0',
      supportedConnectionTypes: ['long-polling'],
    })
    const clientId = handshake.body[0]!.clientId as string
    const connect = { channel: '/meta/connect', clientId, connectionType: 'long-polling' }
    await post(connect) // the first connect comes back at once
    const startedAt = performance.now()
    const held = await post(connect)
    expect(performance.now() - startedAt).toBeGreaterThan(SHORT_LIMITS.requestTimeoutMs!)
    expect(held.status).toBe(200)
    expect(held.body[0]).toMatchObject({ channel: '/meta/connect', successful: true })
  })
})

describe('resolveConnectionLimits', () => {
  it('takes the documented defaults per listener', () => {
    expect(resolveConnectionLimits('gms')).toEqual({
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      checkIntervalMs: 5_000,
      maxConnections: 512,
    })
    expect(resolveConnectionLimits('esp').maxConnections).toBe(256)
    expect(resolveConnectionLimits('console').maxConnections).toBe(64)
  })

  it('names the option that is out of range', () => {
    expect(() => resolveConnectionLimits('esp', { maxConnections: 0 })).toThrow(
      /connections\.maxConnections must be an integer from 1/,
    )
    expect(() =>
      resolveConnectionLimits('esp', { headersTimeoutMs: 5000, requestTimeoutMs: 1000 }),
    ).toThrow(/headersTimeoutMs must not exceed requestTimeoutMs/)
  })
})
