import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/logging'
import { startGmsListener } from '../../../src-main/gms/gms-listener'
import type { GmsListenerOptions } from '../../../src-main/gms/gms-options'
import { createTestEngine } from '../../helpers/engine'
import { CometdCustomer, disconnectAllCustomers } from './cometd-customer'
import { DEFAULT_SERVICES, startGmsKit } from './gms-test-kit'

afterEach(disconnectAllCustomers)

function options(overrides: Partial<GmsListenerOptions> = {}): GmsListenerOptions {
  const { engine, clock } = createTestEngine()
  return {
    engine,
    clock,
    host: '127.0.0.1',
    port: 0,
    services: DEFAULT_SERVICES,
    logger: silentLogger,
    ...overrides,
  }
}

describe('startGmsListener', () => {
  it.each([
    [{ port: -1 }, 'port'],
    [{ flexDisconnectTimeoutSeconds: 0 }, 'flexDisconnectTimeoutSeconds'],
    [{ maxBodyBytes: 0 }, 'maxBodyBytes'],
    [{ host: '' }, 'host'],
    [
      { services: { 'request-chat': { ...DEFAULT_SERVICES['request-chat']!, ttlSeconds: 0 } } },
      'services.request-chat.ttlSeconds',
    ],
    [
      { services: { 'request-chat': { ...DEFAULT_SERVICES['request-chat']!, application: 'X' } } },
      'services.request-chat.application',
    ],
    [
      {
        services: {
          'request-chat': { ...DEFAULT_SERVICES['request-chat']!, chatEndpoint: 'nowhere' },
        },
      },
      'services.request-chat.chatEndpoint',
    ],
    [{ services: { 'bad/name': DEFAULT_SERVICES['request-chat']! } }, 'services.bad/name'],
  ])('refuses %j with a TypeError naming %s', async (overrides, named) => {
    const start = startGmsListener(options(overrides))
    await expect(start).rejects.toThrow(TypeError)
    await expect(start).rejects.toThrow(named)
  })

  it('serves on the port it reports and closes idempotently', async () => {
    const listener = await startGmsListener(options())
    expect(listener.url).toBe(`http://127.0.0.1:${listener.port}`)
    expect(listener.port).toBeGreaterThan(0)
    expect(listener.state).toBe('running')
    const closing = listener.close()
    expect(listener.state).toBe('closing')
    await Promise.all([closing, listener.close()])
    await listener.close()
    expect(listener.state).toBe('closed')
    await expect(fetch(`${listener.url}/genesys/1/service/request-chat`)).rejects.toThrow()
  })

  it('serves a CometD client left with WebSocket on, over long polling', async () => {
    const kit = await startGmsKit()
    const customer = new CometdCustomer(kit.url, 'user-ann', { isWebSocketEnabled: true })
    const handshake = await customer.handshakeEventually()
    expect(handshake.supportedConnectionTypes).toEqual(['long-polling', 'callback-polling'])
    expect(customer.cometd.getTransport()?.type).toBe('long-polling')
    expect((await customer.subscribe()).successful).toBe(true)
  })
})
