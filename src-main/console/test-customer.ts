/**
 * The console's test customer: one per console window, chatting through the real GMS API so a
 * strategy developer sees exactly what a customer would. Its calls are serialised: each one
 * reads the transcript from the position the previous one ended at, so none shows an entry twice.
 */
import type { TestCustomerView } from '../../src-shared/console-api'
import type { ConsoleHandlers } from './console-context'
import { ConsoleApiError } from './console-errors'
import type { GmsChat, GmsChatCall, GmsClient } from './gms-client'
import {
  openChannel,
  type CustomerChannel,
  type TestCustomerApi,
  type TestCustomerDelivery,
} from './test-customer-channels'

interface ChatState {
  channel: CustomerChannel
  sessionId: string
  state: GmsChat['state']
  transcriptPosition: number
}

export interface TestCustomerStart {
  firstName: string
  lastName?: string | undefined
  userData?: Record<string, string> | undefined
  /** GMS API version; default v1. */
  api?: TestCustomerApi | undefined
  /** Polling or CometD; default polling. */
  delivery?: TestCustomerDelivery | undefined
}

/** One window's test customer. */
export class TestCustomer {
  private chat: ChatState | undefined
  private queue: Promise<unknown> = Promise.resolve()

  /** @param gms the GMS client, or undefined when this console has no GMS URL */
  constructor(private readonly gms: GmsClient | undefined) {}

  start(request: TestCustomerStart): Promise<TestCustomerView> {
    return this.serially(async () => {
      if (this.chat?.state === 'TRANSCRIPT') {
        throw new ConsoleApiError(
          'test-customer-active',
          `The test customer is still in session ${this.chat.sessionId}; leave it first`,
        )
      }
      const gms = this.client()
      // User data first, so it cannot replace the names given in their own fields.
      const form = {
        ...request.userData,
        firstName: request.firstName,
        ...(request.lastName === undefined ? {} : { lastName: request.lastName }),
      }
      await this.chat?.channel.close()
      const { channel, first } = await openChannel(gms, {
        api: request.api ?? 'v1',
        delivery: request.delivery ?? 'poll',
        form,
      })
      return this.record(channel, first)
    })
  }

  /** A chat call, reading the transcript from where the previous call ended. */
  call(call: GmsChatCall, form: Record<string, string> = {}): Promise<TestCustomerView> {
    return this.serially(async () => {
      const chat = this.chat
      if (!chat) {
        throw new ConsoleApiError(
          'test-customer-not-started',
          'Start the test customer before it can chat',
        )
      }
      return this.record(chat.channel, await chat.channel.call(call, form))
    })
  }

  /** The window closed: its customer leaves, as one closing a browser tab would (best effort). */
  async dispose(): Promise<void> {
    if (this.chat?.state === 'TRANSCRIPT') await this.call('disconnect')
    await this.chat?.channel.close()
  }

  private client(): GmsClient {
    if (!this.gms) {
      throw new ConsoleApiError(
        'gms-unavailable',
        'This console has no GMS API to run a test customer against',
      )
    }
    return this.gms
  }

  private record(channel: CustomerChannel, answer: GmsChat): TestCustomerView {
    const { sessionId, state, transcriptPosition, entries } = answer
    this.chat = { channel, sessionId, state, transcriptPosition }
    return { serviceId: channel.serviceId, sessionId, state, transcriptPosition, entries }
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }
}

/** The `testCustomer.*` methods of one window, whatever the caller's role. */
export function testCustomerHandlers(
  customer: TestCustomer,
): ConsoleHandlers<
  | 'testCustomer.start'
  | 'testCustomer.say'
  | 'testCustomer.typing'
  | 'testCustomer.leave'
  | 'testCustomer.refresh'
> {
  return {
    'testCustomer.start': (_context, params) => customer.start(params),
    'testCustomer.say': (_context, { text }) => customer.call('send', { message: text }),
    'testCustomer.typing': (_context, { isTyping }) =>
      customer.call(isTyping ? 'startTyping' : 'stopTyping'),
    'testCustomer.leave': () => customer.call('disconnect'),
    'testCustomer.refresh': () => customer.call('refresh'),
  }
}
