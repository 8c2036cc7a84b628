/**
 * docs/limits.md, "Connections": the connection caps plus a reserve stay under 1,024 file
 * descriptors. `switchboard serve` runs in a child process under `ulimit -n 1024`; 1,000 idle
 * connections to GMS leave ESP and the console answering, and GMS answers again once they are
 * gone. Before the caps, GMS took every descriptor and all three listeners refused connections.
 */
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startServeChild } from './serve-child'
import { pause } from './stalling-client'

const FLOOD = 1000
const sockets: Socket[] = []

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy()
})

/** Opens a connection and sends nothing; resolves once connected or refused. */
function idleConnection(port: number): Promise<void> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port })
    sockets.push(socket)
    socket.on('error', () => done())
    socket.once('connect', () => done())
    socket.once('close', () => done())
  })
}

/** The HTTP status of a GET, or 'refused' when the listener does not answer in 2 s. */
async function statusOf(url: string): Promise<number | 'refused'> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
    await response.arrayBuffer()
    return response.status
  } catch {
    return 'refused'
  }
}

describe('under ulimit -n 1024', () => {
  it.runIf(process.platform === 'linux')(
    '1,000 idle GMS connections leave ESP and the console answering; GMS recovers',
    async () => {
      const { ready } = await startServeChild({ maxOpenFiles: 1024 })
      const gmsPort = Number(new URL(ready.gms).port)
      const espHttp = ready.esp.replace(/^ws/, 'http')
      const consoleOrigin = new URL(ready.console!).origin

      for (let start = 0; start < FLOOD; start += 100) {
        await Promise.all(Array.from({ length: 100 }, () => idleConnection(gmsPort)))
      }
      const stillOpen = () => sockets.filter((socket) => !socket.destroyed).length
      await expect.poll(stillOpen, { timeout: 5000 }).toBeLessThanOrEqual(512)
      expect(stillOpen()).toBeGreaterThan(400)

      // ESP answers (a GET on /esp is a 404 with a JSON body), the console too (401: no token).
      expect(await statusOf(espHttp)).toBe(404)
      expect(await statusOf(`${consoleOrigin}/`)).toBe(401)

      for (const socket of sockets.splice(0)) socket.destroy()
      await pause(200)
      await expect
        .poll(() => statusOf(`${ready.gms}/genesys/1/nothing`), { timeout: 5000 })
        .toBe(404)
    },
    30_000,
  )
})
