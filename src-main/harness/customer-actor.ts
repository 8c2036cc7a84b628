/**
 * A scenario's customer: a client of the real GMS API over HTTP, v1 or v2, polling or over
 * CometD (`customer-protocols.ts`). It keeps every transcript entry GMS showed it, which is
 * exactly what the customer saw, and a polling customer polls on the virtual clock as a real
 * client keeps polling, so it is never removed for protocol inactivity while a scenario waits.
 */
import { randomUUID } from 'node:crypto'
import type { Clock, TimerHandle } from '../engine/ports'
import { BayeuxClient } from '../gms/clients/bayeux-client'
import {
  optional,
  postToGms,
  stringValues,
  V2CometdProtocol,
  V2PollProtocol,
  type ChatCall,
  type ChatPage,
  type CustomerProtocol,
  type CustomerStart,
  type GmsEntry,
} from './customer-protocols'
import type { FormPoster } from './form-post'
import { StepFailure } from './step-failure'
import type { WorkTracker } from './work-tracker'

export type { GmsEntry } from './customer-protocols'

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
  /** TRANSCRIPT while chatting; GONE once its service expired (GMS answers 404). */
  state: 'NEW' | 'TRANSCRIPT' | 'DISCONNECTED' | 'GONE' = 'NEW'
  /** Every entry GMS showed this customer, in order. */
  readonly entries: GmsEntry[] = []
  private pollTimer: TimerHandle | undefined
  private protocol: CustomerProtocol | undefined
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

  /** Requests the chat over the start's `api` and `delivery` (default v1 polling). */
  async start(start: CustomerStart): Promise<void> {
    if (this.state === 'TRANSCRIPT') {
      throw new StepFailure(`customer ${this.id} is already chatting in ${this.sessionId}`)
    }
    this.protocol?.close()
    this.protocol = protocolFor(start, this.options.gms)
    this.record(await this.protocol.start(start))
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
   * Reads once now if the chat is open, as a live client would have within seconds, so the
   * entries are what the customer's screen shows at this moment.
   */
  async catchUp(): Promise<void> {
    if (this.state === 'TRANSCRIPT') await this.poll()
  }

  /** The whole customer transcript as GMS serves it now (from the first entry). */
  freshTranscript(): Promise<GmsEntry[]> {
    return this.started().freshTranscript()
  }

  /** Stops polling and CometD (the scenario is over). */
  stop(): void {
    this.stopPolling()
    this.protocol?.close()
  }

  private stopPolling(): void {
    if (this.pollTimer) this.options.clock.clearTimer(this.pollTimer)
    this.pollTimer = undefined
  }

  private async call(call: ChatCall, form: Record<string, string> = {}): Promise<void> {
    this.record(await this.started().call(call, form))
    // A customer who left (or was disconnected) polls no more: what it saw ends here.
    if (this.state !== 'TRANSCRIPT') this.stopPolling()
  }

  private started(): CustomerProtocol {
    if (!this.protocol) throw new StepFailure(`customer ${this.id} has not started a chat`)
    if (this.gone) {
      throw new StepFailure(
        `customer ${this.id} is gone: ${this.gone.reason}; a real client can no longer send`,
      )
    }
    return this.protocol
  }

  private record(page: ChatPage): void {
    this.sessionId = page.sessionId
    this.state = page.state
    this.entries.push(...page.entries)
  }

  private schedulePoll(): void {
    this.stopPolling()
    if (this.state !== 'TRANSCRIPT' || !this.protocol?.isPolling) return
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
}

function protocolFor(start: CustomerStart, gms: FormPoster): CustomerProtocol {
  const api = start.api ?? 'v1'
  const delivery = start.delivery ?? 'poll'
  if (api === 'v2') return delivery === 'poll' ? new V2PollProtocol(gms) : new V2CometdProtocol(gms)
  return delivery === 'cometd' ? new V1CometProtocol(gms) : new V1PollProtocol(gms)
}

/** v1 by polling (docs/gms.md): request-chat, then ixn/chat and its calls from the last position. */
class V1PollProtocol implements CustomerProtocol {
  readonly isPolling = true
  protected serviceId: string | undefined
  protected position = 1
  /** Extra fields of the start-chat call (`notify_by`). */
  protected startFields: Record<string, string> = {}

  constructor(
    protected readonly gms: FormPoster,
    protected readonly headers: Record<string, string> = {},
  ) {}

  async start(start: CustomerStart): Promise<ChatPage> {
    const service = await postToGms(
      this.gms,
      `/genesys/1/service/${start.service ?? 'request-chat'}`,
      {
        ...stringValues(start.data),
        ...(start.ttl === undefined ? {} : { _ttl: String(start.ttl) }),
      },
    )
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
      ...this.startFields,
    }
    const chat = await postToGms(this.gms, this.chatPath(), fields, this.headers)
    return this.record(chat as ChatObject)
  }

  async call(call: ChatCall, form: Record<string, string> = {}): Promise<ChatPage> {
    const position = { transcriptPosition: String(this.position) }
    const path = `${this.chatPath()}/${call}`
    const answer = await postToGms(this.gms, path, { ...form, ...position }, this.headers)
    return this.record(answer as ChatObject)
  }

  async freshTranscript(): Promise<GmsEntry[]> {
    const path = `${this.chatPath()}/refresh`
    const chat = await postToGms(this.gms, path, { transcriptPosition: '1' }, this.headers)
    return (chat as ChatObject).transcriptToShow
  }

  close(): void {}

  protected chatPath(): string {
    if (!this.serviceId) throw new StepFailure('the customer has not started a chat')
    return `/genesys/1/service/${this.serviceId}/ixn/chat`
  }

  protected record(chat: ChatObject): ChatPage {
    this.position = Number(chat.transcriptPosition)
    return {
      sessionId: chat.chatSessionId,
      state: chat.chatIxnState,
      entries: chat.transcriptToShow,
    }
  }
}

/**
 * v1 with `notify_by=comet` (docs/gms.md, "CometD"): a Bayeux client with the customer's `gms_user`
 * subscribes to `/_genesys` before the chat starts, and every request carries the header. The
 * entries a scenario checks come from the chat calls' answers (a refresh reads from the last
 * position), so they never depend on how fast a notification travelled. It still refreshes on
 * the virtual clock: v1 presence counts a long poll only while it is held, and a clock jump can
 * land between two long polls, which real time never does for long.
 */
class V1CometProtocol extends V1PollProtocol {
  private readonly bayeux: BayeuxClient

  constructor(gms: FormPoster) {
    const headers = { gms_user: `harness-${randomUUID()}` }
    super(gms, headers)
    this.startFields = { notify_by: 'comet' }
    this.bayeux = new BayeuxClient({
      url: `${gms.origin}/genesys/cometd`,
      headers,
      onData: () => undefined,
    })
  }

  override async start(start: CustomerStart): Promise<ChatPage> {
    await this.bayeux.start()
    await this.bayeux.subscribe('/_genesys')
    return super.start(start)
  }

  override close(): void {
    void this.bayeux.disconnect()
  }
}
