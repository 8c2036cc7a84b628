/**
 * The browser-mode console listener (README.md, "Processes and listeners"; docs/console-api.md,
 * "Security"): serves the built renderer and the console API WebSocket at `/console/ws`, behind
 * the per-run token, on loopback unless told otherwise. One {@link ConsoleSession} per socket.
 */
import { realpath } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { CONSOLE_WS_PATH } from '../../src-shared/console-api'
import type { Logger } from '../engine/ports'
import { applyConnectionLimits } from '../net/connection-limits'
import { createToken, HostPolicy, isSameToken, presentedToken, tokenCookie } from './console-auth'
import {
  resolveListenerOptions,
  type ConsoleListenerOptions,
  type ResolvedListenerOptions,
} from './console-listener-options'
import { ConsoleSocket } from './console-socket'
import { sendText, serveStatic } from './static-files'

export type { ConsoleListenerOptions } from './console-listener-options'

export type ListenerState = 'starting' | 'running' | 'closing' | 'closed'

/** A running console listener. */
export interface ConsoleListener {
  /** What the ready line prints: `http://127.0.0.1:7011/?token=...`. */
  readonly url: string
  /** `http://127.0.0.1:7011`: the origin its pages (and so its WebSocket clients) have. */
  readonly origin: string
  readonly port: number
  readonly token: string
  readonly state: ListenerState
  /** Closes every socket and the server. Idempotent; resolves once all is closed. */
  close(): Promise<void>
}

const UNAUTHORIZED =
  'Open the console with the URL printed in the ready line: it carries the access token.\n'
const STATUS_TEXT: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
}

