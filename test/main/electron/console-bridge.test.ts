import type { SessionSummary } from '../../../src-shared/domain'
import { describe, expect, it } from 'vitest'
import {
  CONSOLE_METHOD_NAMES,
  type ConsolePush,
  type SessionUpdatePush,
} from '../../../src-shared/console-api'
import { buildConsoleBridge, type BridgeTransport } from '../../../src-main/preload/console-bridge'

/** A push's summary: these tests look at routing, not at its content. */
const PUSHED_SUMMARY = {} as SessionSummary

const UPDATE: SessionUpdatePush = {
  push: 'session-update',
  idleEntries: [],
  summary: PUSHED_SUMMARY,
  sessionId: 'k3V8qZ0bT1mR7xYc',
  application: 'ChatServer',
  endpoint: 'gms_builtin',
  state: 'active',
  events: [],
}

function fakeTransport() {
  const invoked: [string, unknown][] = []
  const listeners = new Set<(push: ConsolePush) => void>()
  const transport: BridgeTransport = {
    invoke: async (channel, params) => {
      invoked.push([channel, params])
      return { result: {} }
    },
    onPush(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return { transport, invoked, listeners }
}

/** Every function of the bridge by its dotted path (`testCustomer.start`). */
function functionPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, member]) =>
    typeof member === 'function' ? [`${prefix}${key}`] : functionPaths(member, `${prefix}${key}.`),
  )
}

describe('buildConsoleBridge', () => {
  it('has one named function per contract method and the two subscriptions, nothing else', () => {
    const bridge = buildConsoleBridge(fakeTransport().transport)
    expect(functionPaths(bridge).sort()).toEqual(
      [
        ...CONSOLE_METHOD_NAMES,
        'onSessionUpdate',
        'onSessionListChanged',
        'onDashboard',
        'onRaisedHands',
      ].sort(),
    )
  })

  it("sends each call on its method's channel with the params only", async () => {
    const { transport, invoked } = fakeTransport()
    const bridge = buildConsoleBridge(transport)
    await bridge.sendMessage({ sessionId: 'k3V8qZ0bT1mR7xYc', text: 'Hi' })
    await bridge.testCustomer.start({ firstName: 'Ann' })
    expect(invoked).toEqual([
      ['console:sendMessage', { sessionId: 'k3V8qZ0bT1mR7xYc', text: 'Hi' }],
      ['console:testCustomer.start', { firstName: 'Ann' }],
    ])
  })

  it('delivers only the subscribed push kind, until unsubscribed', () => {
    const { transport, listeners } = fakeTransport()
    const bridge = buildConsoleBridge(transport)
    const received: unknown[] = []
    const unsubscribe = bridge.onSessionUpdate((push) => received.push(push))
    const emit = (push: ConsolePush) => listeners.forEach((listener) => listener(push))
    emit(UPDATE)
    emit({
      push: 'session-list-changed',
      summary: PUSHED_SUMMARY,
      sessionId: UPDATE.sessionId,
      state: 'active',
      change: 'parties',
    })
    unsubscribe()
    emit(UPDATE)
    expect(received).toEqual([UPDATE])
    expect(listeners.size).toBe(0)
  })

  it('refuses a subscription without a listener function', () => {
    const bridge = buildConsoleBridge(fakeTransport().transport)
    const subscribe = bridge.onSessionListChanged as (listener: unknown) => unknown
    expect(() => subscribe('not a function')).toThrow(TypeError)
  })
})
