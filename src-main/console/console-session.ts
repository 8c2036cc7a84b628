/**
 * One console window (a browser tab or an Electron window): its signed-in user, its pushes and
 * its test customer. Every call passes three checks before it reaches the engine, in this order:
 * the method exists, the caller's role may call it, the params match its schema.
 */
import { CONSOLE_METHODS } from '../../src-shared/console-api-schemas'
import {
  isAllowedFor,
  isConsoleMethodName,
  type ConsoleMethodName,
  type ConsoleReply,
  type ConsoleUser,
  type SignInResult,
} from '../../src-shared/console-api'
import type { ChatEngine } from '../engine/chat-engine'
import type { Clock, Logger } from '../engine/ports'
import { ACTION_HANDLERS } from './action-handlers'
import type { ConsoleContext, ConsoleHandlers } from './console-context'
import { ConsoleApiError, invalidParams, toConsoleError } from './console-errors'
import { dashboardHandlers } from './dashboard-handlers'
import type { DashboardFeed } from './dashboard-feed'
import { diagnosticHandlers } from './diagnostic-handlers'
import { handoverHandlers } from './handover-handlers'
import type { EspSender } from './esp-sender'
import { ConsolePushFeed, type PushListener } from './console-pushes'
import type { GmsClient } from './gms-client'
import { raisedHandHandlers } from './raised-hand-handlers'
import type { RaisedHands } from './raised-hands'
import { READ_HANDLERS } from './read-handlers'
import { standardResponseHandlers } from './standard-response-handlers'
import type { SignedInUsers } from './signed-in-users'
import { SUPERVISOR_HANDLERS } from './supervisor-handlers'
import { RECORD_HANDLERS } from './record-handler'
import { TestCustomer, testCustomerHandlers } from './test-customer'

type SignedInMethodName = Exclude<ConsoleMethodName, 'listUsers' | 'signIn'>

/** What every window of one console service shares. */
export interface ConsoleSessionDeps {
  engine: ChatEngine
  users: ReadonlyMap<string, ConsoleUser>
  clock: Pick<Clock, 'now'>
  logger: Logger
  gms: GmsClient | undefined
  /** The ESP composer's way to the ESP endpoint; absent: `espSend` fails with `esp-unavailable`. */
  esp?: EspSender | undefined
  /** The supervisor dashboard's pushes; absent: `dashboard.subscribe` fails. */
  dashboard?: DashboardFeed | undefined
  /** Who is signed in where, for the dashboard. */
  presence?: SignedInUsers | undefined
  /** The floor's raised hands, shared by every window. */
  hands: RaisedHands
  /** `<data-dir>/standard-responses.yaml`; absent: no standard responses. */
  standardResponsesFile?: string | undefined
}

/** One signed-in (or not yet signed-in) console window. */
export class ConsoleSession {
  private signedInUser: ConsoleUser | undefined
  private readonly feed: ConsolePushFeed
  private readonly testCustomer: TestCustomer
  private readonly handlers: ConsoleHandlers<SignedInMethodName>
  private closing: Promise<void> | undefined
  private readonly unsubscribeHands: () => void
  private lastHandsSeen = '[]'

  constructor(private readonly deps: ConsoleSessionDeps) {
    this.feed = new ConsolePushFeed(deps.engine, deps.logger)
    this.testCustomer = new TestCustomer(deps.gms)
    this.handlers = {
      ...READ_HANDLERS,
      ...ACTION_HANDLERS,
      ...SUPERVISOR_HANDLERS,
      ...RECORD_HANDLERS,
      ...testCustomerHandlers(this.testCustomer),
      ...diagnosticHandlers(deps.esp, [...deps.users.values()]),
      ...dashboardHandlers({ emit: (push) => this.emitDashboard(push) }, deps.dashboard),
      ...raisedHandHandlers(deps.hands),
      ...standardResponseHandlers(deps.standardResponsesFile),
      ...handoverHandlers({ users: deps.users, presence: deps.presence }),
    }
    this.unsubscribeHands = deps.hands.onChange(() => this.emitRaisedHands())
  }

