import { randomBytes } from 'node:crypto'
import { REASON_CODES, type SessionSummary } from '../../../src-shared/domain'
import type { ChatEngine, Content } from '../../engine/chat-engine'
import type { SessionUpdate } from '../../engine/engine-bus'
import type { Clock, Logger } from '../../engine/ports'
import { customerSummary, isCustomerIn } from '../chat-object'
import { isGoneError, nicknameFromNames, unlessGone, userDataProblem } from '../customer-rules'
import type { FormFields } from '../form-input'
import type { ResolvedService } from '../gms-options'
import { ProtocolInactivityWatch } from '../protocol-inactivity'
import type { GmsCustomerStore } from '../customer-records'
import { ENGINE_USER_DATA_KEYS } from '../../engine/session-settings'
import { userDataBytes, type UserDataBudget } from '../user-data-budget'
import { V2_CODES, V2Error } from './v2-errors'
import { V2Fields } from './v2-fields'
import { readV2Messages, type V2Message } from './v2-messages'

/** A chat requested over v2 and its four credentials (docs/gms.md, "v2 credentials"). */
export interface V2Chat {
  readonly serviceName: string
  /** The session id. */
  readonly chatId: string
  /** The customer party's id. */
  readonly userId: string
  readonly secureKey: string
  /** 1-based position of the hosting application when the chat was requested. */
  readonly alias: string
}

/** The success object every v2 answer and push carries (statusCode 0, every field present). */
export interface V2Success {
  statusCode: 0
  chatId: string
  userId: string
  secureKey: string
  alias: string
  nextPosition: number
  chatEnded: boolean
  messages: V2Message[]
}

/** The chat operations, by their REST names (CometD names map onto them). */
export const V2_OPERATIONS = [
  'refresh',
  'send',
  'startTyping',
  'stopTyping',
  'disconnect',
  'customNotice',
  'pushUrl',
  'updateNickname',
  'updateData',
] as const
export type V2Operation = (typeof V2_OPERATIONS)[number]

/** Operations that post nothing: they keep working once the chat has ended. */
const NOT_POSTING: ReadonlySet<string> = new Set(['refresh', 'requestNotifications', 'disconnect'])

/** How an operation names its chat: by id in the REST path, or by `secureKey` over CometD. */
export type ChatLocator = { chatId: string } | { bySecureKey: true }

/** Which messages an answer carries: from an index, or none. */
type MessagesFrom = number | 'none'

/**
 * A Bayeux client that attaches with its answer (`requestChat`, `requestNotifications`). The
 * reply is delivered at the moment of attaching, so it comes before any push to that client.
 */
export interface Attacher {
  clientId: string
  reply(answer: V2Success): void
}

export interface V2ChatServiceOptions {
  engine: ChatEngine
  clock: Clock
  services: ReadonlyMap<string, ResolvedService>
  flexDisconnectTimeoutMs: number
  /** Delivers a push to an attached Bayeux client. */
  push(clientId: string, serviceName: string, data: V2Success): void
  budget: UserDataBudget
  logger: Logger
  /** Where chats' credentials are kept across a restart. */
  customers: GmsCustomerStore
}

interface Attachment {
  chat: V2Chat
  /** The index of the next event this client gets. */
  nextIndex: number
}

/**
 * GMS Chat API v2 independent of its transport: request chat, the chat operations and the
 * pushes to attached CometD clients. It shares the engine, the customer's view (positions and
 * visibility come from `readCustomerEntries`, as v1's) and the customer rules with v1.
 */
export class V2ChatService {
  private readonly chats = new Map<string, V2Chat>()
  private readonly chatsBySecureKey = new Map<string, V2Chat>()
  private readonly attachments = new Map<string, Attachment>()
  private readonly clientsOfChat = new Map<V2Chat, Set<string>>()
  private readonly watch: ProtocolInactivityWatch<V2Chat>

