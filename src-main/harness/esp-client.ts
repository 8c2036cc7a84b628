/**
 * A client of the real ESP endpoint over WebSocket (docs/esp.md, "Transport"): what strategies and
 * the harness' `esp` steps send through, so a request is parsed, checked and answered exactly as
 * a URS/ORS External Service request would be. One connection carries many requests, matched to
 * their answers by `referenceId`.
 */
import WebSocket from 'ws'
import { espAnswerSchema, type EspAnswer, type EspParameterValue } from '../../src-shared/esp-wire'

export type { EspAnswer, EspFaultAnswer, EspResponse } from '../../src-shared/esp-wire'

/** Parameter values as a strategy writes them; ESP reads numbers and booleans as their text. */
export type EspParameterValues = Record<string, EspParameterValue>

/** One request's envelope fields; `referenceId` is the client's own. */
export interface EspRequestFields {
  method: string
  interactionId?: string
  application?: string
  /** Default `Chat`, the only service (the harness may send another to see the fault). */
  service?: string
  parameters?: EspParameterValues
  userData?: Record<string, string>
}

/** Where the ESP endpoint is and how to reach it. */
export interface EspClientOptions {
  /** `ws://host:port/esp`. */
  url: string
  /** `esp.token`, sent as `Authorization: Bearer <token>` when set. */
  token?: string
  /** Real milliseconds to wait for an answer before giving up (a stuck endpoint). Default 10 s. */
  answerTimeoutMs?: number
}

interface Pending {
  resolve: (answer: EspAnswer) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

/** Requests over one lazily opened WebSocket; `close()` ends it. */
export class EspClient {
  private socket: Promise<WebSocket> | undefined
  private readonly pending = new Map<number, Pending>()
  private nextReference = 1
  private isClosed = false

  constructor(private readonly options: EspClientOptions) {}

  /** Sends one request; resolves to its answer, a response or a fault. Rejects when unreachable. */
  async request(fields: EspRequestFields): Promise<EspAnswer> {
    if (this.isClosed) throw new Error('the ESP client is closed')
    const socket = await this.connect()
    const referenceId = this.nextReference++
    const envelope = {
      referenceId,
      service: fields.service ?? 'Chat',
      method: fields.method,
      ...(fields.application === undefined ? {} : { application: fields.application }),
      ...(fields.interactionId === undefined ? {} : { interactionId: fields.interactionId }),
      parameters: fields.parameters ?? {},
      userData: fields.userData ?? {},
    }
    return new Promise<EspAnswer>((resolve, reject) => {
      const timeoutMs = this.options.answerTimeoutMs ?? 10_000
      const timer = setTimeout(() => {
        this.pending.delete(referenceId)
        reject(new Error(`no ESP answer to ${fields.method} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(referenceId, { resolve, reject, timer })
      socket.send(JSON.stringify(envelope), (error) => {
        if (error) this.settle(referenceId, undefined, error)
      })
    })
  }

  /** Closes the connection; requests still waiting are rejected. Idempotent. */
  async close(): Promise<void> {
    this.isClosed = true
    const socket = await this.socket?.catch(() => undefined)
    this.failAll(new Error('the ESP client was closed'))
    if (!socket || socket.readyState === WebSocket.CLOSED) return
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve())
      socket.close()
    })
  }

  private connect(): Promise<WebSocket> {
    this.socket ??= new Promise((resolve, reject) => {
      const { token } = this.options
      const headers = token === undefined ? undefined : { Authorization: `Bearer ${token}` }
      const socket = new WebSocket(this.options.url, { headers })
      socket.once('open', () => resolve(socket))
      socket.on('message', (data) => this.onAnswer(String(data)))
      socket.on('error', (error) => {
        reject(new Error(`cannot reach the ESP endpoint ${this.options.url}: ${error.message}`))
        this.failAll(error)
      })
      socket.on('close', () => {
        this.failAll(new Error('the ESP connection closed'))
        if (!this.isClosed) this.socket = undefined
      })
    })
    return this.socket
  }

  private onAnswer(text: string): void {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      // ESP answers JSON only; a frame that is not is no answer to anything we sent.
      return
    }
    const parsed = espAnswerSchema.safeParse(json)
    if (!parsed.success) return
    const answer = parsed.data as EspAnswer
    if (typeof answer.referenceId === 'number') this.settle(answer.referenceId, answer)
  }

  private settle(referenceId: number, answer: EspAnswer | undefined, error?: Error): void {
    const pending = this.pending.get(referenceId)
    if (!pending) return
    this.pending.delete(referenceId)
    clearTimeout(pending.timer)
    if (answer) pending.resolve(answer)
    else pending.reject(error ?? new Error('the ESP request failed'))
  }

  private failAll(error: Error): void {
    for (const referenceId of [...this.pending.keys()]) this.settle(referenceId, undefined, error)
  }
}
