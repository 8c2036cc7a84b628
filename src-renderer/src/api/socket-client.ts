/**
 * The browser-mode transport (docs/console-api.md, "Browser mode: WebSocket"): JSON requests
 * `{ id, method, params }` answered by `{ id, result }` or `{ id, error }` in any order, and
 * pushes `{ push: ... }`. It reconnects with backoff and says honestly when the engine cannot
 * be reached; calls made meanwhile wait a little for the connection, then fail with
 * `engine-unreachable` rather than hang.
 */
import type {
  ConsoleError,
  ConsoleMethodName,
  ConsoleParams,
  ConsolePush,
  ConsoleResult,
} from '../../../src-shared/console-api'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff'
import {
  unreachable,
  type ClientError,
  type ClientReply,
  type ConnectionStatus,
  type ConsoleClient,
  type Unsubscribe,
} from './bridge'

/** What the client needs to hear from a socket. */
export interface SocketHandlers {
  onOpen(): void
  onMessage(data: string): void
  onClose(code: number): void
}

/** What the client needs to do with a socket. */
export interface SocketHandle {
  send(data: string): void
  close(code?: number, reason?: string): void
}

/** Opens a socket; tests pass a fake one. */
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle

export interface SocketClientOptions {
  url: string
  connect?: SocketFactory
  backoff?: BackoffOptions
  /** A call that gets no answer in this time fails. Default 30 s. */
  requestTimeoutMs?: number
  /** How long a call made while disconnected waits for the connection. Default 8 s. */
  connectWaitMs?: number
  now?: () => number
  random?: () => number
}

/** The browser's WebSocket behind the {@link SocketFactory} shape. */
export const browserSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url)
  socket.onopen = () => handlers.onOpen()
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') handlers.onMessage(event.data)
  }
  // `error` is always followed by `close`, which carries the code; nothing to do here.
  socket.onerror = () => {}
  socket.onclose = (event) => handlers.onClose(event.code)
  return {
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
  }
}

type AnyReply = ClientReply<ConsoleMethodName>

interface Pending {
  resolve(reply: AnyReply): void
  timer: ReturnType<typeof setTimeout>
}

interface Queued extends Pending {
  frame: string
  id: number
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function isConsoleError(value: unknown): value is ConsoleError {
  return isRecord(value) && typeof value.code === 'string' && typeof value.message === 'string'
}

const LOST = 'The connection to the engine was lost before it answered.'
const NOT_CONNECTED = 'The engine cannot be reached right now.'
const TIMED_OUT = 'The engine did not answer in time.'

class SocketConsoleClient implements ConsoleClient {
  status: ConnectionStatus = {
    state: 'connecting',
    retryAt: null,
    failures: 0,
  }
  private socket: SocketHandle | undefined
  private isSocketOpen = false
  private generation = 0
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private outbox: Queued[] = []
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private isClosed = false
  private readonly pushListeners = new Set<(push: ConsolePush) => void>()
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>()
  private readonly options: Required<SocketClientOptions>

  constructor(options: SocketClientOptions) {
    this.options = {
      connect: browserSocket,
      backoff: DEFAULT_BACKOFF,
      requestTimeoutMs: 30_000,
      connectWaitMs: 8_000,
      now: () => Date.now(),
      random: Math.random,
      ...options,
    }
    this.open()
  }

  call<M extends ConsoleMethodName>(method: M, params: ConsoleParams<M>): Promise<ClientReply<M>> {
    if (this.isClosed) return Promise.resolve({ error: unreachable(NOT_CONNECTED) })
    const id = this.nextId++
    const frame = JSON.stringify({ id, method, params })
    return new Promise<ClientReply<M>>((resolve) => {
      const settle = resolve as (reply: AnyReply) => void
      if (this.isSocketOpen) {
        this.sendNow(id, frame, settle)
        return
      }
      const queued: Queued = {
        id,
        frame,
        resolve: settle,
        timer: setTimeout(() => {
          this.outbox = this.outbox.filter((entry) => entry !== queued)
          settle({ error: unreachable(NOT_CONNECTED) })
        }, this.options.connectWaitMs),
      }
      this.outbox.push(queued)
    })
  }