  constructor(private readonly options: V2ChatServiceOptions) {
    this.watch = new ProtocolInactivityWatch<V2Chat>(
      options.clock,
      options.flexDisconnectTimeoutMs,
      // An attached Bayeux client is a live one: faye forgets a client whose long polls stop
      // (its session expires) and the client is detached then; between two long polls it is
      // still there.
      (chat) => (this.clientsOfChat.get(chat)?.size ?? 0) > 0,
      (chat) => this.onInactive(chat),
    )
  }

  /** The service of a name, or 101. */
  service(serviceName: string): ResolvedService {
    const service = this.options.services.get(serviceName)
    if (!service) {
      throw new V2Error(
        V2_CODES.unknownService,
        `No service ${JSON.stringify(serviceName.slice(0, 100))}: use one of gms.services (${[...this.options.services.keys()].join(', ')})`,
      )
    }
    return service
  }

  /** Request chat (docs/gms.md): a new session with the customer as its first party. */
  async requestChat(serviceName: string, fields: FormFields, attacher?: Attacher) {
    const service = this.service(serviceName)
    const input = new V2Fields(fields)
    const nickname = input.nickname() ?? this.nicknameFromNames(input)
    const endpoint = this.endpointOf(service, input.optional('endpoint'))
    const userData = this.requestUserData(input)
    const text = input.text('text')
    const { engine } = this.options
    const { sessionId, customerPartyId } = await this.options.budget.forNewSession(userData, () =>
      engine.createSession({
        application: service.application,
        endpoint,
        userData,
        customerNickname: nickname,
      }),
    )
    const chat: V2Chat = {
      serviceName,
      chatId: sessionId,
      userId: customerPartyId,
      secureKey: randomBytes(8).toString('hex'),
      alias: String(engine.applicationNames.indexOf(service.application) + 1),
    }
    const stored = this.store(chat)
    this.register(chat)
    this.watch.watch(chat)
    if (text !== undefined) {
      await unlessGone(() => this.post(chat, { kind: 'message', text }))
    }
    // Stored before answered, as v1's chats: a restart right after the answer keeps it.
    await stored
    return this.answer(chat, 1, attacher)
  }

  /**
   * A chat operation. Checks run in the documented order: `secureKey` present, the chat, the
   * credentials, ended (for operations that post), then the operation's own parameters.
   */
  async operate(
    serviceName: string,
    locator: ChatLocator,
    operation: V2Operation | 'requestNotifications',
    fields: FormFields,
    attacher?: Attacher,
  ): Promise<V2Success> {
    this.service(serviceName)
    const input = new V2Fields(fields)
    const chat = this.findChat(serviceName, locator, input)
    this.watch.touch(chat)
    try {
      return await this.run(chat, operation, input, attacher)
    } catch (error) {
      // Past the credentials every refusal tells the owner whether its chat has ended.
      if (error instanceof V2Error && error.chatEnded === undefined) {
        throw error.withChatEnded(this.hasEnded(chat))
      }
      throw error
    }
  }

  /**
   * Puts the stored chats of open sessions back after a restart (the engine has restored its
   * sessions): the same credentials answer again, and chats the customer is still in are
   * watched for protocol inactivity from now. Bayeux clients attach again with
   * `requestNotifications`.
   */
  restore(): number {
    let restored = 0
    for (const chat of this.options.customers.loadOpenV2Chats()) {
      if (!this.options.services.has(chat.serviceName)) continue
      if (!this.options.engine.getSession(chat.chatId, 'customer')) continue
      this.register(chat)
      restored += 1
      if (!this.hasEnded(chat)) this.watch.watch(chat)
    }
    return restored
  }

  /** Listener of `engine.bus` for the customer role: pushes to attached clients. */
  onSessionUpdate(update: SessionUpdate): void {
    const chat = this.chats.get(update.sessionId)
    if (!chat) return
    for (const clientId of this.clientsOfChat.get(chat) ?? []) this.pushTo(clientId)
    if (this.hasEnded(chat)) this.watch.unwatch(chat)
    // A closed session is never restored: its credentials need not survive a restart.
    if (update.state === 'closed') this.forgetStored(chat)
  }

