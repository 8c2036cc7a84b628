/**
 * What a strategy module sees (docs/harness.md, "Strategies"). A strategy is a TypeScript or
 * JavaScript module whose default export (or only exported function) is
 *
 * ```ts
 * import type { Strategy } from '../../src-main/harness/strategy-api'
 * const strategy: Strategy = async (interaction, { esp, clock, events }) => {
 *   await esp.message('An agent will be with you shortly')
 *   const reply = await events.next({ type: 'message', from: 'CLIENT' }, { timeout: 60_000 })
 *   if (!reply) await esp.message('Still there?')
 * }
 * export default strategy
 * ```
 *
 * It runs once per new interaction at the endpoint it is attached to, and speaks to the session
 * only through the real ESP endpoint, so what passes in the harness passes against the app.
 */
import type { EspAnswer, EspParameterValues, EspResponse } from './esp-client'
import type { Fault } from '../esp/esp-faults'

export type { EspAnswer, EspParameterValues, EspResponse } from './esp-client'
export type { Fault } from '../esp/esp-faults'

/** The new interaction, as a routing strategy receives it. */
export interface StrategyInteraction {
  /** The session (interaction) id. */
  id: string
  /** The endpoint (queue) it was submitted to. */
  endpoint: string
  /** Its Chat Server application, also in `userData.ChatServerAppName`. */
  application: string
  /**
   * The interaction's user data when it arrived: `IsOnline`, `ChatServerAppName`,
   * `GCTI_LanguageCode`, `GCTI_LanguageName` and the customer's business data.
   */
  userData: Readonly<Record<string, string>>
}

/** How a `Message` or `Notice` is posted (docs/esp.md). */
export interface SendOptions {
  visibility?: 'ALL' | 'INT' | 'VIP'
  /** The EXTERNAL party's nickname; default `system`. */
  nickname?: string
  /** `Message` only: carried with the message untouched. */
  messageType?: string
}

/**
 * The ESP client bound to this interaction: each request carries its id, its application and its
 * user data, as an External Service block does with "Don't send user data" unchecked.
 */
export interface StrategyEsp {
  /** Any request; resolves to the answer, response or fault. Rejects only when unreachable. */
  request(method: string, parameters?: EspParameterValues): Promise<EspAnswer>
  /** `Message`; throws a {@link StrategyFaultError} on a fault. */
  message(text: string, options?: SendOptions): Promise<EspResponse>
  /** `Notice` (`USER_PUSHED_URL` needs an http(s) URL as text); throws on a fault. */
  notice(
    type: 'USER_PUSHED_URL' | 'USER_CUSTOM',
    text?: string,
    options?: Omit<SendOptions, 'messageType'>,
  ): Promise<EspResponse>
  /** `IdleControlConfigure` with wire keys (`timeout-alert`: 60); throws on a fault. */
  idleControl(settings: EspParameterValues): Promise<EspResponse>
  /** `ConfigureSession`: a language by code or by name; throws on a fault. */
  setLanguage(language: { code?: string; name?: string }): Promise<EspResponse>
}

/** Time as the engine keeps it: virtual in the harness, the wall clock under `serve`. */
export interface StrategyClock {
  /** UTC milliseconds. */
  now(): number
  /** Resolves once the clock has moved `milliseconds` on. */
  sleep(milliseconds: number): Promise<void>
  /** Resolves once the clock reaches `time` (UTC ms); at once if it already has. */
  sleepUntil(time: number): Promise<void>
}

/** A party of the session, as events name it. */
export interface StrategyParty {
  partyId: string
  nickname: string
  /** `CLIENT` (the customer), `AGENT`, `SUPERVISOR`, `EXTERNAL` (a workflow), `SYSTEM`. */
  type: 'CLIENT' | 'AGENT' | 'SUPERVISOR' | 'EXTERNAL' | 'SYSTEM'
}

/** What every event of the feed carries. */
interface StrategyEventBase {
  /** The session-wide event number (docs/sessions.md). */
  eventId: number
  /** UTC milliseconds, on the engine's clock. */
  time: number
  /** Whole seconds since the session started. */
  at: number
  visibility: 'ALL' | 'INT' | 'VIP'
}

