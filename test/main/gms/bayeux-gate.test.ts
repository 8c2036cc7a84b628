import type { IncomingMessage } from 'node:http'
import type { BayeuxMessage } from 'faye'
import { describe, expect, it } from 'vitest'
import { BayeuxGate, userChannel } from '../../../src-main/gms/bayeux-gate'

function requestOf(gmsUser?: string): IncomingMessage {
  return { headers: gmsUser === undefined ? {} : { gms_user: gmsUser } } as IncomingMessage
}

function incoming(gate: BayeuxGate, message: unknown, gmsUser?: string): unknown {
  let result: unknown
  gate.incoming(message, requestOf(gmsUser), (piped) => (result = piped))
  return result
}

function outgoing(gate: BayeuxGate, message: BayeuxMessage, gmsUser?: string) {
  let result: BayeuxMessage | null = null
  gate.outgoing(message, requestOf(gmsUser), (piped) => (result = piped))
  return result as BayeuxMessage | null
}

function setUp() {
  const activity: string[] = []
  const gate = new BayeuxGate({
    onActivity: (gmsUser) => activity.push(gmsUser),
    maxConnectTimeoutMs: 30_000,
  })
  // A client the gate has seen handshake, and that has made its first (immediate) connect.
  outgoing(gate, { channel: '/meta/handshake', successful: true, clientId: 'c1' }, 'ann')
  incoming(gate, { channel: '/meta/connect', clientId: 'c1' }, 'ann')
  outgoing(gate, { channel: '/meta/connect', successful: true, clientId: 'c1' }, 'ann')
  activity.length = 0
  return { gate, activity }
}

describe('BayeuxGate', () => {
  it('maps a /_genesys subscription to the customer’s own channel and back', () => {
    const { gate } = setUp()
    const subscribe = { channel: '/meta/subscribe', clientId: 'c1', subscription: '/_genesys' }
    expect(incoming(gate, subscribe, 'ann')).toMatchObject({ subscription: userChannel('ann') })
    const reply = { channel: '/meta/subscribe', successful: true, subscription: userChannel('ann') }
    expect(outgoing(gate, reply, 'ann')).toMatchObject({ subscription: '/_genesys' })
  })

  it('delivers a notification only on the connect of its own customer, as /_genesys', () => {
    const { gate } = setUp()
    const delivery = { channel: userChannel('ann'), data: { tag: 't' }, id: '1' }
    expect(outgoing(gate, { ...delivery }, 'ann')).toMatchObject({ channel: '/_genesys' })
    expect(outgoing(gate, { ...delivery }, 'bob')).toBeNull()
    expect(outgoing(gate, { ...delivery })).toBeNull()
  })

  it('counts held long polls per customer and records activity at both ends', () => {
    const { gate, activity } = setUp()
    incoming(gate, { channel: '/meta/connect', clientId: 'c1' }, 'ann')
    expect(gate.hasOpenConnect('ann')).toBe(true)
    expect(gate.hasOpenConnect('bob')).toBe(false)
    outgoing(gate, { channel: '/meta/connect', successful: true }, 'ann')
    expect(gate.hasOpenConnect('ann')).toBe(false)
    expect(activity).toEqual(['ann', 'ann'])
  })

  it('answers the first connect of a client at once, whatever its advice', () => {
    const { gate } = setUp()
    outgoing(gate, { channel: '/meta/handshake', successful: true, clientId: 'c2' })
    const connect = { channel: '/meta/connect', clientId: 'c2' }
    expect(incoming(gate, { ...connect })).toEqual({ ...connect, advice: { timeout: 0 } })
    expect(incoming(gate, { ...connect })).toEqual(connect)
  })

  it('drops a connect timeout longer than the server’s', () => {
    const { gate } = setUp()
    const connect = { channel: '/meta/connect', clientId: 'c1', advice: { timeout: 1e12 } }
    expect(incoming(gate, connect, 'ann')).toEqual({ ...connect, advice: {} })
    const quick = { channel: '/meta/connect', clientId: 'c1', advice: { timeout: 0 } }
    expect(incoming(gate, quick, 'ann')).toEqual(quick)
  })

  it('passes messages of the in-process publisher and non-objects through untouched', () => {
    const { gate } = setUp()
    const publish = { channel: userChannel('ann'), data: {} }
    let piped: unknown
    gate.incoming(publish, null, (message) => (piped = message))
    expect(piped).toBe(publish)
    expect(incoming(gate, 'garbage', 'ann')).toBe('garbage')
  })
})
