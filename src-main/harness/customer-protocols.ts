/**
 * How a scenario's customer talks to GMS (docs/harness.md `customer.start`: `api`, `delivery`):
 * v1 by polling, v2 by polling, or v2 over CometD (docs/gms.md). Every protocol hands the actor
 * the entries in v1's transcript shape, so a scenario's `expect.customer` reads the same
 * whichever API the customer speaks; what differs is only the wire.
 */
import type { V2Success } from '../gms/v2/v2-chat-service'
import type { V2Message } from '../gms/v2/v2-messages'
import { BayeuxClient } from '../gms/clients/bayeux-client'
import type { FormPoster } from './form-post'
import type { CustomerStep } from './scenario-schema'
import { StepFailure } from './step-failure'

/** `[type, nickname, text, secondsSinceStartedAt, partyType]`, as GMS v1 sends it. */
export type GmsEntry = [string, string, string, string, string]

export type ChatCall = 'send' | 'refresh' | 'startTyping' | 'stopTyping' | 'disconnect'

/** What one call brought: the chat's state and its new entries. */
export interface ChatPage {
  sessionId: string
  state: 'TRANSCRIPT' | 'DISCONNECTED'
  entries: GmsEntry[]
}

export type CustomerStart = NonNullable<CustomerStep['start']>

export interface CustomerProtocol {
  start(start: CustomerStart): Promise<ChatPage>
  call(call: ChatCall, form?: Record<string, string>): Promise<ChatPage>
  /** The whole customer transcript as GMS serves it now. */
  freshTranscript(): Promise<GmsEntry[]>
  /** True when the actor must poll on the virtual clock to stay present and up to date. */
  readonly isPolling: boolean
  close(): void
}

/** Posts and turns a refusal into a step failure naming the call, status and reason. */
export async function postToGms(
  gms: FormPoster,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const { status, body } = await gms.post(path, form, headers)
  if (status === 200 && !isV2Error(body)) return body
  const reply = (body ?? {}) as { message?: string; exception?: string; errors?: unknown }
  const reason = Array.isArray(reply.errors)
    ? JSON.stringify(reply.errors)
    : `${reply.message ?? '?'} (${reply.exception ?? '?'})`
  throw new StepFailure(
    `GMS refused ${path.split('/').pop()} with ${status}: ${reason}`,
    [],
    status,
  )
}

function isV2Error(body: unknown): boolean {
  const code = (body as { statusCode?: unknown } | null)?.statusCode
  return typeof code === 'number' && code !== 0
}

export function stringValues(
  values: Record<string, string | number | boolean> | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([key, value]) => [key, String(value)]),
  )
}

export function optional(key: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [key]: value }
}

// ---- v2 ------------------------------------------------------------------------------------

const V1_TYPES: Record<string, string> = {
  ParticipantJoined: 'Notice.Joined',
  ParticipantLeft: 'Notice.Left',
  Message: 'Message.Text',
  TypingStarted: 'Notice.TypingStarted',
  TypingStopped: 'Notice.TypingStopped',
  PushUrl: 'Notice.PushUrl',
  CustomNotice: 'Notice.Custom',
  NicknameUpdated: 'Notice.Custom',
  IdleAlert: 'Message.Text',
  IdleClose: 'Message.Text',
  Notice: 'Notice.Custom',
}
const V1_TEXTS: Record<string, string> = {
  ParticipantJoined: 'has joined the session',
  ParticipantLeft: 'has left the session',
}

/** A v2 message in v1's entry shape (the same mapping GMS uses between the two). */
function toEntry(message: V2Message, startedAt: number): GmsEntry {
  const seconds = Math.max(0, Math.floor((message.utcTime - startedAt) / 1000))
  return [
    V1_TYPES[message.type] ?? message.type,
    message.from.nickname,
    message.text ?? V1_TEXTS[message.type] ?? '',
    String(seconds),
    message.from.type.toUpperCase(),
  ]
}

/** v2 request-chat fields from a scenario's start (business data and user data together). */
function v2StartFields(start: CustomerStart): Record<string, string> {
  const userData = { ...stringValues(start.data), ...stringValues(start.userData) }
  return {
    ...Object.fromEntries(
      Object.entries(userData).map(([key, value]) => [`userData[${key}]`, value]),
    ),
    ...optional('firstName', start.firstName),
    ...optional('lastName', start.lastName),
    ...optional('nickname', start.nickname),
    ...optional('emailAddress', start.email),
    ...optional('subject', start.subject),
  }
}

/** Entries from index `shown` on, each once; returns them and the next index to show. */
class V2Shown {
  private next = 1
  startedAt = 0

  take(messages: V2Message[]): GmsEntry[] {
    const fresh = messages.filter((message) => message.index >= this.next)
    fresh.sort((a, b) => a.index - b.index)
    for (const message of fresh) this.next = Math.max(this.next, message.index + 1)
    return fresh.map((message) => toEntry(message, this.startedAt))
  }

  get nextIndex(): number {
    return this.next
  }
}

function pageOf(chat: V2Success, entries: GmsEntry[]): ChatPage {
  return { sessionId: chat.chatId, state: chat.chatEnded ? 'DISCONNECTED' : 'TRANSCRIPT', entries }
}

/** v2 over REST: credentials and the next index on every operation. */
export class V2PollProtocol implements CustomerProtocol {
  readonly isPolling = true
  private chat: V2Success | undefined
  private serviceName = 'request-chat'
  private readonly shown = new V2Shown()

  constructor(private readonly gms: FormPoster) {}

