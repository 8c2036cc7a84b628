/**
 * One browser-mode console window on the WebSocket: JSON requests in, replies and pushes out.
 * Replies may come back in any order (each carries its request's id). A handler never throws out
 * of a socket listener (docs/style.md): the session answers every call, bad frames get an error frame.
 */
import { WebSocket, type RawData } from 'ws'
import {
  consoleRequestSchema,
  type ConsoleResponseFrame,
  type ConsoleServerFrame,
} from '../../src-shared/console-api-schemas'
import type { Logger } from '../engine/ports'
import type { ConsoleSession } from './console-session'

export interface ConsoleSocketOptions {
  /** Past this many unsent bytes the client is too slow to keep up: it is disconnected. */
  maxBufferedBytes: number
  logger: Logger
}

/** Close code for a client that does not read its pushes (RFC 6455 1013, "try again later"). */
const TOO_SLOW = 1013

function invalidRequest(message: string): ConsoleResponseFrame {
  return { id: null, error: { code: 'invalid-request', message } }
}

/** Binds one WebSocket to one console session until either side closes. */
export class ConsoleSocket {
  /** Cleared on each heartbeat ping; a pong sets it again. */
  isAlive = true
  /** Resolves once the session is closed after the socket is gone. */
  readonly closed: Promise<void>
  private readonly unsubscribe: () => void

  constructor(
    private readonly socket: WebSocket,
    private readonly session: ConsoleSession,
    private readonly options: ConsoleSocketOptions,
  ) {
    this.unsubscribe = session.subscribe((push) => this.send(push))
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary))
    socket.on('pong', () => {
      this.isAlive = true
    })
    socket.on('error', (error) => options.logger.warn('console socket error', { error }))
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.unsubscribe()
        session.close().then(resolve, resolve)
      })
    })
  }

  /** Heartbeat: a peer that did not answer the last ping is dead and is dropped. */
  ping(): void {
    if (!this.isAlive) {
      this.socket.terminate()
      return
    }
    this.isAlive = false
    this.socket.ping()
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason)
  }

  terminate(): void {
    this.socket.terminate()
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.send(invalidRequest('Send requests as JSON text frames'))
      return
    }
    let frame: unknown
    try {
      frame = JSON.parse(data.toString())
    } catch {
      this.send(invalidRequest('The frame is not JSON'))
      return
    }
    const request = consoleRequestSchema.safeParse(frame)
    if (!request.success) {
      this.send(invalidRequest('A request is { id, method, params }'))
      return
    }
    const { id, method, params } = request.data
    void this.session.call(method, params).then((reply) => this.send({ id, ...reply }))
  }

  private send(frame: ConsoleServerFrame): void {
    if (this.socket.readyState !== WebSocket.OPEN) return
    if (this.socket.bufferedAmount > this.options.maxBufferedBytes) {
      // Dropping frames would leave the window silently out of date; a reconnect reloads it.
      this.options.logger.warn('console client too slow; disconnecting')
      this.socket.close(TOO_SLOW, 'client too slow')
      return
    }
    this.socket.send(JSON.stringify(frame))
  }
}
