/**
 * A scenario's customer: a client of the real GMS API in poll mode (gms.md), over HTTP. It keeps
 * every transcript entry GMS showed it, which is exactly what the customer saw, and polls on the
 * virtual clock as a real client keeps polling, so it is never removed for protocol inactivity
 * while a scenario waits.
 */
import type { Clock, TimerHandle } from '../engine/ports'
import type { FormPoster } from './form-post'
import type { CustomerStep } from './scenario-schema'
import { StepFailure } from './step-failure'
import type { WorkTracker } from './work-tracker'

/** `[type, nickname, text, secondsSinceStartedAt, partyType]`, as GMS sends it. */
export type GmsEntry = [string, string, string, string, string]

type ChatCall = 'send' | 'refresh' | 'startTyping' | 'stopTyping' | 'disconnect'

interface ChatObject {
  chatIxnState: 'TRANSCRIPT' | 'DISCONNECTED'
  chatSessionId: string
  transcriptPosition: number
  transcriptToShow: GmsEntry[]
}

/** What a customer needs: its id, the GMS listener, the clock it polls on. */
export interface CustomerActorOptions {
  id: string
  /** Posts to the GMS listener. */
  gms: FormPoster
  clock: Clock
  tracker: WorkTracker
  /** Virtual ms between two polls; below `flex-disconnect-timeout`. */
  pollMs: number
}

/** One customer of a scenario. */
export class CustomerActor {
  sessionId: string | undefined
  private serviceId: string | undefined
  /** TRANSCRIPT while chatting; GONE once its service expired (GMS answers 404). */
  state: 'NEW' | 'TRANSCRIPT' | 'DISCONNECTED' | 'GONE' = 'NEW'
  private position = 1
  /** Every entry GMS showed this customer, in order. */
  readonly entries: GmsEntry[] = []
  private pollTimer: TimerHandle | undefined
  /**
   * When and why GMS stopped serving this customer (404 to a poll: its service's time to live
   * ended). A real client stops there; the server then removes the customer for protocol
   * inactivity (code 3) once `flex-disconnect-timeout` has passed without a poll.
   */
  gone: { at: number; reason: string } | undefined

  constructor(private readonly options: CustomerActorOptions) {}

  get id(): string {
    return this.options.id
  }

  /** `request-chat`, then `ixn/chat`: the session is created in the service's queue. */
  async start(start: NonNullable<CustomerStep['start']>): Promise<void> {
    if (this.state === 'TRANSCRIPT') {
      throw new StepFailure(`customer ${this.id} is already chatting in ${this.sessionId}`)
    }
    const service = await this.post(`/genesys/1/service/${start.service ?? 'request-chat'}`, {
      ...stringValues(start.data),
      ...(start.ttl === undefined ? {} : { _ttl: String(start.ttl) }),
    })
    const serviceId = (service as { _id?: unknown })._id
    if (typeof serviceId !== 'string') throw new StepFailure('GMS answered no service id')
    this.serviceId = serviceId
    this.position = 1
    const fields = {
      ...stringValues(start.userData),
      ...optional('firstName', start.firstName),
      ...optional('lastName', start.lastName),
      ...optional('userDisplayName', start.nickname),
      ...optional('email', start.email),
      ...optional('subject', start.subject),
    }
    this.record((await this.post(this.chatPath(), fields)) as ChatObject)
    this.schedulePoll()
  }

  say(text: string): Promise<void> {
    return this.call('send', { message: text })
  }

  typing(isTyping: boolean): Promise<void> {
    return this.call(isTyping ? 'startTyping' : 'stopTyping')
  }

  leave(): Promise<void> {
    return this.call('disconnect')
  }

  refresh(): Promise<void> {
    return this.call('refresh')
  }

  /**
   * Polls once now if the chat is open, as a live client would have within seconds, so the
   * entries are what the customer's screen shows at this moment.
   */
  async catchUp(): Promise<void> {
    if (this.state === 'TRANSCRIPT') await this.poll()
  }

  /** The whole customer transcript as GMS serves it now (a refresh from position 1). */
  async freshTranscript(): Promise<GmsEntry[]> {
    const chat = (await this.post(`${this.chatPath()}/refresh`, {
      transcriptPosition: '1',
    })) as ChatObject
    return chat.transcriptToShow
  }

  /** Stops polling (the scenario is over). */
  stop(): void {
    if (this.pollTimer) this.options.clock.clearTimer(this.pollTimer)
    this.pollTimer = undefined
  }

  private async call(call: ChatCall, form: Record<string, string> = {}): Promise<void> {
    const position = { transcriptPosition: String(this.position) }
    const answer = await this.post(`${this.chatPath()}/${call}`, { ...form, ...position })
    this.record(answer as ChatObject)
    // A customer who left (or was disconnected) polls no more: what it saw ends here.
    if (this.state !== 'TRANSCRIPT') this.stop()
  }

  private chatPath(): string {
    if (!this.serviceId) throw new StepFailure(`customer ${this.id} has not started a chat`)
    if (this.gone) {
      throw new StepFailure(
        `customer ${this.id} is gone: ${this.gone.reason}; a real client can no longer send`,
      )
    }
    return `/genesys/1/service/${this.serviceId}/ixn/chat`
  }

  private record(chat: ChatObject): void {
    this.sessionId = chat.chatSessionId
    this.state = chat.chatIxnState
    this.entries.push(...chat.transcriptToShow)
    this.position = Number(chat.transcriptPosition)
  }

  private schedulePoll(): void {
    this.stop()
    if (this.state !== 'TRANSCRIPT') return
    const { clock, tracker, pollMs } = this.options
    this.pollTimer = clock.setTimer(clock.now() + pollMs, () => {
      this.pollTimer = undefined
      tracker.track(`customer ${this.id} poll`, () => this.poll())
    })
  }

  private async poll(): Promise<void> {
    if (this.state !== 'TRANSCRIPT') return
    try {
      await this.refresh()
    } catch (error) {
      // The service's time to live ended: a real client gets 404 too, and stops.
      if (!(error instanceof StepFailure && error.status === 404)) throw error
      this.state = 'GONE'
      this.gone = {
        at: this.options.clock.now(),
        reason: 'GMS answered its poll with 404 (its service is gone: its time to live ended)',
      }
    }
    this.schedulePoll()
  }

  private async post(path: string, form: Record<string, string>): Promise<unknown> {
    const { status, body } = await this.options.gms.post(path, form)
    if (status === 200) return body
    const { message, exception } = (body ?? {}) as { message?: string; exception?: string }
    throw new StepFailure(
      `GMS refused ${path.split('/').pop()} with ${status}: ${message ?? '?'} (${exception ?? '?'})`,
      [],
      status,
    )
  }
}

function stringValues(
  values: Record<string, string | number | boolean> | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([key, value]) => [key, String(value)]),
  )
}

function optional(key: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [key]: value }
}
