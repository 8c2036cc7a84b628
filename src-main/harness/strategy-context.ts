/**
 * The context one strategy invocation runs with: an ESP client bound to its interaction and a
 * clock it may sleep on. Both keep count of what the invocation waits for, so the harness knows
 * when a strategy is parked on the (virtual) clock and time may move on.
 */
import type { Clock, TimerHandle } from '../engine/ports'
import type { EspAnswer, EspClient, EspParameterValues, EspResponse } from './esp-client'
import {
  StrategyFaultError,
  type SendOptions,
  type StrategyClock,
  type StrategyEsp,
  type StrategyInteraction,
} from './strategy-api'

/**
 * What one invocation is doing. It is busy until it finishes, except while it only waits for the
 * clock: a sleep pending and no ESP request in flight.
 */
export class Invocation {
  sleeps = 0
  requests = 0
  isDone = false

  constructor(private readonly onChange: () => void) {}

  get isBusy(): boolean {
    return !this.isDone && (this.requests > 0 || this.sleeps === 0)
  }

  update(change: () => void): void {
    change()
    this.onChange()
  }
}

/** Timers of sleeping strategies, so closing the runner drops them all. */
export class SleepTimers {
  private readonly handles = new Set<TimerHandle>()

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.clock.now()
  }

  /** Calls `callback` at `time` unless cancelled first; returns the cancel function. */
  set(time: number, callback: () => void): () => void {
    const handle = this.clock.setTimer(time, () => {
      this.handles.delete(handle)
      callback()
    })
    this.handles.add(handle)
    return () => {
      if (this.handles.delete(handle)) this.clock.clearTimer(handle)
    }
  }

  sleepUntil(invocation: Invocation, time: number): Promise<void> {
    if (time <= this.clock.now()) return Promise.resolve()
    return new Promise((resolve) => {
      invocation.update(() => (invocation.sleeps += 1))
      const handle = this.clock.setTimer(time, () => {
        this.handles.delete(handle)
        invocation.update(() => (invocation.sleeps -= 1))
        resolve()
      })
      this.handles.add(handle)
    })
  }

  /** Pending sleeps never resolve: the server is going away with their sessions. */
  clear(): void {
    for (const handle of this.handles) this.clock.clearTimer(handle)
    this.handles.clear()
  }
}

/** The clock of one invocation: sleeps are counted so the harness knows it waits. */
export function strategyClock(
  clock: Clock,
  timers: SleepTimers,
  invocation: Invocation,
): StrategyClock {
  return {
    now: () => clock.now(),
    sleep: (milliseconds) => timers.sleepUntil(invocation, clock.now() + Math.max(0, milliseconds)),
    sleepUntil: (time) => timers.sleepUntil(invocation, time),
  }
}

function sendParameters(options: SendOptions | undefined): EspParameterValues {
  return {
    ...(options?.visibility === undefined ? {} : { Visibility: options.visibility }),
    ...(options?.nickname === undefined ? {} : { Nickname: options.nickname }),
    ...(options?.messageType === undefined ? {} : { MessageType: options.messageType }),
  }
}

type Request = StrategyEsp['request']

/** Records a request, its answer or why it got none; `undefined` when nobody listens. */
export type RequestTracer = (
  record:
    | { kind: 'request'; method: string; parameters: EspParameterValues }
    | { kind: 'answer'; method: string; answer: EspAnswer }
    | { kind: 'unreachable'; method: string; error: string },
) => void

/** Requests carrying the interaction's id, application and user data, counted as in flight. */
function interactionRequest(
  client: EspClient,
  interaction: StrategyInteraction,
  invocation: Invocation,
  trace: RequestTracer | undefined,
): Request {
  return async (method, parameters = {}) => {
    invocation.update(() => (invocation.requests += 1))
    trace?.({ kind: 'request', method, parameters })
    try {
      const answer = await client.request({
        method,
        interactionId: interaction.id,
        application: interaction.application,
        parameters,
        userData: { ...interaction.userData },
      })
      trace?.({ kind: 'answer', method, answer })
      return answer
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error)
      trace?.({ kind: 'unreachable', method, error: text })
      throw error
    } finally {
      invocation.update(() => (invocation.requests -= 1))
    }
  }
}

/** A request whose fault is thrown, with the strategy's own call site (StrategyFaultError). */
function expectingResponse(request: Request, sessionId: string) {
  return async (method: string, parameters: EspParameterValues): Promise<EspResponse> => {
    // Taken now, while the strategy's own frame is on the stack.
    const callSite = new Error()
    const answer = await request(method, parameters)
    if (answer.event === 'Event3rdServerFault') {
      throw new StrategyFaultError(method, answer.fault, sessionId, callSite)
    }
    return answer
  }
}

/** The ESP client of one interaction: its id, application and user data go with each request. */
export function strategyEsp(
  client: EspClient,
  interaction: StrategyInteraction,
  invocation: Invocation,
  trace?: RequestTracer,
): StrategyEsp {
  const request = interactionRequest(client, interaction, invocation, trace)
  const send = expectingResponse(request, interaction.id)
  return {
    request,
    message: (text, options) => send('Message', { MessageText: text, ...sendParameters(options) }),
    notice: (type, text, options) =>
      send('Notice', {
        NoticeType: type,
        ...(text === undefined ? {} : { NoticeText: text }),
        ...sendParameters(options),
      }),
    idleControl: (settings) => send('IdleControlConfigure', settings),
    setLanguage: ({ code, name }) =>
      send('ConfigureSession', {
        ...(code === undefined ? {} : { GCTI_LanguageCode: code }),
        ...(name === undefined ? {} : { GCTI_LanguageName: name }),
      }),
  }
}
