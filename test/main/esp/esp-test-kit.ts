/**
 * A real ESP listener on port 0 over a test engine, a real `ws` client that matches answers to
 * requests, and `fetch` for HTTP.
 */
import { once } from 'node:events'
import type { IncomingMessage } from 'node:http'
import { expect } from 'vitest'
import WebSocket from 'ws'
import type { ChatEvent } from '../../../src-shared/domain'
import type { ChatEngine } from '../../../src-main/engine/chat-engine'
import type { Logger } from '../../../src-main/engine/ports'
import {
  ESP_FAULT_CODES,
  espFaultAnswerSchema,
  espResponseSchema,
  type EspAnswer,
  type EspFaultAnswer,
  type EspResponse,
} from '../../../src-shared/esp-wire'
import {
  startEspListener,
  type EspListener,
  type EspListenerSettings,
} from '../../../src-main/esp/esp-listener'
import { silentLogger } from '../../../src-main/logging'
import {
  createTestEngine,
  startChat,
  type TestEngine,
  type TestEngineOptions,
} from '../../helpers/engine'

export const MIB = 1024 * 1024

export const DEFAULT_SETTINGS: EspListenerSettings = {
  rateLimit: 2000,
  burst: 4000,
  maxBodyBytes: MIB,
}

export interface EspServerOptions {
  settings?: Partial<EspListenerSettings>
  engine?: TestEngineOptions
  now?: () => number
  heartbeatIntervalMs?: number
  logger?: Logger
}

export interface EspTestServer {
  kit: TestEngine
  engine: ChatEngine
  listener: EspListener
  /** `http://127.0.0.1:PORT/esp`. */
  httpUrl: string
  close(): Promise<void>
}

/** Starts a listener on 127.0.0.1, port 0, over a fresh engine and in-memory store. */
export async function startEspServer(options: EspServerOptions = {}): Promise<EspTestServer> {
  const kit = createTestEngine(options.engine)
  const listener = await startEspListener({
    engine: kit.engine,
    host: '127.0.0.1',
    port: 0,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    logger: options.logger ?? silentLogger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
  })
  return {
    kit,
    engine: kit.engine,
    listener,
    httpUrl: listener.url.replace(/^ws:/, 'http:'),
    async close() {
      await listener.close()
      await kit.close()
    },
  }
}

/** A request as a strategy writes it; the client fills in `referenceId` when absent. */
export type EspRequestBody = Record<string, unknown>

/** A WebSocket client that collects answers in arrival order. */
export class EspClient {
  readonly answers: EspAnswer[] = []
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = []
  private nextReference = 1

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.answers.push(JSON.parse(String(data)) as EspAnswer)
      for (const waiter of this.waiters.splice(0)) waiter.resolve()
    })
    ws.on('close', () => {
      const error = new Error('the connection closed while an answer was awaited')
      for (const waiter of this.waiters.splice(0)) waiter.reject(error)
    })
  }

  static async connect(url: string, options: WebSocket.ClientOptions = {}): Promise<EspClient> {
    const ws = new WebSocket(url, options)
    await once(ws, 'open')
    return new EspClient(ws)
  }

  /** Sends a request (or a raw frame) without waiting; returns its `referenceId`. */
  send(request: EspRequestBody | string): number | string | null {
    if (typeof request === 'string') {
      this.ws.send(request)
      return null
    }
    const body =
      'referenceId' in request ? request : { referenceId: this.nextReference++, ...request }
    this.ws.send(JSON.stringify(body))
    return body.referenceId as number | string | null
  }

  /** Sends a request and waits for the answer with its `referenceId`. */
  async request(request: EspRequestBody): Promise<EspAnswer> {
    const referenceId = this.send(request)
    return this.waitFor((answer) => answer.referenceId === referenceId)
  }

  /** Waits until `count` answers have arrived in all. */
  async waitForCount(count: number): Promise<EspAnswer[]> {
    while (this.answers.length < count) await this.nextArrival()
    return this.answers.slice(0, count)
  }

  async waitFor(match: (answer: EspAnswer) => boolean): Promise<EspAnswer> {
    for (;;) {
      const found = this.answers.find(match)
      if (found) return found
      await this.nextArrival()
    }
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return
    const closed = once(this.ws, 'close')
    this.ws.close()
    await closed
  }

  private nextArrival(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) {
      return Promise.reject(new Error('the connection closed while an answer was awaited'))
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }))
  }
}

/** POSTs a body to `/esp`; a text or bytes go as they are, anything else as JSON. */
export async function postEsp(
  url: string,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) }
}

/**
 * The answer as a response, failing the test with the fault when it is one. It is read with
 * the shared wire schema, strictly: a field docs/esp.md does not have fails the test too.
 */
export function asResponse(answer: EspAnswer | unknown): EspResponse {
  if ((answer as EspAnswer).event !== 'Event3rdServerResponse') {
    throw new Error(`expected a response, got ${JSON.stringify(answer)}`)
  }
  return espResponseSchema.strict().parse(answer)
}

/** The answer as a fault, failing the test when it is a response (read strictly, as above). */
export function asFault(answer: EspAnswer | unknown): EspFaultAnswer {
  if ((answer as EspAnswer).event !== 'Event3rdServerFault') {
    throw new Error(`expected a fault, got ${JSON.stringify(answer)}`)
  }
  const fault = espFaultAnswerSchema.strict().parse(answer)
  expect(ESP_FAULT_CODES).toContain(fault.fault.code)
  return fault as EspFaultAnswer
}

/** A request on `sessionId` with the envelope fields a strategy sends. */
export function espRequest(
  method: string,
  sessionId: string,
  parameters: Record<string, unknown> = {},
  extra: EspRequestBody = {},
): EspRequestBody {
  return {
    application: 'ChatServer',
    service: 'Chat',
    method,
    interactionId: sessionId,
    parameters,
    userData: { IsOnline: '1', ChatServerAppName: 'ChatServer' },
    ...extra,
  }
}

/** The supervisor's (complete) transcript. */
export function fullTranscript(engine: ChatEngine, sessionId: string): ChatEvent[] {
  return engine.readTranscript(sessionId, 'supervisor').events
}

/** Tries a WebSocket upgrade that the server should refuse; resolves with the HTTP status. */
export async function refusedUpgradeStatus(
  url: string,
  options: WebSocket.ClientOptions = {},
): Promise<{ status: number; body: unknown }> {
  const ws = new WebSocket(url, options)
  // Aborting the handshake below makes the client emit an error we expect.
  ws.on('error', () => {})
  const [, response] = (await once(ws, 'unexpected-response')) as [unknown, IncomingMessage]
  let text = ''
  for await (const chunk of response) text += String(chunk)
  ws.terminate()
  return { status: response.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) }
}

/** What most ESP tests start from: a listener, a connected WebSocket client and a queued chat. */
export interface EspChat {
  server: EspTestServer
  client: EspClient
  sessionId: string
}

export async function openEspChat(options: EspServerOptions = {}): Promise<EspChat> {
  const server = await startEspServer(options)
  const client = await EspClient.connect(server.listener.url)
  const { sessionId } = await startChat(server.engine)
  return { server, client, sessionId }
}

export async function closeEspChat(chat: Pick<EspChat, 'server' | 'client'>): Promise<void> {
  await chat.client.close()
  await chat.server.close()
}