  /** A Bayeux client is gone: it gets no more pushes. */
  detach(clientId: string): void {
    const attachment = this.attachments.get(clientId)
    if (!attachment) return
    this.attachments.delete(clientId)
    this.clientsOfChat.get(attachment.chat)?.delete(clientId)
  }

  close(): void {
    this.watch.close()
  }

  private async run(
    chat: V2Chat,
    operation: V2Operation | 'requestNotifications',
    input: V2Fields,
    attacher: Attacher | undefined,
  ): Promise<V2Success> {
    // An ended chat refuses what would post before any parameter is read (documented order).
    if (!NOT_POSTING.has(operation) && this.hasEnded(chat)) throw this.endedError(chat)
    const position = input.position()
    // Position rule: k ≥ 1 from index k, 0 none; absent: refresh all, the others none.
    const from = (fallback: MessagesFrom): MessagesFrom =>
      position === undefined ? fallback : position === 0 ? 'none' : position
    switch (operation) {
      case 'refresh':
        return this.answer(chat, from(1))
      case 'requestNotifications':
        // Over CometD 0 means "all", as Genesys documents for this operation.
        return this.answer(chat, position === undefined || position === 0 ? 1 : position, attacher)
      case 'disconnect':
        if (!this.hasEnded(chat)) {
          await unlessGone(() =>
            this.options.engine.leave(chat.chatId, chat.userId, REASON_CODES.leftOnItsOwn),
          )
        }
        this.watch.unwatch(chat)
        return this.answer(chat, from('none'))
      case 'updateData':
        await this.updateData(chat, input)
        return this.answer(chat, from('none'))
      default:
        return this.postOperation(chat, operation, input, from('none'))
    }
  }

  private async postOperation(
    chat: V2Chat,
    operation: Exclude<V2Operation, 'refresh' | 'disconnect' | 'updateData'>,
    input: V2Fields,
    messagesFrom: MessagesFrom,
  ): Promise<V2Success> {
    if (this.hasEnded(chat)) throw this.endedError(chat)
    const content = this.contentOf(operation, input)
    const isPosted = await unlessGone(() => this.post(chat, content))
    if (!isPosted) throw this.endedError(chat)
    return this.answer(chat, messagesFrom)
  }

  /**
   * Merges `userData[...]` into the session's user data (docs/gms.md, "v2 operations"): the
   * merged customer data keeps the per-chat caps (103) and the growth fits the user data held
   * in all (130); either refusal merges nothing. No event: positions do not move.
   */
  private async updateData(chat: V2Chat, input: V2Fields): Promise<void> {
    const changes = input.userData()
    if (Object.keys(changes).length === 0) {
      throw new V2Error(
        V2_CODES.missingParameter,
        'userData is required: at least one userData[key]',
      )
    }
    const session = this.options.engine.getSession(chat.chatId, 'supervisor')
    const current = withoutEngineKeys(session?.userData ?? {})
    const merged = withoutEngineKeys({ ...current, ...changes })
    const problem = userDataProblem(merged)
    if (problem) throw new V2Error(V2_CODES.invalidValue, `userData: ${problem}`)
    const { budget } = this.options
    const growth = Math.max(0, userDataBytes(merged) - userDataBytes(current))
    budget.reserve(growth)
    let isMerged = false
    try {
      isMerged = await unlessGone(async () => {
        await this.options.engine.updateUserData(chat.chatId, changes)
      })
    } finally {
      if (isMerged) budget.holdForSession(chat.chatId, growth)
      else budget.release(growth)
    }
    if (!isMerged) throw this.endedError(chat)
  }

