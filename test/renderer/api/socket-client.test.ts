import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionStatus } from '../../../src-renderer/src/api/bridge'
import {
  createSocketClient,
  type SocketHandlers,
} from '../../../src-renderer/src/api/socket-client'

/** A socket the test opens, closes and talks through by hand. */
class FakeSocket {
  readonly sent: { id: number; method: string; params: unknown }[] = []
  isClosed = false
  constructor(readonly handlers: SocketHandlers) {}
  send(data: string) {
    this.sent.push(JSON.parse(data))
  }
  close() {
    this.isClosed = true
  }
  reply(frame: unknown) {
    this.handlers.onMessage(JSON.stringify(frame))
  }
}

function setUp(options: { requestTimeoutMs?: number; connectWaitMs?: number } = {}) {
  const sockets: FakeSocket[] = []
  const statuses: ConnectionStatus[] = []
  const client = createSocketClient({
    url: 'ws://127.0.0.1:7011/console/ws',
    connect: (_url, handlers) => {
      const socket = new FakeSocket(handlers)
      sockets.push(socket)
      return socket
    },
    random: () => 0.5,
    ...options,
  })
  client.onStatus((status) => statuses.push(status))
  const latest = () => sockets[sockets.length - 1] as FakeSocket
  return { client, sockets, statuses, latest }
}

describe('the console WebSocket client', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('holds calls made before the socket opens and sends them once it does', async () => {
    const { client, latest } = setUp()
    const reply = client.call('listUsers', {})
    expect(latest().sent).toEqual([])
    latest().handlers.onOpen()
    expect(latest().sent).toEqual([{ id: 1, method: 'listUsers', params: {} }])
    latest().reply({ id: 1, result: { users: [] } })
    await expect(reply).resolves.toEqual({ result: { users: [] } })
  })

  it('matches replies to requests by id, in any order', async () => {
    const { client, latest } = setUp()
    latest().handlers.onOpen()
    const first = client.call('getSession', { sessionId: 'A000000000000000' })
    const second = client.call('listUsers', {})
    latest().reply({ id: 2, result: { users: [] } })
    latest().reply({ id: 1, error: { code: 'unknown-session', message: 'No such session' } })
    await expect(second).resolves.toEqual({ result: { users: [] } })
    await expect(first).resolves.toEqual({
      error: { code: 'unknown-session', message: 'No such session' },
    })
  })

  it('hands pushes to every listener', () => {
    const { client, latest } = setUp()
    const pushes: unknown[] = []
    client.onPush((push) => pushes.push(push))
    latest().handlers.onOpen()
    const push = {
      push: 'session-list-changed',
      sessionId: 'x',
      state: 'queued',
      change: 'created',
    }
    latest().reply(push)
    latest().handlers.onMessage('not json')
    expect(pushes).toEqual([push])
  })

  it('answers pending calls with engine-unreachable when the connection drops', async () => {
    const { client, latest } = setUp()
    latest().handlers.onOpen()
    const reply = client.call('listUsers', {})
    latest().handlers.onClose(1006)
    await expect(reply).resolves.toMatchObject({ error: { code: 'engine-unreachable' } })
  })

  it('says the engine is unreachable and retries with growing delays', () => {
    const { client, sockets, statuses, latest } = setUp()
    latest().handlers.onClose(1006)
    expect(client.status).toMatchObject({ state: 'unreachable', failures: 1 })
    expect(client.status.retryAt).toBe(Date.now() + 500)
    vi.advanceTimersByTime(500)
    expect(sockets).toHaveLength(2)
    expect(client.status.state).toBe('connecting')
    latest().handlers.onClose(1006)
    expect(client.status).toMatchObject({ state: 'unreachable', failures: 2 })
    expect(client.status.retryAt).toBe(Date.now() + 1000)
    vi.advanceTimersByTime(1000)
    latest().handlers.onOpen()
    expect(client.status).toMatchObject({ state: 'open', failures: 0, retryAt: null })
    expect(statuses.map((status) => status.state)).toEqual([
      'unreachable',
      'connecting',
      'unreachable',
      'connecting',
      'open',
    ])
  })

  it('retries at once when asked', () => {
    const { client, sockets, latest } = setUp()
    latest().handlers.onClose(1006)
    client.retryNow()
    expect(sockets).toHaveLength(2)
    vi.advanceTimersByTime(10_000)
    expect(sockets).toHaveLength(2)
  })

  it('gives up on a call that waits too long for a connection, rather than hang', async () => {
    const { client } = setUp({ connectWaitMs: 1000 })
    const reply = client.call('listUsers', {})
    vi.advanceTimersByTime(1000)
    await expect(reply).resolves.toMatchObject({ error: { code: 'engine-unreachable' } })
  })

  it('gives up on a call the engine never answers', async () => {
    const { client, latest } = setUp({ requestTimeoutMs: 2000 })
    latest().handlers.onOpen()
    const reply = client.call('listUsers', {})
    vi.advanceTimersByTime(2000)
    await expect(reply).resolves.toMatchObject({ error: { code: 'engine-unreachable' } })
  })

  it('ignores a socket it has replaced', () => {
    const { client, sockets } = setUp()
    const first = sockets[0] as FakeSocket
    first.handlers.onClose(1006)
    vi.advanceTimersByTime(500)
    first.handlers.onOpen()
    expect(client.status.state).toBe('connecting')
  })
})