/** Someone joined: the customer first, then agents, supervisors, workflows. */
export interface StrategyJoinedEvent extends StrategyEventBase {
  type: 'joined'
  party: StrategyParty
}
/** Someone left; `reasonCode` as docs/sessions.md lists them (0 on its own, 3, 4, 5, 7). */
export interface StrategyLeftEvent extends StrategyEventBase {
  type: 'left'
  party: StrategyParty
  reasonCode: number
  reason: string
}
/** A message from the customer, an agent, a supervisor, a workflow (this one too) or the server. */
export interface StrategyMessageEvent extends StrategyEventBase {
  type: 'message'
  from: StrategyParty
  text: string
  messageType?: string
}
/** A party started or stopped typing. */
export interface StrategyTypingEvent extends StrategyEventBase {
  type: 'typing'
  party: StrategyParty
  isTyping: boolean
}
/** The server's idle alert (the first or the second). */
export interface StrategyIdleAlertEvent extends StrategyEventBase {
  type: 'idle-alert'
  text: string
}
/** Any other notice: a pushed URL, a custom notice, idle settings or language changed, ... */
export interface StrategyNoticeEvent extends StrategyEventBase {
  type: 'notice'
  party: StrategyParty
  noticeType: string
  text: string
}
/** The session closed; nothing follows. */
export interface StrategyClosedEvent extends StrategyEventBase {
  type: 'closed'
  reason: 'customer-left' | 'agent-closed' | 'idle' | 'ttl'
}

/** One thing that happened in the strategy's session. */
export type StrategyEvent =
  | StrategyJoinedEvent
  | StrategyLeftEvent
  | StrategyMessageEvent
  | StrategyTypingEvent
  | StrategyIdleAlertEvent
  | StrategyNoticeEvent
  | StrategyClosedEvent

/** `message`, `joined`, `left`, `typing`, `idle-alert`, `notice`, `closed`. */
export type StrategyEventType = StrategyEvent['type']

/** The event of type `T`. */
export type StrategyEventOf<T extends StrategyEventType> = Extract<StrategyEvent, { type: T }>

/**
 * Which events to wait for or hear: a type, several, or fields they must have (`from` is the
 * sending party's type: `{ type: 'message', from: 'CLIENT' }` is the customer's next message).
 */
export type StrategyEventFilter<T extends StrategyEventType = StrategyEventType> =
  | T
  | readonly T[]
  | { type?: T | readonly T[]; from?: StrategyParty['type']; text?: string | RegExp }

/**
 * The session as the strategy's workflow party sees it: every event, whatever its visibility
 * (an EXTERNAL party may post ALL, INT and VIP, docs/sessions.md), from the customer's join on,
 * in order. Events queue up while the strategy is busy, so none is missed.
 */
export interface StrategyEvents {
  /**
   * The next event not yet taken that matches `filter` (events before it are passed over),
   * waiting on the clock. Resolves to `undefined` after `timeout` ms, or once the session has
   * closed with no match left.
   */
  next<T extends StrategyEventType = StrategyEventType>(
    filter?: StrategyEventFilter<T>,
    options?: { timeout?: number },
  ): Promise<StrategyEventOf<T> | undefined>
  /**
   * Calls `handler` with each event from now on that matches `filter`, while the strategy runs
   * (a strategy that should keep listening awaits `next('closed')` last). Returns the
   * unsubscribe function.
   */
  on<T extends StrategyEventType = StrategyEventType>(
    filter: StrategyEventFilter<T> | '*',
    handler: (event: StrategyEventOf<T>) => void,
  ): () => void
  /** Every event so far, in order. */
  readonly all: readonly StrategyEvent[]
}

/** The second argument of a strategy. */
export interface StrategyContext {
  esp: StrategyEsp
  clock: StrategyClock
  /** The chat as it happens: `await events.next({ type: 'message', from: 'CLIENT' })`. */
  events: StrategyEvents
  /** The interaction's user data now (IsOnline turns "0" once the chat closed). */
  currentUserData(): Readonly<Record<string, string>>
  /** A line in the server's log (and the harness' report), tagged with strategy and session. */
  log(message: string, fields?: Record<string, unknown>): void
}

/** The function a strategy module exports. */
export type Strategy = (
  interaction: StrategyInteraction,
  context: StrategyContext,
) => Promise<void> | void

/** An ESP request the strategy expected to succeed was answered with a fault. */
export class StrategyFaultError extends Error {
  override readonly name = 'StrategyFaultError'
  constructor(
    readonly method: string,
    readonly fault: Fault,
    /** The interaction the request was about. */
    readonly sessionId?: string,
    /**
     * The stack where the strategy made the call: the answer arrives later, on a stack that no
     * longer shows the strategy's line, and a forgotten `await` leaves only this to go by.
     */
    callSite?: Error,
  ) {
    const parameter = fault.parameter === undefined ? '' : ` (${fault.parameter})`
    super(`${method} was answered with fault ${fault.code}${parameter}: ${fault.text}`)
    const frames = callSite?.stack?.split('\n').slice(1)
    if (frames) this.stack = [`${this.name}: ${this.message}`, ...frames].join('\n')
  }
}