  async start(start: CustomerStart): Promise<ChatPage> {
    this.serviceName = start.service ?? 'request-chat'
    const chat = (await postToGms(
      this.gms,
      `/genesys/2/chat/${this.serviceName}`,
      v2StartFields(start),
    )) as V2Success
    this.chat = chat
    this.shown.startedAt = chat.messages[0]?.utcTime ?? 0
    return pageOf(chat, this.shown.take(chat.messages))
  }

  async call(call: ChatCall, form: Record<string, string> = {}): Promise<ChatPage> {
    const position = { transcriptPosition: String(this.shown.nextIndex) }
    const chat = await this.operate(call, { ...form, ...position })
    return pageOf(chat, this.shown.take(chat.messages))
  }

  async freshTranscript(): Promise<GmsEntry[]> {
    const chat = await this.operate('refresh', { transcriptPosition: '1' })
    return chat.messages.map((message) => toEntry(message, this.shown.startedAt))
  }

  close(): void {}

  /** A chat requested over CometD, continued here. */
  adopt(chat: V2Success, serviceName: string): ChatPage {
    this.chat = chat
    this.serviceName = serviceName
    this.shown.startedAt = chat.messages[0]?.utcTime ?? 0
    return pageOf(chat, this.shown.take(chat.messages))
  }

  get hasChat(): boolean {
    return this.chat !== undefined
  }

  get current(): V2Success {
    if (!this.chat) throw new StepFailure('the customer has not started a chat')
    return this.chat
  }

  /** The state as last known, with those of `messages` not shown yet. */
  page(messages: V2Message[], hasEnded: boolean): ChatPage {
    const chat = this.current
    this.chat = { ...chat, chatEnded: chat.chatEnded || hasEnded }
    return pageOf(this.chat, this.shown.take(messages))
  }

  private async operate(call: ChatCall, form: Record<string, string>): Promise<V2Success> {
    const chat = this.chat
    if (!chat) throw new StepFailure('the customer has not started a chat')
    const credentials = { secureKey: chat.secureKey, userId: chat.userId, alias: chat.alias }
    const path = `/genesys/2/chat/${this.serviceName}/${chat.chatId}/${call}`
    const answer = (await postToGms(this.gms, path, { ...form, ...credentials })) as V2Success
    this.chat = answer
    return answer
  }
}

const COMETD_OPERATIONS: Record<Exclude<ChatCall, 'refresh'>, string> = {
  send: 'sendMessage',
  startTyping: 'startTyping',
  stopTyping: 'stopTyping',
  disconnect: 'disconnect',
}

/**
 * v2 over CometD on `/service/chatV2/{serviceName}`, as Widgets use it: operations are
 * published, each answered once (empty `messages`, or an error), and events are pushed. Pushes
 * travel in real time, so a `refresh` (and the harness' catch-up before every check) reads the
 * chat over v2 REST from the next index: the entries a scenario checks never depend on how fast
 * a push travelled, and each is shown once.
 */
export class V2CometdProtocol implements CustomerProtocol {
  readonly isPolling = false
  private channel = '/service/chatV2/request-chat'
  private readonly pushed: V2Message[] = []
  private waiter: ((answer: unknown) => void) | undefined
  private readonly bayeux: BayeuxClient
  private readonly rest: V2PollProtocol

  constructor(gms: FormPoster) {
    this.rest = new V2PollProtocol(gms)
    this.bayeux = new BayeuxClient({
      url: `${gms.origin}/genesys/cometd`,
      onData: (_channel, data) => this.onData(data),
    })
  }

  async start(start: CustomerStart): Promise<ChatPage> {
    this.channel = `/service/chatV2/${start.service ?? 'request-chat'}`
    await this.bayeux.start()
    const chat = await this.request({ operation: 'requestChat', ...v2StartFields(start) })
    return this.rest.adopt(chat, start.service ?? 'request-chat')
  }

  async call(call: ChatCall, form: Record<string, string> = {}): Promise<ChatPage> {
    if (call === 'refresh') return this.rest.call('refresh', form)
    const chat = this.rest.current
    const reply = await this.request({
      operation: COMETD_OPERATIONS[call],
      secureKey: chat.secureKey,
      ...form,
    })
    return this.rest.page(this.pushed.splice(0), reply.chatEnded)
  }

  freshTranscript(): Promise<GmsEntry[]> {
    return this.rest.freshTranscript()
  }

  close(): void {
    void this.bayeux.disconnect()
  }

  /** A reply is empty or an error; a push never is (docs/gms.md). */
  private onData(data: unknown): void {
    const answer = data as { statusCode?: number; messages?: V2Message[] }
    const isReply = answer.statusCode !== 0 || (answer.messages?.length ?? 0) === 0
    if (this.waiter && (isReply || !this.rest.hasChat)) this.waiter(data)
    else this.pushed.push(...(answer.messages ?? []))
  }

  /** Publishes one operation and waits for its one reply. */
  private async request(data: Record<string, unknown>): Promise<V2Success> {
    const reply = new Promise<unknown>((resolve) => (this.waiter = resolve))
    await this.bayeux.publish(this.channel, data)
    const answer = (await reply) as V2Success | { statusCode: number; errors: unknown }
    this.waiter = undefined
    if (answer.statusCode !== 0) {
      const errors = JSON.stringify((answer as { errors: unknown }).errors)
      throw new StepFailure(`GMS refused ${String(data.operation)}: ${errors}`)
    }
    return answer as V2Success
  }
}
