import { randomBytes } from 'node:crypto'
import { REASON_CODES, type UserNoticeType } from '../../src-shared/domain'
import type { ChatEngine, Content } from '../engine/chat-engine'
import {
  customerSummary,
  isCustomerIn,
  readChatObject,
  type ChatObject,
  type TranscriptStart,
} from './chat-object'
import type { FormFields } from './form-input'
import { chatDisconnected, chatNotStarted, invalidValue } from './gms-errors'
import {
  chatCallFields,
  parseFields,
  refreshFields,
  sendFields,
  START_CHAT_KEYS,
  startChatFields,
} from './gms-fields'
import type { GmsChat, GmsRegistry, GmsService } from './gms-registry'
import { PollAnswers, type JsonAnswer } from './poll-answers'
import { GMS_USER_HEADER } from './gms-user'
import {
  nicknameFromNames,
  nicknameProblem,
  unlessGone,
  userDataProblem,
  userDataTooLarge,
} from './customer-rules'
import type { UserDataBudget } from './user-data-budget'

type StartChatParams = ReturnType<typeof startChatFields.parse>

/** What a chat needs once it exists: inactivity watching and, for comet chats, delivery. */
export interface ChatLifecycle {
  /** Resolves once the chat is stored, before the customer is answered. */
  onChatStarted(service: GmsService, chat: GmsChat): Promise<void>
  onCustomerLeft(chat: GmsChat): void
}

/**
 * The chat calls of docs/gms.md: start, send, refresh, start/stop typing and disconnect. Input arrives
 * as form fields and passes a schema before anything reaches the engine.
 */
export class ChatCalls {
  private readonly polls = new PollAnswers()

  constructor(
    private readonly engine: ChatEngine,
    private readonly registry: GmsRegistry,
    private readonly lifecycle: ChatLifecycle,
    private readonly budget: UserDataBudget,
  ) {}

  /** Starts the chat, or returns the one the service already has (docs/gms.md, "Start chat"). */
  async start(
    service: GmsService,
    fields: FormFields,
    gmsUser: string | undefined,
  ): Promise<ChatObject> {
    const params = parseFields(startChatFields, fields)
    if (params.notify_by === 'comet' && gmsUser === undefined) {
      throw invalidValue(GMS_USER_HEADER, 'the header is required with notify_by=comet')
    }
    const chat = service.chat ?? (await this.startOnce(service, params, fields, gmsUser))
    return readChatObject(this.engine, chat, 1, params._verbose)
  }

  async send(service: GmsService, fields: FormFields): Promise<ChatObject> {
    const params = parseFields(sendFields, fields)
    const content: Content = { kind: 'message', text: params.message }
    return this.onChat(service, params.transcriptPosition ?? 'end', params._verbose, (chat) =>
      this.post(chat, content),
    )
  }

  /** The transcript from `transcriptPosition` (default 1), after sending `message` if given. */
  async refresh(service: GmsService, fields: FormFields): Promise<ChatObject | JsonAnswer> {
    const params = parseFields(refreshFields, fields)
    const text = params.message ?? ''
    if (text === '') return this.poll(service, params.transcriptPosition, params._verbose)
    return this.onChat(service, params.transcriptPosition, params._verbose, (chat) =>
      this.post(chat, { kind: 'message', text }),
    )
  }

  /** Listener of the customer bus: a chat whose view changed gets its next poll answer anew. */
  onSessionUpdate(update: { sessionId: string }): void {
    const chat = this.registry.chatOfSession(update.sessionId)
    if (chat) this.polls.forget(chat)
  }

  async typing(
    service: GmsService,
    fields: FormFields,
    noticeType: Extract<UserNoticeType, 'TYPING_STARTED' | 'TYPING_STOPPED'>,
  ): Promise<ChatObject> {
    const params = parseFields(chatCallFields, fields)
    const content: Content = { kind: 'notice', noticeType, text: params.message ?? '' }
    return this.onChat(service, params.transcriptPosition ?? 'end', params._verbose, (chat) =>
      this.post(chat, content),
    )
  }

  /** The customer leaves on its own (reason code 0). */
  async disconnect(service: GmsService, fields: FormFields): Promise<ChatObject> {
    const params = parseFields(chatCallFields, fields)
    return this.onChat(
      service,
      params.transcriptPosition ?? 'end',
      params._verbose,
      async (chat) => {
        await this.engine.leave(chat.sessionId, chat.customerPartyId, REASON_CODES.leftOnItsOwn)
        this.lifecycle.onCustomerLeft(chat)
      },
    )
  }

  /**
   * Runs a call on the service's chat. On a finished chat (session closed or customer gone) the
   * action is skipped, so no new event is ever added, and the answer is the DISCONNECTED chat,
   * or 400 when the service is configured so (docs/gms.md, "Chat calls").
   */
  private async onChat(
    service: GmsService,
    start: TranscriptStart,
    isVerbose: boolean,
    action: (chat: GmsChat) => Promise<void>,
  ): Promise<ChatObject> {
    const chat = chatOf(service)
    const isFinished =
      !isCustomerIn(customerSummary(this.engine, chat), chat) || !(await this.perform(chat, action))
    refuseIfFinished(service, chat, isFinished)
    return readChatObject(this.engine, chat, start, isVerbose)
  }

