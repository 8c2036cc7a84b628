/**
 * Speaks GMS Chat API v2 over REST as the field clients do (docs/gms.md): form posts to
 * `/genesys/2/chat/{serviceName}/` with `userData[key]` fields and the credentials on every
 * operation, and a strict decoder of the answers that refuses what a strict client refuses.
 */
import { expect } from 'vitest'
import { V2_MESSAGE_TYPES } from '../../../src-main/gms/v2/v2-messages'
import type { GmsKit, HttpAnswer } from './gms-test-kit'

export interface V2MessageAnswer {
  from: { nickname: string; participantId: number; type: string }
  index: number
  type: string
  utcTime: number
  text?: string
  messageType?: string
  userData?: Record<string, string>
}

export interface V2Answer {
  statusCode: number
  chatId: string
  userId: string
  secureKey: string
  alias: string
  nextPosition: number
  chatEnded: boolean
  messages: V2MessageAnswer[]
  errors?: { code: number; advice: string }[]
}

const PARTY_TYPES = new Set(['Client', 'Agent', 'Supervisor', 'External'])
const MESSAGE_TYPES: ReadonlySet<string> = new Set(V2_MESSAGE_TYPES)

/**
 * Decodes an answer as GMSLibrary's strict models and the Java SDK do: `statusCode` and
 * `chatId` always; on success every field with its exact JSON type; integers that are integers;
 * only the 13 message types; `userData` values that are strings. Throws naming the first fault.
 */
export function decodeV2Strictly(body: unknown): V2Answer {
  const fail = (what: string): never => {
    throw new Error(`strict v2 decoder: ${what} in ${JSON.stringify(body).slice(0, 300)}`)
  }
  if (typeof body !== 'object' || body === null) return fail('not an object')
  const answer = body as Record<string, unknown>
  if (!Number.isInteger(answer.statusCode)) fail('statusCode')
  if (typeof answer.chatId !== 'string') fail('chatId')
  if ('successful' in answer) fail('a field named successful')
  if (answer.statusCode !== 0) {
    const errors = answer.errors
    if (!Array.isArray(errors) || errors.length === 0) fail('errors')
    for (const error of errors as { code: unknown; advice: unknown }[]) {
      if (!Number.isInteger(error.code)) fail('errors.code')
      if (typeof error.advice !== 'string' || error.advice === '') fail('errors.advice')
    }
    if ('messages' in answer || 'secureKey' in answer) fail('an error with chat fields')
    return answer as unknown as V2Answer
  }
  for (const key of ['userId', 'secureKey', 'alias'] as const) {
    if (typeof answer[key] !== 'string') fail(key)
  }
  if (!Number.isInteger(answer.nextPosition) || (answer.nextPosition as number) < 1) {
    fail('nextPosition')
  }
  if (typeof answer.chatEnded !== 'boolean') fail('chatEnded')
  if (!Array.isArray(answer.messages)) return fail('messages')
  for (const message of answer.messages as Record<string, unknown>[]) {
    const from = message.from as Record<string, unknown> | undefined
    if (!from || typeof from.nickname !== 'string') fail('from.nickname')
    if (!Number.isInteger(from?.participantId) || (from?.participantId as number) < 1) {
      fail('from.participantId')
    }
    if (!PARTY_TYPES.has(String(from?.type))) fail(`from.type ${String(from?.type)}`)
    if (!Number.isInteger(message.index)) fail('index')
    if (!Number.isInteger(message.utcTime)) fail('utcTime')
    if (!MESSAGE_TYPES.has(String(message.type))) fail(`type ${String(message.type)}`)
    if ('text' in message && (typeof message.text !== 'string' || message.text === '')) {
      fail('text')
    }
    if (message.userData !== undefined) {
      for (const value of Object.values(message.userData as object)) {
        if (typeof value !== 'string') fail('userData value')
      }
    }
  }
  return answer as unknown as V2Answer
}

/** A Widgets-style REST customer of one service. */
export class V2RestCustomer {
  chat: V2Answer | undefined

  constructor(
    private readonly kit: GmsKit,
    readonly serviceName = 'request-chat',
  ) {}

  /** The chat request exactly as Widgets 9 make it: trailing slash, empty credentials. */
  async requestChat(form: Record<string, string> = {}): Promise<HttpAnswer<V2Answer>> {
    const answer = await this.kit.post<V2Answer>(`/genesys/2/chat/${this.serviceName}/`, {
      nickname: 'Ann',
      firstName: 'Ann',
      lastName: 'Lee',
      emailAddress: 'ann@example.com',
      subject: 'Order',
      text: '',
      alias: '',
      secureKey: '',
      userId: '',
      ...form,
    })
    decodeV2Strictly(answer.body)
    if (answer.body.statusCode === 0) this.chat = answer.body
    return answer
  }

  /** An operation with all three credentials, as Widgets send them. */
  async operate(
    operation: string,
    form: Record<string, string> = {},
  ): Promise<HttpAnswer<V2Answer>> {
    const chat = this.chat
    if (!chat) throw new Error('request a chat first')
    const answer = await this.kit.post<V2Answer>(
      `/genesys/2/chat/${this.serviceName}/${chat.chatId}/${operation}`,
      { alias: chat.alias, secureKey: chat.secureKey, userId: chat.userId, ...form },
    )
    decodeV2Strictly(answer.body)
    return answer
  }
}

export function expectV2Error(answer: HttpAnswer<V2Answer>, status: number, code: number): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status)
  expect(answer.body.statusCode).toBeGreaterThan(0)
  expect(answer.body.errors?.[0]?.code).toBe(code)
}

/** The messages as `[type, nickname, text]`, for order-and-content checks. */
export function messagesOf(answer: V2Answer): [string, string, string | undefined][] {
  return answer.messages.map((message) => [message.type, message.from.nickname, message.text])
}
