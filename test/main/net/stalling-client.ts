/**
 * Raw TCP clients that misbehave the way docs/limits.md guards against: connect and send
 * nothing, trickle a request head, stop half-way through a body. Each reports when the server
 * closed the connection and what it answered first.
 */
import { connect, type Socket } from 'node:net'
import type { ConnectionLimits } from '../../../src-main/net/connection-limits'

/** Time-outs short enough for unit tests: a stalled connection is gone within about 0.5 s. */
export const SHORT_LIMITS: Partial<ConnectionLimits> = {
  headersTimeoutMs: 200,
  requestTimeoutMs: 400,
  keepAliveTimeoutMs: 150,
  checkIntervalMs: 25,
}

export interface RawConnection {
  socket: Socket
  /** When the connection was opened (ms, `performance.now()`). */
  openedAt: number
  /** Everything the server sent so far. */
  received(): string
  /** Resolves with the ms from opening to the server's close (or reset). */
  closed: Promise<number>
  isClosed(): boolean
}

const openSockets = new Set<Socket>()

/** Destroys every connection still open; call it before closing the listeners. */
export function destroyRawConnections(): void {
  for (const socket of openSockets) socket.destroy()
  openSockets.clear()
}

/** Opens a TCP connection to `127.0.0.1:port` and sends `initial` (if any) at once. */
export async function openRaw(port: number, initial?: string): Promise<RawConnection> {
  const socket = connect({ host: '127.0.0.1', port })
  openSockets.add(socket)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  const openedAt = performance.now()
  const chunks: Buffer[] = []
  let isClosed = false
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  // A reset is a close too; it must not fail the test as an unhandled error.
  socket.on('error', () => {})
  const closed = new Promise<number>((resolve) => {
    socket.once('close', () => {
      isClosed = true
      openSockets.delete(socket)
      resolve(performance.now() - openedAt)
    })
  })
  if (initial !== undefined) socket.write(initial)
  return {
    socket,
    openedAt,
    received: () => Buffer.concat(chunks).toString('latin1'),
    closed,
    isClosed: () => isClosed,
  }
}

/**
 * Sends one more header line every `everyMs` until the connection closes: the head is never
 * finished, but bytes keep arriving (slowloris).
 */
export function trickleHead(connection: RawConnection, everyMs: number): void {
  let line = 0
  const timer = setInterval(() => {
    if (connection.isClosed()) {
      clearInterval(timer)
      return
    }
    connection.socket.write(`X-Slow-${line++}: a\r\n`)
  }, everyMs)
  void connection.closed.then(() => clearInterval(timer))
}

/** A request head declaring a 100-byte body, and the first 10 bytes of that body. */
export function halfBodyRequest(
  path: string,
  host = '127.0.0.1',
  contentType = 'application/json',
): string {
  return (
    `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ${contentType}\r\n` +
    `Content-Length: 100\r\n\r\n{"a":"bcd"`
  )
}

/** Resolves after `ms` of real time (short waits only: the limits under test are short). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
