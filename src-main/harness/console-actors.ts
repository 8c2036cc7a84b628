/**
 * The agents and supervisors of a scenario: one console window per user, signed in through the
 * console API exactly as the renderer signs in. The console API is transport-independent, so
 * calling `ConsoleSession.call` in process is the console API, checks and all.
 */
import type {
  ConsoleMethodName,
  ConsoleParams,
  ConsoleReply,
  ConsoleResult,
  ConsoleRole,
  ConsoleUser,
} from '../../src-shared/console-api'
import type { ConsoleService } from '../console/console-service'
import type { ConsoleSession } from '../console/console-session'
import { StepFailure } from './step-failure'

/** The console windows of one scenario, by user id. */
export class ConsoleActors {
  private readonly windows = new Map<string, Promise<ConsoleSession>>()

  constructor(
    private readonly service: ConsoleService,
    private readonly users: readonly ConsoleUser[],
  ) {}

  /** `id` if given, else the configuration's first user with `role`. */
  userId(role: ConsoleRole, id?: string): string {
    if (id !== undefined) return id
    const user = this.users.find((candidate) => candidate.role === role)
    if (!user) throw new StepFailure(`the configuration has no ${role} user`)
    return user.id
  }

  /** One call as `userId`; the reply as the console answers it. */
  async call<M extends ConsoleMethodName>(
    userId: string,
    method: M,
    params: ConsoleParams<M>,
  ): Promise<ConsoleReply<M>> {
    const window = await this.window(userId)
    return (await window.call(method, params)) as ConsoleReply<M>
  }

  /**
   * A call whose params the console checks itself (as it checks everything a window sends): a
   * step's params are built from a validated scenario, so a refusal here is the test's finding.
   */
  async send(userId: string, method: ConsoleMethodName, params: unknown): Promise<ConsoleReply> {
    const window = await this.window(userId)
    return window.call(method, params)
  }

  /** One call that must succeed; a refusal fails the step with the console's sentence. */
  async expect<M extends ConsoleMethodName>(
    userId: string,
    method: M,
    params: ConsoleParams<M>,
  ): Promise<ConsoleResult<M>> {
    const reply = await this.call(userId, method, params)
    if ('error' in reply) {
      const { code, message } = reply.error
      throw new StepFailure(`${userId}: ${method} was refused: ${code}: ${message}`)
    }
    return reply.result
  }

  async close(): Promise<void> {
    const windows = await Promise.all(this.windows.values())
    await Promise.all(windows.map((window) => window.close()))
  }

  private window(userId: string): Promise<ConsoleSession> {
    let window = this.windows.get(userId)
    if (!window) {
      window = this.signIn(userId)
      this.windows.set(userId, window)
    }
    return window
  }

  private async signIn(userId: string): Promise<ConsoleSession> {
    const window = this.service.openSession()
    const reply = await window.call('signIn', { userId })
    if ('error' in reply) {
      const known = this.users.map((user) => user.id).join(', ')
      throw new StepFailure(`cannot sign in as ${userId}: ${reply.error.message} (users: ${known})`)
    }
    return window
  }
}