  onPush(listener: (push: ConsolePush) => void): Unsubscribe {
    this.pushListeners.add(listener)
    return () => this.pushListeners.delete(listener)
  }

  onStatus(listener: (status: ConnectionStatus) => void): Unsubscribe {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }

  retryNow(): void {
    if (this.isClosed || this.status.state !== 'unreachable') return
    clearTimeout(this.retryTimer)
    this.setStatus({ ...this.status, state: 'connecting', retryAt: null })
    this.open()
  }

  close(): void {
    this.isClosed = true
    clearTimeout(this.retryTimer)
    this.socket?.close(1000, 'console closed')
    this.failAll(NOT_CONNECTED)
  }

  private open(): void {
    // Events of a socket that an earlier attempt opened are stale once a newer one exists.
    const generation = ++this.generation
    const isCurrent = () => generation === this.generation
    this.socket = this.options.connect(this.options.url, {
      onOpen: () => {
        if (isCurrent()) this.onOpen()
      },
      onMessage: (data) => {
        if (isCurrent()) this.onMessage(data)
      },
      onClose: () => {
        if (isCurrent()) this.onClose()
      },
    })
  }

  private onOpen(): void {
    this.isSocketOpen = true
    this.setStatus({ ...this.status, state: 'open', retryAt: null, failures: 0 })
    const waiting = this.outbox
    this.outbox = []
    for (const entry of waiting) {
      clearTimeout(entry.timer)
      this.sendNow(entry.id, entry.frame, entry.resolve)
    }
  }

  private onClose(): void {
    this.isSocketOpen = false
    this.socket = undefined
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer)
      entry.resolve({ error: unreachable(LOST) })
      this.pending.delete(id)
    }
    if (this.isClosed) return
    const failures = this.status.failures + 1
    const delay = backoffDelay(failures, this.options.backoff, this.options.random)
    this.setStatus({
      ...this.status,
      state: 'unreachable',
      failures,
      retryAt: this.options.now() + delay,
    })
    this.retryTimer = setTimeout(() => {
      this.setStatus({ ...this.status, state: 'connecting', retryAt: null })
      this.open()
    }, delay)
  }

  private sendNow(id: number, frame: string, resolve: (reply: AnyReply) => void): void {
    const timer = setTimeout(() => {
      this.pending.delete(id)
      resolve({ error: unreachable(TIMED_OUT) })
    }, this.options.requestTimeoutMs)
    this.pending.set(id, { resolve, timer })
    try {
      this.socket?.send(frame)
    } catch {
      clearTimeout(timer)
      this.pending.delete(id)
      resolve({ error: unreachable(LOST) })
    }
  }

  private onMessage(data: string): void {
    let frame: unknown
    try {
      frame = JSON.parse(data)
    } catch {
      return
    }
    if (!isRecord(frame)) return
    if (typeof frame.push === 'string') {
      const push = frame as unknown as ConsolePush
      for (const listener of this.pushListeners) listener(push)
      return
    }
    if (typeof frame.id !== 'number') return
    const entry = this.pending.get(frame.id)
    if (!entry) return
    this.pending.delete(frame.id)
    clearTimeout(entry.timer)
    if ('error' in frame) {
      const error: ClientError = isConsoleError(frame.error)
        ? frame.error
        : unreachable('The engine sent an answer that could not be read.')
      entry.resolve({ error })
    } else {
      entry.resolve({ result: frame.result as ConsoleResult<ConsoleMethodName> })
    }
  }

  private failAll(message: string): void {
    for (const entry of [...this.pending.values(), ...this.outbox]) {
      clearTimeout(entry.timer)
      entry.resolve({ error: unreachable(message) })
    }
    this.pending.clear()
    this.outbox = []
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status
    for (const listener of this.statusListeners) listener(status)
  }
}

/** A console client over the console WebSocket. */
export function createSocketClient(options: SocketClientOptions): ConsoleClient {
  return new SocketConsoleClient(options)
}
