/**
 * ESP over WebSocket (docs/esp.md, "Transport"): one JSON request per frame, many in flight, answers
 * in request order per session. Mounted on the HTTP server's `upgrade` event for `/esp`.
 */
import type { IncomingMessage } from 'node:http'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer, type RawData } from 'ws'
import type { ChatEngine } from '../engine/chat-engine'
import type { Logger } from '../engine/ports'
import { AnswerSequencer } from './answer-sequencer'
import { checkCaller, originOf } from './caller-access'
import { ESP_PATH, faultAnswer, handleEspRequest, type EspAnswer } from './esp-handler'
import { readInteractionId } from './esp-request'
import { TokenBucket, type Now, type RateLimit } from './rate-limiter'

/**
 * Past this many bytes of unsent answers the connection stops reading requests until the peer
 * has taken most of them: a caller that does not read its answers cannot make us buffer without
 * bound. Far above what a well-behaved pipelining strategy ever has queued.
 */
const HIGH_WATER_BYTES = 4 * 1024 * 1024
const LOW_WATER_BYTES = 512 * 1024

export interface EspWebSocketOptions {
  engine: ChatEngine
  logger: Logger
  token: string | undefined
  /** `esp.allowed-origins`: web pages let in. */
  allowedOrigins: readonly string[]
  limit: RateLimit
  now: Now
  maxPayload: number
  heartbeatIntervalMs: number
}

/** What each open connection keeps. */
interface Connection {
  caller: string
  bucket: TokenBucket
  sequencer: AnswerSequencer<EspAnswer>
  /** Cleared at each heartbeat, set by a pong or any frame; still clear next time: dead peer. */
  isAlive: boolean
  isOverLimit: boolean
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  return Buffer.from(data).toString('utf8')
}

interface UpgradeRefusal {
  status: number
  error: string
  message: string
}

/** Answers an upgrade we turn away with a plain HTTP response, then drops the socket. */
function rejectUpgrade(socket: Duplex, status: number, body: object): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const json = JSON.stringify(body)
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
  ]
  socket.end(`${head.join('\r\n')}\r\n\r\n${json}`, () => socket.destroy())
}

function pathOf(url: string | undefined): string {
  return new URL(url ?? '/', 'http://esp.invalid').pathname
}

/** The WebSocket side of the ESP listener: upgrades, connections, heartbeat. */
export class EspWebSocketServer {
  private readonly wss: WebSocketServer
  private readonly connections = new Map<WebSocket, Connection>()
  private readonly heartbeat: NodeJS.Timeout
  private isClosing = false

  constructor(private readonly options: EspWebSocketOptions) {
    // The ws library refuses a larger frame itself and closes the connection with 1009.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload })
    this.wss.on('error', (error) => options.logger.error('esp websocket server error', { error }))
    this.heartbeat = setInterval(() => this.checkPeers(), options.heartbeatIntervalMs)
    this.heartbeat.unref()
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.connections.size
  }

  /** The HTTP server's `upgrade` listener. Never throws: a failure drops that one socket. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { logger } = this.options
    const onSocketError = (error: Error) => logger.info('esp upgrade socket error', { error })
    socket.on('error', onSocketError)
    try {
      const refusal = this.refusalOf(request)
      if (refusal) {
        rejectUpgrade(socket, refusal.status, { error: refusal.error, message: refusal.message })
        return
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        // From here ws listens to the socket and reports its errors on the WebSocket.
        socket.off('error', onSocketError)
        this.onConnection(ws, request)
      })
    } catch (error) {
      logger.error('esp upgrade failed', { error })
      socket.destroy()
    }
  }

  /** Why an upgrade is turned away (closing, another path, the caller), or undefined. */
  private refusalOf(request: IncomingMessage): UpgradeRefusal | undefined {
    if (this.isClosing) {
      return { status: 503, error: 'closing', message: 'The ESP listener is closing' }
    }
    if (pathOf(request.url) !== ESP_PATH) {
      return { status: 404, error: 'not-found', message: `ESP is served at ${ESP_PATH}` }
    }
    const { authorization } = request.headers
    return checkCaller(
      {
        authorization,
        remoteAddress: request.socket.remoteAddress,
        origin: originOf(request.headers),
      },
      this.options.token,
      this.options.allowedOrigins,
    )
  }

