/**
 * A customer's side of the GMS basic chat API (docs/gms.md), over real HTTP: the console's test
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

/** The chat calls after `ixn/chat` (docs/gms.md, "Endpoints"). */
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
export const chatSchema = z.object({
  chatIxnState: z.enum(TEST_CUSTOMER_STATES),
  chatSessionId: z.string(),
  transcriptPosition: z.coerce.number().int().min(1),
  transcriptToShow: z.array(z.array(z.union([z.string(), z.number()]))).default([]),
})
const errorSchema = z.object({ message: z.string(), exception: z.string().optional() })

const v2MessageSchema = z.object({
  from: z.object({ nickname: z.string(), type: z.string() }),
  index: z.number().int(),
  type: z.string(),
  utcTime: z.number().int(),
  text: z.string().optional(),
})
/** A v2 answer (docs/gms.md, "v2 response object"): success or error, told by `statusCode`. */
export const v2AnswerSchema = z.union([
  z.object({
    statusCode: z.literal(0),
    chatId: z.string(),
    userId: z.string(),
    secureKey: z.string(),
    alias: z.string(),
    nextPosition: z.number().int(),
    chatEnded: z.boolean(),
    messages: z.array(v2MessageSchema),
  }),
  z.object({
    statusCode: z.number().int().min(1),
    chatId: z.string(),
    errors: z.array(z.object({ code: z.number().int(), advice: z.string() })).min(1),
  }),
])
export type V2Answer = z.infer<typeof v2AnswerSchema>
export type V2Success = Extract<V2Answer, { statusCode: 0 }>

/** The v2 credentials an operation carries. */
export interface V2Credentials {
  chatId: string
  userId: string
  secureKey: string
  alias: string
}

/** A v2 answer as the test customer's chat; `startedAt` (ms) anchors the time shifts. */
export function chatOfV2(answer: V2Success, startedAt: number): GmsChat {
  return {
    sessionId: answer.chatId,
    state: answer.chatEnded ? 'DISCONNECTED' : 'TRANSCRIPT',
    transcriptPosition: answer.nextPosition,
    entries: answer.messages.map((message) => ({
      type: message.type,
      nickname: message.from.nickname,
      text: message.text ?? '',
      timeShift: Math.max(0, Math.floor((message.utcTime - startedAt) / 1000)),
      partyType: message.from.type,
    })),
  }
}

/** A v2 error answer as the console's error. */
export function v2Refusal(name: string, answer: V2Answer): ConsoleApiError {
  const advice =
    'errors' in answer ? answer.errors.map((error) => `${error.advice} (${error.code})`) : []
  return new ConsoleApiError('gms-error', `GMS refused ${name}: ${advice.join('; ')}`)
}

export function toEntry(entry: readonly (string | number)[]): TestCustomerEntry {
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
  async chat(
    serviceId: string,
    call: GmsChatCall | undefined,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ) {
    const path = `/genesys/1/service/${encodeURIComponent(serviceId)}/ixn/chat`
    const name = call ?? 'ixn/chat'
    const target = call === undefined ? path : `${path}/${call}`
    const body = await this.post(name, target, form, { headers })
    const chat = this.parse(name, chatSchema, body)
    return {
      sessionId: chat.chatSessionId,
      state: chat.chatIxnState,
      transcriptPosition: chat.transcriptPosition,
      entries: chat.transcriptToShow.map(toEntry),
    } satisfies GmsChat
  }

  /** The Bayeux endpoint of this GMS listener. */
  get cometdUrl(): string {
    return `${this.baseUrl}/genesys/cometd`
  }

  /** v2 `POST /genesys/2/chat/{serviceName}` (request chat). */
  async requestChatV2(serviceName: string, form: Record<string, string>): Promise<V2Success> {
    return this.v2('request chat', `/genesys/2/chat/${encodeURIComponent(serviceName)}`, form)
  }

  /** v2 `POST /genesys/2/chat/{serviceName}/{chatId}/{operation}` with the credentials. */
  async operateV2(
    serviceName: string,
    credentials: V2Credentials,
    operation: string,
    form: Record<string, string>,
  ): Promise<V2Success> {
    const path = `/genesys/2/chat/${encodeURIComponent(serviceName)}/${encodeURIComponent(credentials.chatId)}/${operation}`
    const keys = {
      userId: credentials.userId,
      secureKey: credentials.secureKey,
      alias: credentials.alias,
    }
    return this.v2(operation, path, { ...form, ...keys })
  }

  private async v2(name: string, path: string, form: Record<string, string>): Promise<V2Success> {
    const body = await this.post(name, path, form, { isV2: true })
    const answer = this.parse(name, v2AnswerSchema, body)
    if (answer.statusCode !== 0) throw v2Refusal(name, answer)
    return answer as V2Success
  }

  private async post(
    name: string,
    path: string,
    form: Record<string, string>,
    options: { isV2?: boolean; headers?: Record<string, string> } = {},
  ): Promise<unknown> {
    let response: Response
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
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
    if (options.isV2) {
      const answer = v2AnswerSchema.safeParse(body)
      if (answer.success && answer.data.statusCode !== 0) throw v2Refusal(name, answer.data)
    }
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
