/**
 * docs/limits.md, "Connections", with the shipped defaults: every listener's server carries the
 * time-outs that close a stalled connection at the latest 40 s after it opened (head 20 s, whole
 * request 30 s, idle keep-alive 5 s, checked every 5 s) and its own connection cap. That Node
 * then closes stalled connections on time is shown with lowered time-outs in
 * connection-limits.test.ts, so no test here waits in real time.
 */
import { createServer } from 'node:http'
import { describe, expect, it } from 'vitest'
import {
  applyConnectionLimits,
  resolveConnectionLimits,
  type ListenerName,
} from '../../../src-main/net/connection-limits'

describe('the default connection limits', () => {
  it.each<[ListenerName, number]>([
    ['gms', 512],
    ['esp', 256],
    ['console', 64],
  ])('close a stalled %s connection within 40 s and cap it at %i', (listener, cap) => {
    const server = createServer()
    applyConnectionLimits(server, resolveConnectionLimits(listener))

    expect(server.headersTimeout).toBe(20_000)
    expect(server.requestTimeout).toBe(30_000)
    expect(server.keepAliveTimeout).toBe(5_000)
    // The latest a stalled request is noticed: its time-out plus one check interval.
    const checkInterval = (server as typeof server & { connectionsCheckingInterval: number })
      .connectionsCheckingInterval
    expect(server.requestTimeout + checkInterval).toBeLessThanOrEqual(40_000)
    expect(server.maxConnections).toBe(cap)
    // A held long poll is never cut by an inactivity time-out.
    expect(server.timeout).toBe(0)
  })

  it('refuses a head time-out longer than the whole request’s, naming both', () => {
    expect(() =>
      resolveConnectionLimits('esp', { headersTimeoutMs: 40_000, requestTimeoutMs: 30_000 }),
    ).toThrow('connections.headersTimeoutMs must not exceed requestTimeoutMs')
  })
})