/** Refuses an upgrade with a plain HTTP answer; the socket never becomes a WebSocket. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

const displayHost = (host: string): string => {
  if (host === '0.0.0.0' || host === '' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}

class RunningConsoleListener implements ConsoleListener {
  state: ListenerState = 'starting'
  port = 0
  private hosts: HostPolicy | undefined
  private readonly server: Server = createServer()
  private readonly sockets = new Set<ConsoleSocket>()
  private readonly wss: WebSocketServer
  private heartbeat: NodeJS.Timeout | undefined
  private closing: Promise<void> | undefined

  constructor(
    private readonly options: ResolvedListenerOptions,
    private readonly root: string,
    readonly token: string,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayload,
      perMessageDeflate: false,
    })
    this.wss.on('error', (error) => this.logger.error('console WebSocket server error', { error }))
    this.server.on('request', (request, response) => this.onRequest(request, response))
    this.server.on('upgrade', (request, socket, head) => this.onUpgrade(request, socket, head))
    this.server.on('clientError', (_error, socket) => socket.destroy())
    applyConnectionLimits(this.server, options.connections, options.logger)
    this.server.on('error', (error) => this.logger.error('console listener error', { error }))
  }

  get origin(): string {
    return `http://${displayHost(this.options.host)}:${this.port}`
  }

  get url(): string {
    return `${this.origin}/?token=${encodeURIComponent(this.token)}`
  }

  private get logger(): Logger {
    return this.options.logger
  }

  async start(): Promise<void> {
    await new Promise<void>((resolveListen, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject)
        resolveListen()
      })
    })
    this.port = (this.server.address() as AddressInfo).port
    this.hosts = new HostPolicy(this.options.host, this.port)
    this.heartbeat = setInterval(() => {
      for (const socket of this.sockets) socket.ping()
    }, this.options.heartbeatMs)
    this.heartbeat.unref()
    this.state = 'running'
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown()
    return this.closing
  }

  private async shutDown(): Promise<void> {
    this.state = 'closing'
    clearInterval(this.heartbeat)
    const serverClosed = new Promise<void>((done) => this.server.close(() => done()))
    this.server.closeAllConnections()
    for (const socket of this.sockets) socket.close(1001, 'console listener closing')
    // A peer that does not complete the closing handshake soon is cut off.
    const cutOff = setTimeout(() => this.sockets.forEach((socket) => socket.terminate()), 1000)
    await Promise.all([...this.sockets].map((socket) => socket.closed))
    clearTimeout(cutOff)
    this.wss.close()
    await serverClosed
    this.state = 'closed'
  }

  /** Checks the Host and the token of a request; answers it itself when they fail. */
  private isAuthorized(request: IncomingMessage, response: ServerResponse, url: URL): boolean {
    if (!this.hosts?.isAllowedHost(request.headers.host)) {
      sendText(response, 403, 'This listener does not answer to that host name.\n')
      return false
    }
    const { token, isFromQuery } = presentedToken(request, url, this.port)
    if (!isSameToken(token, this.token)) {
      sendText(response, 401, UNAUTHORIZED, { 'WWW-Authenticate': 'Bearer' })
      return false
    }
    if (isFromQuery) response.setHeader('Set-Cookie', tokenCookie(this.port, this.token))
    return true
  }

  private onRequest(request: IncomingMessage, response: ServerResponse): void {
    if (this.state !== 'running') {
      sendText(response, 503, 'The console listener is not running.\n')
      return
    }
    const url = new URL(request.url ?? '/', 'http://console.invalid')
    if (!this.isAuthorized(request, response, url)) return
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'Only GET and HEAD are served here.\n', { Allow: 'GET, HEAD' })
      return
    }
    if (url.pathname === CONSOLE_WS_PATH) {
      sendText(response, 426, 'This path is a WebSocket.\n', { Upgrade: 'websocket' })
      return
    }
    serveStatic(request, response, this.root, url.pathname).catch((error: unknown) => {
      this.logger.error('console static file failed', { path: url.pathname, error })
      if (response.headersSent) response.destroy()
      else sendText(response, 500, 'The file could not be read.\n')
    })
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (error) => this.logger.warn('console upgrade socket error', { error }))
    const refusal = this.upgradeRefusal(request)
    if (refusal) {
      refuseUpgrade(socket, refusal.status, refusal.text)
      return
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws))
  }

  private upgradeRefusal(request: IncomingMessage): { status: number; text: string } | undefined {
    if (this.state !== 'running') return { status: 503, text: 'The console listener is closing' }
    const url = new URL(request.url ?? '/', 'http://console.invalid')
    if (url.pathname !== CONSOLE_WS_PATH) return { status: 404, text: 'No WebSocket here' }
    if (!this.hosts?.isAllowedHost(request.headers.host)) {
      return { status: 403, text: 'This listener does not answer to that host name' }
    }
    if (!isSameToken(presentedToken(request, url, this.port).token, this.token)) {
      return { status: 401, text: UNAUTHORIZED.trim() }
    }
    if (!this.hosts.isOwnOrigin(request.headers.origin, request.headers.host)) {
      return { status: 403, text: 'The console API accepts pages of this listener only' }
    }
    return undefined
  }

  private onConnection(ws: WebSocket): void {
    const socket = new ConsoleSocket(ws, this.options.service.openSession(), {
      maxBufferedBytes: this.options.maxBufferedBytes,
      logger: this.logger,
    })
    this.sockets.add(socket)
    void socket.closed.then(() => this.sockets.delete(socket))
  }
}

/**
 * Starts the console listener.
 *
 * @throws TypeError naming an invalid option; the listen error (EADDRINUSE...) as it is
 */
export async function startConsoleListener(
  options: ConsoleListenerOptions,
): Promise<ConsoleListener> {
  const resolved = resolveListenerOptions(options)
  const root = await realpath(resolve(resolved.rendererDir)).catch(() => {
    resolved.logger.warn('the console UI is not built', { rendererDir: resolved.rendererDir })
    return resolve(resolved.rendererDir)
  })
  const listener = new RunningConsoleListener(resolved, root, resolved.token ?? createToken())
  await listener.start()
  return listener
}