  /** Terminates every connection and stops the heartbeat. Idempotent. */
  close(): Promise<void> {
    if (this.isClosing) return Promise.resolve()
    this.isClosing = true
    clearInterval(this.heartbeat)
    for (const ws of this.connections.keys()) ws.terminate()
    this.connections.clear()
    return new Promise((resolve) => this.wss.close(() => resolve()))
  }

  private onConnection(ws: WebSocket, request: IncomingMessage): void {
    const { logger, limit, now } = this.options
    const caller = `ws ${request.socket.remoteAddress}:${request.socket.remotePort}`
    const connection: Connection = {
      caller,
      bucket: new TokenBucket(limit, now),
      sequencer: new AnswerSequencer<EspAnswer>(
        (answer) => this.send(ws, connection, answer),
        (error) => logger.error('esp answer could not be sent', { caller, error }),
      ),
      isAlive: true,
      isOverLimit: false,
    }
    this.connections.set(ws, connection)
    logger.info('esp connection opened', { caller })
    // Protocol errors (an oversize frame: 1009, bad UTF-8: 1007) end up here; ws closes itself.
    ws.on('error', (error) => logger.info('esp connection error', { caller, error }))
    ws.on('pong', () => {
      connection.isAlive = true
    })
    ws.on('close', (code) => {
      this.connections.delete(ws)
      logger.info('esp connection closed', { caller, code })
    })
    ws.on('message', (data) => {
      try {
        this.onFrame(connection, frameText(data))
      } catch (error) {
        logger.error('esp frame could not be handled', { caller, error })
      }
    })
  }

  /**
   * One request. Decision: binary frames are read as UTF-8 JSON like text frames, since some
   * client libraries send a `Buffer` as binary; JSON that does not parse is a malformed-request
   * fault and the connection stays open.
   */
  private onFrame(connection: Connection, text: string): void {
    connection.isAlive = true
    const isOverLimit = !connection.bucket.tryTake()
    this.noteRate(connection, isOverLimit)
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch {
      const fault = { code: 'malformed-request' as const, text: 'The frame is not valid JSON' }
      connection.sequencer.push(undefined, Promise.resolve(faultAnswer(null, fault)))
      return
    }
    const { engine, logger } = this.options
    const answer = handleEspRequest(engine, raw, { isOverLimit, logger, caller: connection.caller })
    connection.sequencer.push(readInteractionId(raw), answer)
  }

  /** Logs when a connection goes over its rate and when it is back, not every refusal. */
  private noteRate(connection: Connection, isOverLimit: boolean): void {
    if (isOverLimit === connection.isOverLimit) return
    connection.isOverLimit = isOverLimit
    const { caller } = connection
    if (isOverLimit) this.options.logger.warn('esp caller over its rate limit', { caller })
    else this.options.logger.info('esp caller back within its rate limit', { caller })
  }

  private send(ws: WebSocket, connection: Connection, answer: EspAnswer): void {
    if (ws.readyState !== WebSocket.OPEN) return
    ws.send(JSON.stringify(answer), (error) => {
      if (error) {
        this.options.logger.info('esp answer not delivered', { caller: connection.caller, error })
        return
      }
      if (ws.isPaused && ws.bufferedAmount <= LOW_WATER_BYTES) ws.resume()
    })
    if (!ws.isPaused && ws.bufferedAmount > HIGH_WATER_BYTES) ws.pause()
  }

  /** Terminates peers that did not answer the last ping, then pings the others. */
  private checkPeers(): void {
    for (const [ws, connection] of this.connections) {
      if (!connection.isAlive) {
        this.options.logger.info('esp peer did not answer a ping', { caller: connection.caller })
        ws.terminate()
        continue
      }
      connection.isAlive = false
      try {
        ws.ping()
      } catch (error) {
        this.options.logger.info('esp ping failed', { caller: connection.caller, error })
      }
    }
  }
}