  private contentOf(
    operation: Exclude<V2Operation, 'refresh' | 'disconnect' | 'updateData'>,
    input: V2Fields,
  ): Content {
    switch (operation) {
      case 'send': {
        const messageType = input.messageType()
        return { kind: 'message', text: input.message(), ...(messageType ? { messageType } : {}) }
      }
      case 'startTyping':
        return { kind: 'notice', noticeType: 'TYPING_STARTED', text: input.text('message') ?? '' }
      case 'stopTyping':
        return { kind: 'notice', noticeType: 'TYPING_STOPPED', text: input.text('message') ?? '' }
      case 'customNotice':
        return { kind: 'notice', noticeType: 'USER_CUSTOM', text: input.text('message') ?? '' }
      case 'pushUrl':
        return { kind: 'notice', noticeType: 'USER_PUSHED_URL', text: input.url('pushUrl') }
      case 'updateNickname': {
        const nickname = input.nickname()
        if (nickname === undefined) {
          throw new V2Error(V2_CODES.missingParameter, 'nickname is required and must not be empty')
        }
        return { kind: 'notice', noticeType: 'USER_UPDATE_NICK', text: nickname }
      }
    }
  }

  /** The success object; an attacher gets it as its reply and the pushes from there on. */
  private answer(chat: V2Chat, from: MessagesFrom, attacher?: Attacher): V2Success {
    const summary = this.summaryOf(chat)
    const page = readV2Messages(
      this.options.engine,
      summary,
      from === 'none' ? Number.MAX_SAFE_INTEGER : from,
    )
    const answer = this.success(chat, page.messages, page.nextPosition, summary)
    if (attacher) {
      this.attach(attacher.clientId, chat, page.nextPosition)
      attacher.reply(answer)
    }
    return answer
  }

  private success(
    chat: V2Chat,
    messages: V2Message[],
    nextPosition: number,
    summary: SessionSummary,
  ): V2Success {
    return {
      statusCode: 0,
      chatId: chat.chatId,
      userId: chat.userId,
      secureKey: chat.secureKey,
      alias: chat.alias,
      nextPosition,
      chatEnded: !isCustomerIn(summary, { customerPartyId: chat.userId }),
      messages,
    }
  }

  private attach(clientId: string, chat: V2Chat, nextIndex: number): void {
    this.detach(clientId)
    this.attachments.set(clientId, { chat, nextIndex })
    const clients = this.clientsOfChat.get(chat) ?? new Set()
    clients.add(clientId)
    this.clientsOfChat.set(chat, clients)
  }

  /** The new events since the client's last push, if any: a push is never empty. */
  private pushTo(clientId: string): void {
    const attachment = this.attachments.get(clientId)
    if (!attachment) return
    const { chat } = attachment
    const summary = this.summaryOf(chat)
    const page = readV2Messages(this.options.engine, summary, attachment.nextIndex)
    if (page.messages.length === 0) return
    attachment.nextIndex = page.nextPosition
    this.options.push(
      clientId,
      chat.serviceName,
      this.success(chat, page.messages, page.nextPosition, summary),
    )
  }

  /** Finds the caller's chat and checks its credentials (codes 102, 110, 111). */
  private findChat(serviceName: string, locator: ChatLocator, input: V2Fields): V2Chat {
    const secureKey = input.required('secureKey')
    const chat =
      'chatId' in locator
        ? this.chatOfService(serviceName, locator.chatId)
        : this.chatBySecureKey(serviceName, secureKey)
    const claims: [string, string | undefined, string][] = [
      ['secureKey', secureKey, chat.secureKey],
      ['userId', input.optional('userId'), chat.userId],
      ['alias', input.optional('alias'), chat.alias],
      ['chatId', 'chatId' in locator ? undefined : input.optional('chatId'), chat.chatId],
    ]
    for (const [name, given, expected] of claims) {
      if (given !== undefined && given !== expected) {
        throw new V2Error(
          V2_CODES.credentialsMismatch,
          `${name} does not match chat ${'chatId' in locator ? locator.chatId : ''}`.trim(),
        )
      }
    }
    return chat
  }

  private chatOfService(serviceName: string, chatId: string): V2Chat {
    const chat = this.chats.get(chatId)
    if (chat?.serviceName === serviceName) return chat
    throw new V2Error(
      V2_CODES.unknownChat,
      `No v2 chat ${JSON.stringify(chatId.slice(0, 100))} in service ${serviceName}: request a chat first`,
    )
  }

