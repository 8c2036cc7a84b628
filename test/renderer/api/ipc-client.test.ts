import type { SessionSummary } from '../../../src-shared/domain'
import { describe, expect, it } from 'vitest'
import type { ConsolePush } from '../../../src-shared/console-api'
import { buildConsoleBridge } from '../../../src-main/preload/console-bridge'
import { createIpcClient } from '../../../src-renderer/src/api/ipc-client'

/** A push's summary: these tests look at routing, not at its content. */
const PUSHED_SUMMARY = {} as SessionSummary

/** The real preload bridge over a fake IPC transport. */
function bridgeOver(answer: (channel: string, params: unknown) => unknown) {
  const listeners = new Set<(push: ConsolePush) => void>()
  const bridge = buildConsoleBridge({
    invoke: async (channel, params) => answer(channel, params),
    onPush(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  })
  return { bridge, push: (push: ConsolePush) => listeners.forEach((listener) => listener(push)) }
}

describe('the IPC client over the preload bridge', () => {
  it('calls the named function of each method, dotted names through their namespace', async () => {
    const seen: [string, unknown][] = []
    const { bridge } = bridgeOver((channel, params) => {
      seen.push([channel, params])
      return { result: { users: [] } }
    })
    const client = createIpcClient(bridge)
    await expect(client.call('listUsers', {})).resolves.toEqual({ result: { users: [] } })
    await client.call('testCustomer.say', { text: 'Hi' })
    expect(seen).toEqual([
      ['console:listUsers', {}],
      ['console:testCustomer.say', { text: 'Hi' }],
    ])
  })

  it('passes errors through with their code and field', async () => {
    const error = { code: 'unknown-user', message: 'No such user', field: 'userId' }
    const { bridge } = bridgeOver(() => ({ error }))
    await expect(createIpcClient(bridge).call('signIn', { userId: 'x' })).resolves.toEqual({
      error,
    })
  })

  it('turns a failed IPC call into engine-unreachable instead of throwing', async () => {
    const { bridge } = bridgeOver(() => {
      throw new Error('IPC channel closed')
    })
    await expect(createIpcClient(bridge).call('listUsers', {})).resolves.toEqual({
      error: { code: 'engine-unreachable', message: 'IPC channel closed' },
    })
  })

  it('delivers both kinds of push, until unsubscribed', () => {
    const { bridge, push } = bridgeOver(() => ({}))
    const client = createIpcClient(bridge)
    const seen: string[] = []
    const unsubscribe = client.onPush((received) => seen.push(received.push))
    push({
      push: 'session-list-changed',
      sessionId: 'S',
      state: 'queued',
      change: 'created',
      summary: PUSHED_SUMMARY,
    })
    push({
      push: 'session-update',
      idleEntries: [],
      summary: PUSHED_SUMMARY,
      sessionId: 'S',
      application: 'ChatServer',
      endpoint: 'gms_builtin',
      state: 'queued',
      events: [],
    })
    unsubscribe()
    push({
      push: 'session-list-changed',
      sessionId: 'S',
      state: 'queued',
      change: 'created',
      summary: PUSHED_SUMMARY,
    })
    expect(seen).toEqual(['session-list-changed', 'session-update'])
    expect(client.status.state).toBe('open')
  })
})
