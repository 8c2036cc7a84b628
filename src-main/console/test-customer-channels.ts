/**
 * How the console's test customer talks to GMS: API v1 or v2, polling or CometD (docs/gms.md).
 * Each channel answers every call with the entries that are new since the previous call, so the
 * panel shows each one once whatever the delivery.
 */
import { randomUUID } from 'node:crypto'
import type { TestCustomerEntry } from '../../src-shared/console-api'
import { BayeuxClient } from '../gms/clients/bayeux-client'
import { ConsoleApiError } from './console-errors'
import {
  chatOfV2,
  chatSchema,
  toEntry,
  v2AnswerSchema,
  v2Refusal,
  type GmsChat,
  type GmsChatCall,
  type GmsClient,
  type V2Answer,
  type V2Success,
} from './gms-client'

export const TEST_CUSTOMER_APIS = ['v1', 'v2'] as const
export const TEST_CUSTOMER_DELIVERIES = ['poll', 'cometd'] as const
export type TestCustomerApi = (typeof TEST_CUSTOMER_APIS)[number]
export type TestCustomerDelivery = (typeof TEST_CUSTOMER_DELIVERIES)[number]

/** The v2 service the test customer uses: every configuration has it (docs/gms.md). */
const V2_SERVICE = 'request-chat'
/** How long a CometD reply may take before the call is given up. */
const REPLY_TIMEOUT_MS = 10_000

export interface CustomerChannel {
  /** The v1 service id, or the v2 service name. */
  readonly serviceId: string
  call(call: GmsChatCall, form: Record<string, string>): Promise<GmsChat>
  close(): Promise<void>
}

export interface ChannelStart {
  api: TestCustomerApi
  delivery: TestCustomerDelivery
  /** The customer's fields in v1 spelling: `firstName`, `lastName` and user data keys. */
  form: Record<string, string>
}

/** Opens the channel the start asks for and starts the chat on it. */
export async function openChannel(
  gms: GmsClient,
  start: ChannelStart,
): Promise<{ channel: CustomerChannel; first: GmsChat }> {
  if (start.api === 'v1') {
    return start.delivery === 'poll'
      ? V1PollChannel.open(gms, start.form)
      : V1CometChannel.open(gms, start.form)
  }
  const form = v2Form(start.form)
  return start.delivery === 'poll' ? V2PollChannel.open(gms, form) : V2CometChannel.open(gms, form)
}

/** v1 field names to v2's: user data keys become `userData[key]`. */
function v2Form(form: Record<string, string>): Record<string, string> {
  const v2: Record<string, string> = {}
  for (const [key, value] of Object.entries(form)) {
    if (key === 'firstName' || key === 'lastName') v2[key] = value
    else v2[`userData[${key}]`] = value
  }
  return v2
}

/** v1 over polling: each call reads the transcript from where the previous one ended. */
class V1PollChannel implements CustomerChannel {
  private position = 1

  private constructor(
    private readonly gms: GmsClient,
    readonly serviceId: string,
  ) {}

  static async open(gms: GmsClient, form: Record<string, string>) {
    const serviceId = await gms.requestChat({ _verbose: 'false' })
    const channel = new V1PollChannel(gms, serviceId)
    const first = await gms.chat(serviceId, undefined, form)
    channel.position = first.transcriptPosition
    return { channel, first }
  }

  async call(call: GmsChatCall, form: Record<string, string>): Promise<GmsChat> {
    const position = { transcriptPosition: String(this.position) }
    const answer = await this.gms.chat(this.serviceId, call, { ...form, ...position })
    this.position = answer.transcriptPosition
    return answer
  }

  async close(): Promise<void> {}
}

/** v1 with `notify_by=comet`: changes arrive on `/_genesys` for this customer's `gms_user`. */
class V1CometChannel implements CustomerChannel {
  private readonly pending: { position: number; entry: TestCustomerEntry }[] = []
  private shown = 1
  private state: GmsChat = {
    sessionId: '',
    state: 'TRANSCRIPT',
    transcriptPosition: 1,
    entries: [],
  }

  private constructor(
    private readonly gms: GmsClient,
    private readonly headers: Record<string, string>,
    private readonly bayeux: BayeuxClient,
    readonly serviceId: string,
  ) {}

  static async open(gms: GmsClient, form: Record<string, string>) {
    const headers = { gms_user: randomUUID() }
    const channels: V1CometChannel[] = []
    const bayeux = new BayeuxClient({
      url: gms.cometdUrl,
      headers,
      onData: (_channel, data) => channels[0]?.onNotification(data),
    })
    await bayeux.start()
    await bayeux.subscribe('/_genesys')
    const serviceId = await gms.requestChat({ _verbose: 'false' })
    const channel = new V1CometChannel(gms, headers, bayeux, serviceId)
    channels.push(channel)
    const first = await gms.chat(serviceId, undefined, { ...form, notify_by: 'comet' }, headers)
    channel.shown = first.transcriptPosition
    channel.state = { ...first, entries: [] }
    return { channel, first }
  }

  async call(call: GmsChatCall, form: Record<string, string>): Promise<GmsChat> {
    if (call !== 'refresh') await this.gms.chat(this.serviceId, call, form, this.headers)
    return this.drain()
  }

  close(): Promise<void> {
    return this.bayeux.disconnect()
  }

  private onNotification(data: unknown): void {
    const parsed = chatSchema.safeParse((data as { message?: unknown } | null)?.message)
    if (!parsed.success) return
    const chat = parsed.data
    const first = chat.transcriptPosition - chat.transcriptToShow.length
    chat.transcriptToShow.forEach((entry, offset) =>
      this.pending.push({ position: first + offset, entry: toEntry(entry) }),
    )
    this.state = {
      sessionId: chat.chatSessionId,
      state: chat.chatIxnState,
      transcriptPosition: chat.transcriptPosition,
      entries: [],
    }
  }