  private chatBySecureKey(serviceName: string, secureKey: string): V2Chat {
    const chat = this.chatsBySecureKey.get(secureKey)
    if (chat?.serviceName === serviceName) return chat
    throw new V2Error(
      V2_CODES.credentialsMismatch,
      `No chat of service ${serviceName} has that secureKey: request a chat first`,
    )
  }

  private endedError(chat: V2Chat): V2Error {
    return new V2Error(
      V2_CODES.chatEnded,
      `Chat ${chat.chatId} has ended: only refresh and disconnect are possible`,
      true,
    )
  }

  /** True once the customer has left or the session has closed. */
  private hasEnded(chat: V2Chat): boolean {
    return !isCustomerIn(this.summaryOf(chat), { customerPartyId: chat.userId })
  }

  private summaryOf(chat: V2Chat): SessionSummary {
    return customerSummary(this.options.engine, { sessionId: chat.chatId })
  }

  private nicknameFromNames(input: V2Fields): string {
    const firstName = input.text('firstName')
    const lastName = input.text('lastName')
    const nickname = nicknameFromNames(firstName, lastName)
    if (nickname === '') {
      throw new V2Error(
        V2_CODES.missingParameter,
        'nickname is required (or firstName and lastName) and must not be empty',
      )
    }
    return nickname
  }

  private endpointOf(service: ResolvedService, endpoint: string | undefined): string {
    if (endpoint === undefined) return service.chatEndpoint
    const endpoints = this.options.engine.application(service.application).endpoints
    if (endpoints.includes(endpoint)) return endpoint
    throw new V2Error(
      V2_CODES.invalidValue,
      `endpoint ${JSON.stringify(endpoint.slice(0, 100))} is not one of ${service.application}'s endpoints (${endpoints.join(', ')})`,
    )
  }

  /** FirstName, LastName, EmailAddress, Subject and `userData[...]`, within the caps. */
  private requestUserData(input: V2Fields): Record<string, string> {
    const named: [string, string | undefined][] = [
      ['FirstName', input.text('firstName')],
      ['LastName', input.text('lastName')],
      ['EmailAddress', input.text('emailAddress')],
      ['Subject', input.text('subject')],
    ]
    const userData = {
      ...input.userData(),
      ...Object.fromEntries(named.filter((entry): entry is [string, string] => Boolean(entry[1]))),
    }
    const problem = userDataProblem(userData)
    if (problem) throw new V2Error(V2_CODES.invalidValue, `userData: ${problem}`)
    return userData
  }

  private register(chat: V2Chat): void {
    this.chats.set(chat.chatId, chat)
    this.chatsBySecureKey.set(chat.secureKey, chat)
  }

  /** Resolves once stored, or once the failure is logged (the chat goes on either way). */
  private store(chat: V2Chat): Promise<void> {
    return this.options.customers.saveV2Chat({ ...chat }).catch((error: unknown) => {
      // The session exists and the customer is answered: only a restart would lose this chat.
      this.options.logger.error('GMS v2 chat not stored: it will not survive a restart', {
        chatId: chat.chatId,
        error,
      })
    })
  }

  private forgetStored(chat: V2Chat): void {
    this.options.customers.forgetV2Chat(chat.chatId).catch((error: unknown) => {
      this.options.logger.warn('GMS v2 chat not removed from the store', {
        chatId: chat.chatId,
        error,
      })
    })
  }

  private async post(chat: V2Chat, content: Content): Promise<void> {
    await this.options.engine.send(chat.chatId, { partyId: chat.userId, content })
  }

  private onInactive(chat: V2Chat): void {
    this.options.engine
      .leave(chat.chatId, chat.userId, REASON_CODES.protocolInactivity)
      .catch((error: unknown) => {
        if (isGoneError(error)) return
        this.options.logger.error('GMS v2 flex disconnect failed', { chatId: chat.chatId, error })
      })
  }
}

/** The customer's part of a session's user data: without the keys the engine keeps. */
function withoutEngineKeys(userData: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(userData).filter(([key]) => !ENGINE_USER_DATA_KEYS.has(key)),
  )
}