  /**
   * A refresh without a message changes nothing: while the customer's view is as it was, the
   * answer is the one given before (`PollAnswers`), already serialized.
   */
  private poll(service: GmsService, start: TranscriptStart, isVerbose: boolean): JsonAnswer {
    const chat = chatOf(service)
    const key = { start, isVerbose }
    const kept = this.polls.find(chat, key)
    if (kept) {
      refuseIfFinished(service, chat, !kept.isCustomerIn)
      return kept.answer
    }
    const summary = customerSummary(this.engine, chat)
    refuseIfFinished(service, chat, !isCustomerIn(summary, chat))
    return this.polls.keep(chat, key, readChatObject(this.engine, chat, start, isVerbose, summary))
  }

  /**
   * False when the session closed, or the customer was removed, between the check and the
   * action (an agent closing at the same moment): that is a finished chat, not a failure.
   */
  private perform(chat: GmsChat, action: (chat: GmsChat) => Promise<void>) {
    return unlessGone(() => action(chat))
  }

  private async post(chat: GmsChat, content: Content): Promise<void> {
    await this.engine.send(chat.sessionId, { partyId: chat.customerPartyId, content })
  }

  /** Concurrent start-chat calls on one service share one creation. */
  private startOnce(
    service: GmsService,
    params: StartChatParams,
    fields: FormFields,
    gmsUser: string | undefined,
  ): Promise<GmsChat> {
    service.starting ??= this.createChat(service, params, fields, gmsUser).finally(() => {
      service.starting = undefined
    })
    return service.starting
  }

  private async createChat(
    service: GmsService,
    params: StartChatParams,
    fields: FormFields,
    gmsUser: string | undefined,
  ): Promise<GmsChat> {
    const userData = userDataOf(service, params, fields)
    const problem = userDataProblem(userData)
    if (problem) throw userDataTooLarge(problem)
    const customerNickname = nicknameOf(params)
    // The service's business data is part of the chat's user data: its bytes are handed over.
    const held = service.heldBytes
    service.heldBytes = 0
    const created = this.budget.forNewSession(
      userData,
      () =>
        this.engine.createSession({
          application: service.settings.application,
          endpoint: service.settings.chatEndpoint,
          userData,
          customerNickname,
        }),
      held,
    )
    const { sessionId, customerPartyId } = await created.catch((error: unknown) => {
      if (this.registry.hasService(service.serviceId)) service.heldBytes = held
      else this.budget.release(held)
      throw error
    })
    const isComet = params.notify_by === 'comet'
    const chat: GmsChat = {
      serviceId: service.serviceId,
      sessionId,
      customerPartyId,
      secureKey: randomBytes(8).toString('hex'),
      gmsUser,
      isComet,
      subscriptionId: params.subscriptionID,
      clientTimeZoneOffset: params.clientTimeZoneOffset ?? 0,
      notifiedPosition: 1,
      notificationCount: 0,
    }
    this.registry.attachChat(service, chat)
    await this.lifecycle.onChatStarted(service, chat)
    return chat
  }
}

/**
 * `userDisplayName` (1–64 characters, no control characters; a blank one falls back), else
 * `firstName lastName` cut to 64 characters, else `Customer` (docs/gms.md).
 */
function nicknameOf(params: StartChatParams): string {
  const displayName = params.userDisplayName
  if (displayName !== undefined && displayName.trim() !== '') {
    const problem = nicknameProblem(displayName)
    if (problem) throw invalidValue('userDisplayName', problem)
    return displayName.trim()
  }
  return nicknameFromNames(params.firstName, params.lastName) || 'Customer'
}

/** Business data, then the call's further keys, then the customer's own fields. */
function userDataOf(
  service: GmsService,
  params: StartChatParams,
  fields: FormFields,
): Record<string, string> {
  const further = [...fields].filter(([key]) => !START_CHAT_KEYS.has(key))
  const customer: [string, string | undefined][] = [
    ['FirstName', params.firstName],
    ['LastName', params.lastName],
    ['EmailAddress', params.email],
    ['Subject', params.subject],
  ]
  return Object.fromEntries([
    ...Object.entries(service.businessData),
    ...further,
    ...customer.filter((entry): entry is [string, string] => Boolean(entry[1])),
  ])
}

function chatOf(service: GmsService): GmsChat {
  if (!service.chat) throw chatNotStarted(service.serviceId)
  return service.chat
}

/** A finished chat answers DISCONNECTED, or 400 where the service is configured so. */
function refuseIfFinished(service: GmsService, chat: GmsChat, isFinished: boolean): void {
  if (isFinished && service.settings.chat400OnDisconnected) throw chatDisconnected(chat.sessionId)
}