  /** The notified entries not shown yet, each once. */
  private drain(): GmsChat {
    const fresh = this.pending.splice(0).filter(({ position }) => position >= this.shown)
    fresh.sort((a, b) => a.position - b.position)
    this.shown = Math.max(this.shown, ...fresh.map(({ position }) => position + 1))
    return { ...this.state, entries: fresh.map(({ entry }) => entry) }
  }
}

/** v2 over REST: the credentials and the next index travel with every operation. */
class V2PollChannel implements CustomerChannel {
  readonly serviceId = V2_SERVICE

  private constructor(
    private readonly gms: GmsClient,
    private chat: V2Success,
    private readonly startedAt: number,
  ) {}

  static async open(gms: GmsClient, form: Record<string, string>) {
    const answer = await gms.requestChatV2(V2_SERVICE, form)
    const startedAt = answer.messages[0]?.utcTime ?? Date.now()
    const channel = new V2PollChannel(gms, answer, startedAt)
    return { channel, first: chatOfV2(answer, startedAt) }
  }

  async call(call: GmsChatCall, form: Record<string, string>): Promise<GmsChat> {
    const position = { transcriptPosition: String(this.chat.nextPosition) }
    const answer = await this.gms.operateV2(V2_SERVICE, this.chat, call, { ...form, ...position })
    this.chat = answer
    return chatOfV2(answer, this.startedAt)
  }

  async close(): Promise<void> {}
}

/** The CometD names of the REST operations. */
const COMETD_OPERATIONS: Record<Exclude<GmsChatCall, 'refresh'>, string> = {
  send: 'sendMessage',
  startTyping: 'startTyping',
  stopTyping: 'stopTyping',
  disconnect: 'disconnect',
}

/**
 * v2 over CometD on `/service/chatV2/request-chat`: every operation gets one reply (empty
 * `messages`, or an error); pushes (non-empty) are kept until the next call returns them.
 */
class V2CometChannel implements CustomerChannel {
  readonly serviceId = V2_SERVICE
  private readonly pushed: V2Success[] = []
  private waiter: ((answer: V2Answer) => void) | undefined
  private chat: V2Success | undefined
  private shown = 1
  private startedAt = 0

  private constructor(private readonly bayeux: BayeuxClient) {}

  static async open(gms: GmsClient, form: Record<string, string>) {
    const channels: V2CometChannel[] = []
    const bayeux = new BayeuxClient({
      url: gms.cometdUrl,
      onData: (_channel, data) => channels[0]?.onData(data),
    })
    const channel = new V2CometChannel(bayeux)
    channels.push(channel)
    await bayeux.start()
    const answer = await channel.request('requestChat', form, true)
    channel.chat = answer
    channel.startedAt = answer.messages[0]?.utcTime ?? Date.now()
    channel.shown = answer.nextPosition
    return { channel, first: chatOfV2(answer, channel.startedAt) }
  }

  async call(call: GmsChatCall, form: Record<string, string>): Promise<GmsChat> {
    if (call !== 'refresh') await this.request(COMETD_OPERATIONS[call], form, false)
    return this.drain()
  }

  close(): Promise<void> {
    return this.bayeux.disconnect()
  }

  private onData(data: unknown): void {
    const parsed = v2AnswerSchema.safeParse(data)
    if (!parsed.success) return
    const answer = parsed.data
    const isReply = answer.statusCode !== 0 || (answer as V2Success).messages.length === 0
    if ((isReply || !this.chat) && this.waiter) {
      this.waiter(answer)
      return
    }
    this.pushed.push(answer as V2Success)
  }

  /** Publishes one operation and waits for its reply. */
  private async request(
    operation: string,
    form: Record<string, string>,
    isFirst: boolean,
  ): Promise<V2Success> {
    const credentials = this.chat
      ? {
          chatId: this.chat.chatId,
          secureKey: this.chat.secureKey,
          userId: this.chat.userId,
          alias: this.chat.alias,
        }
      : {}
    const reply = new Promise<V2Answer>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new ConsoleApiError('gms-error', `GMS did not answer ${operation}`)),
        REPLY_TIMEOUT_MS,
      )
      this.waiter = (answer) => {
        clearTimeout(timer)
        this.waiter = undefined
        resolve(answer)
      }
    })
    const data = { operation, ...(isFirst ? {} : credentials), ...form }
    await this.bayeux.publish(`/service/chatV2/${V2_SERVICE}`, data)
    const answer = await reply
    if (answer.statusCode !== 0) throw v2Refusal(operation, answer)
    const success = answer as V2Success
    this.chat = this.chat ? this.merged([success]) : success
    return success
  }

  /** The chat's state after `answers`: the furthest position, ended once any says so. */
  private merged(answers: V2Success[]): V2Success {
    const chat = this.chat ?? answers[0]
    if (!chat) throw new ConsoleApiError('test-customer-not-started', 'No chat yet')
    return {
      ...chat,
      chatEnded: chat.chatEnded || answers.some((answer) => answer.chatEnded),
      nextPosition: Math.max(chat.nextPosition, ...answers.map((answer) => answer.nextPosition)),
    }
  }

  /** The pushed messages not shown yet, each once. */
  private drain(): GmsChat {
    const pushes = this.pushed.splice(0)
    const latest = this.merged(pushes)
    this.chat = latest
    const messages = pushes
      .flatMap((push) => push.messages)
      .filter((message) => message.index >= this.shown)
    this.shown = Math.max(this.shown, ...messages.map((message) => message.index + 1))
    return chatOfV2({ ...latest, messages }, this.startedAt)
  }
}
