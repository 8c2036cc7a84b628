/**
 * A console service over a real test engine (virtual clock, in-memory store), and helpers that
 * call it as a window would: by method name, with `unknown` params, reading `{ result | error }`.
 */
import { afterEach } from 'vitest'
import type {
  ConsoleError,
  ConsoleMethodName,
  ConsoleParams,
  ConsoleResult,
  ConsoleUser,
} from '../../../src-shared/console-api'
import { ConsoleService } from '../../../src-main/console/console-service'
import type { ConsoleSession } from '../../../src-main/console/console-session'
import { createTestEngine, type TestEngine } from '../../helpers/engine'

export const USERS: ConsoleUser[] = [
  { id: 'agent1', name: 'Alex Agent', role: 'agent' },
  { id: 'agent2', name: 'Bea Agent', role: 'agent' },
  { id: 'supervisor1', name: 'Sam Supervisor', role: 'supervisor' },
]

export interface ConsoleKit extends TestEngine {
  service: ConsoleService
  /** A new window, signed in as `userId` when given. */
  window(userId?: string): Promise<ConsoleSession>
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A console service for one test; it and its windows are closed after the test. */
export function createConsoleKit(options: { gmsUrl?: string } = {}): ConsoleKit {
  const test = createTestEngine()
  const service = new ConsoleService({
    engine: test.engine,
    users: USERS,
    clock: test.clock,
    ...(options.gmsUrl === undefined ? {} : { gmsUrl: options.gmsUrl, gmsTimeoutMs: 2000 }),
  })
  const windows: ConsoleSession[] = []
  cleanups.push(async () => {
    await Promise.all(windows.map((window) => window.close()))
    await test.close()
  })
  return {
    ...test,
    service,
    async window(userId) {
      const window = service.openSession()
      windows.push(window)
      if (userId !== undefined) await call(window, 'signIn', { userId })
      return window
    },
  }
}

/** Calls a method and returns its result; fails the test with the error if refused. */
export async function call<M extends ConsoleMethodName>(
  window: ConsoleSession,
  method: M,
  params: ConsoleParams<M>,
): Promise<ConsoleResult<M>> {
  const reply = await window.call(method, params)
  if ('error' in reply) {
    throw new Error(`${method} was refused: ${reply.error.code}: ${reply.error.message}`)
  }
  return reply.result as ConsoleResult<M>
}

/** Calls a method (with any params) that must be refused, and returns the error. */
export async function refused(
  window: ConsoleSession,
  method: string,
  params: unknown,
): Promise<ConsoleError> {
  const reply = await window.call(method, params)
  if (!('error' in reply)) throw new Error(`${method} was not refused`)
  return reply.error
}
