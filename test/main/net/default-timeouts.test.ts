/**
 * docs/limits.md, "Connections", with the real defaults: `switchboard serve` closes every stalled
 * connection at the latest 40 s after it opened, on each of its three listeners (a connection
 * that sends nothing, one that trickles its head, one whose body stops half-way). The one test
 * that waits in real time; the others lower the time-outs through options.
 */
import { describe, expect, it } from 'vitest'
import { startServeChild } from './serve-child'
import { destroyRawConnections, halfBodyRequest, openRaw, trickleHead } from './stalling-client'

const LATEST_MS = 40_000

describe('with the default time-outs', () => {
  it.runIf(process.platform === 'linux')(
    'every stalled connection to every listener is closed within 40 s of opening',
    async () => {
      const { ready } = await startServeChild()
      const port = (url: string) => Number(new URL(url).port)
      const [gms, esp, consolePort] = [port(ready.gms), port(ready.esp), port(ready.console!)]
      const trickled = async (to: number) => {
        const slow = await openRaw(to, 'POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\n')
        trickleHead(slow, 2000)
        return slow
      }
      const form = 'application/x-www-form-urlencoded'
      // The console reads no request body (it answers every POST at once), so it has no half-body case.
      const stalled = await Promise.all([
        ...[gms, esp, consolePort].flatMap((to) => [openRaw(to), trickled(to)]),
        openRaw(gms, halfBodyRequest('/genesys/1/service/request-chat', `127.0.0.1:${gms}`, form)),
        openRaw(esp, halfBodyRequest('/esp', `127.0.0.1:${esp}`)),
      ])
      try {
        const closedAfter = await Promise.all(stalled.map((connection) => connection.closed))
        for (const ms of closedAfter) {
          // Not before the head time-out (20 s), never after 40 s.
          expect(ms).toBeGreaterThan(19_000)
          expect(ms).toBeLessThanOrEqual(LATEST_MS)
        }
      } finally {
        destroyRawConnections()
      }
    },
    LATEST_MS + 20_000,
  )
})
