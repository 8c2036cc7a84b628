/**
 * A customer's side of the GMS basic chat API (gms.md), over real HTTP: the console's test
 * customer talks to the GMS listener exactly as a customer's browser would, so what it shows is
 * what GMS really serves. Answers are checked with a schema before use: GMS is outside input too.
 */
import { z } from 'zod'
import {
  TEST_CUSTOMER_STATES,
  type TestCustomerEntry,
  type TestCustomerState,
} from '../../src-shared/console-api'
import { ConsoleApiError } from './console-errors'

/** The chat calls after `ixn/chat` (gms.md, "Endpoints"). */
export type GmsChatCall = 'send' | 'refresh' | 'startTyping' | 'stopTyping' | 'disconnect'

/** The parts of the GMS chat object the test customer uses. */
export interface GmsChat {
  sessionId: string
  state: TestCustomerState
  transcriptPosition: number
  entries: TestCustomerEntry[]
}

export interface GmsClientOptions {
  /** Origin of the GMS listener, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string
  /** Per request; GMS answers at once, so a slow answer means it is stuck. Default 10 s. */
  timeoutMs?: number
}

const serviceSchema = z.object({ _id: z.string().min(1) })
const chatSchema = z.object({
  chatIxnState: z.enum(TEST_CUSTOMER_STATES),
  chatSessionId: z.string(),
  transcriptPosition: z.coerce.number().int().min(1),
  transcriptToShow: z.array(z.array(z.union([z.string(), z.number()]))).default([]),
})
const errorSchema = z.object({ message: z.string(), exception: z.string().optional() })

function toEntry(entry: readonly (string | number)[]): TestCustomerEntry {
  const [type, nickname, text, seconds, partyType] = entry.map(String)
  return {
    type: type ?? '',
    nickname: nickname ?? '',
    text: text ?? '',
    timeShift: Number(seconds ?? 0) || 0,
    partyType: partyType ?? '',
  }
}

/** Talks to one GMS listener as a customer would. */
export class GmsClient {
  private readonly baseUrl: string
  private readonly timeoutMs: number

  constructor(options: GmsClientOptions) {
    if (!URL.canParse(options.baseUrl)) {
      throw new TypeError(`gmsUrl must be an absolute URL (got ${JSON.stringify(options.baseUrl)})`)
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.timeoutMs = options.timeoutMs ?? 10_000
  }

  /** `POST /genesys/1/service/request-chat`: a new service; resolves to its id. */
  async requestChat(form: Record<string, string>): Promise<string> {
    const body = await this.post('request-chat', '/genesys/1/service/request-chat', form)
    return this.parse('request-chat', serviceSchema, body)._id
  }

  /** `POST .../ixn/chat` (start, `call` absent) or `.../ixn/chat/<call>`. */
  async chat(serviceId: string, call: GmsChatCall | undefined, form: Record<string, string>) {
    const path = `/genesys/1/service/${encodeURIComponent(serviceId)}/ixn/chat`
    const name = call ?? 'ixn/chat'
    const body = await this.post(name, call === undefined ? path : `${path}/${call}`, form)
    const chat = this.parse(name, chatSchema, body)
    return {
      sessionId: chat.chatSessionId,
      state: chat.chatIxnState,
      transcriptPosition: chat.transcriptPosition,
      entries: chat.transcriptToShow.map(toEntry),
    } satisfies GmsChat
  }

  private async post(name: string, path: string, form: Record<string, string>): Promise<unknown> {
    let response: Response
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new ConsoleApiError(
        'gms-unavailable',
        `The GMS API at ${this.baseUrl} could not be reached (${name}): ${reason}`,
      )
    }
    const body: unknown = await response.json().catch(() => undefined)
    if (!response.ok) throw this.refusal(name, response.status, body)
    return body
  }

  private refusal(name: string, status: number, body: unknown): ConsoleApiError {
    const parsed = errorSchema.safeParse(body)
    const detail = parsed.success
      ? `${parsed.data.message}${parsed.data.exception ? ` (${parsed.data.exception})` : ''}`
      : 'no error message'
    return new ConsoleApiError('gms-error', `GMS refused ${name} with ${status}: ${detail}`)
  }

  private parse<T>(name: string, schema: z.ZodType<T>, body: unknown): T {
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      throw new ConsoleApiError('gms-error', `GMS answered ${name} with an unexpected body`)
    }
    return parsed.data
  }
}