  /** The signed-in user, if any. */
  get user(): ConsoleUser | undefined {
    return this.signedInUser
  }

  /**
   * Runs one call. Never throws: a refused or failed call resolves to `{ error }` with a code
   * and a sentence.
   */
  async call(method: string, params: unknown): Promise<ConsoleReply> {
    try {
      return { result: await this.dispatch(method, params ?? {}) } as ConsoleReply
    } catch (error) {
      return { error: toConsoleError(error, method, this.deps.logger) }
    }
  }

  /** Pushes for this window's user, filtered for its role; returns the unsubscribe function. */
  subscribe(listener: PushListener): () => void {
    return this.feed.add(listener)
  }

  /** The window is gone: stop its pushes, and let its test customer leave. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.deps.dashboard?.unsubscribe(this)
      this.deps.presence?.set(this, undefined)
      this.unsubscribeHands()
      this.feed.close()
      await this.testCustomer.dispose().catch((error: unknown) => {
        this.deps.logger.warn('the test customer could not leave', { error })
      })
    })()
    return this.closing
  }

  private async dispatch(method: string, params: unknown): Promise<unknown> {
    if (!isConsoleMethodName(method)) {
      throw new ConsoleApiError('unknown-method', `There is no console method ${method}`)
    }
    const context = this.authorize(method)
    const parsed = CONSOLE_METHODS[method].params.safeParse(params)
    if (!parsed.success) throw invalidParams(parsed.error)
    if (method === 'listUsers') return { users: [...this.deps.users.values()] }
    if (method === 'signIn') return this.signIn((parsed.data as { userId: string }).userId)
    // Safe: `parsed.data` passed the schema of this very method, which types its handler.
    const handler = this.handlers[method] as (
      context: ConsoleContext,
      params: unknown,
    ) => Promise<unknown> | unknown
    return handler(context as ConsoleContext, parsed.data)
  }

  /** The caller's context, if its role may call `method`; methods open to anyone get none. */
  private authorize(method: ConsoleMethodName): ConsoleContext | undefined {
    if (CONSOLE_METHODS[method].roles === 'anyone') return undefined
    const user = this.signedInUser
    if (!user) throw new ConsoleApiError('not-signed-in', `Sign in before calling ${method}`)
    if (!isAllowedFor(method, user.role)) {
      const roles = CONSOLE_METHODS[method].roles
      throw new ConsoleApiError(
        'forbidden',
        `${method} is for ${Array.isArray(roles) ? roles.join(' and ') : roles}s only; ${user.name} is ${article(user.role)} ${user.role}`,
      )
    }
    const { engine, clock, logger } = this.deps
    return { engine, clock, logger, user }
  }

  private signIn(userId: string): SignInResult {
    const user = this.deps.users.get(userId)
    if (!user) throw new ConsoleApiError('unknown-user', `No console user ${userId}`, 'userId')
    this.signedInUser = user
    this.feed.setUser(user)
    // A window that signs in again as an agent must hear no more of the dashboard.
    if (user.role !== 'supervisor') this.deps.dashboard?.unsubscribe(this)
    this.deps.presence?.set(this, user)
    this.lastHandsSeen = JSON.stringify(this.deps.hands.visibleTo(user))
    return { user }
  }

  /** The hands this window's user may see, after every change to any of them. */
  private emitRaisedHands(): void {
    const user = this.signedInUser
    if (!user) return
    const hands = this.deps.hands.visibleTo(user)
    // Another agent's hand must not even wake this window: only changes to what it sees.
    const seen = JSON.stringify(hands)
    if (seen === this.lastHandsSeen) return
    this.lastHandsSeen = seen
    this.feed.emit({ push: 'raised-hands', hands })
  }

  /** Dashboard pushes reach this window only while a supervisor is signed in to it. */
  private emitDashboard(push: Parameters<ConsolePushFeed['emit']>[0]): void {
    if (this.signedInUser?.role === 'supervisor') this.feed.emit(push)
  }
}

const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a')
