/**
 * What a strategy module sees (harness.md, "Strategies"). A strategy is a TypeScript or
 * JavaScript module whose default export (or only exported function) is
 *
 * ```ts
 * import type { Strategy } from '../../src-main/harness/strategy-api'
 * const strategy: Strategy = async (interaction, { esp, clock }) => {
 *   await esp.message('An agent will be with you shortly')
 *   await clock.sleep(60_000)
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

/** How a `Message` or `Notice` is posted (esp.md). */
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

/** The second argument of a strategy. */
export interface StrategyContext {
  esp: StrategyEsp
  clock: StrategyClock
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
