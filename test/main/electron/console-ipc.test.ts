import { describe, expect, it } from 'vitest'
import {
  CONSOLE_METHOD_NAMES,
  consoleIpcChannel,
  type ConsoleReply,
} from '../../../src-shared/console-api'
import {
  consoleIpcHandler,
  registerConsoleIpc,
  UNTRUSTED_SENDER_REPLY,
  type ConsoleCallTarget,
  type ConsoleIpcDeps,
  type IpcMainLike,
} from '../../../src-main/electron/console-ipc'
import { checkIpcSender } from '../../../src-main/electron/ipc-sender'
import type { Logger } from '../../../src-main/engine/ports'
import { createConsoleKit } from '../console/console-fixture'
import { ipcEvent, POLICY, type FakeEvent } from './ipc-fakes'

function recordingLogger(): Logger & { warnings: string[]; errors: string[] } {
  const warnings: string[] = []
  const errors: string[] = []
  return {
    warnings,
    errors,
    info() {},
    warn: (message) => warnings.push(message),
    error: (message) => errors.push(message),
  }
}

function deps(target: ConsoleCallTarget, logger: Logger = recordingLogger()) {
  const opened: FakeEvent[] = []
  const result: ConsoleIpcDeps<FakeEvent> & { opened: FakeEvent[] } = {
    opened,
    checkSender: (event) => checkIpcSender(event, POLICY),
    sessionFor: (event) => {
      opened.push(event)
      return target
    },
    logger,
  }
  return result
}

const answering = (reply: ConsoleReply): ConsoleCallTarget => ({ call: async () => reply })

describe('the console IPC wrapper', () => {
  it('refuses a wrong sender with a console error, before any session is touched', async () => {
    const logger = recordingLogger()
    const wiring = deps(answering({ result: { users: [] } }), logger)
    const handler = consoleIpcHandler('listUsers', wiring)
    const reply = await handler(ipcEvent({ url: 'https://evil.example/' }), {})
    expect(reply).toEqual(UNTRUSTED_SENDER_REPLY)
    expect(reply).toEqual({ error: { code: 'forbidden', message: expect.any(String) } })
    expect(wiring.opened).toEqual([])
    expect(logger.warnings).toEqual(['refused a console call over IPC'])
  })

  it('passes the service result through for a trusted sender', async () => {
    const kit = createConsoleKit()
    const window = await kit.window()
    const handler = consoleIpcHandler('listUsers', deps(window))
    const reply = await handler(ipcEvent(), {})
    expect(reply).toEqual({ result: { users: expect.arrayContaining([expect.anything()]) } })
  })

  it("maps a payload that fails the contract's schema to invalid-params", async () => {
    const kit = createConsoleKit()
    const window = await kit.window('agent1')
    const handler = consoleIpcHandler('sendMessage', deps(window))
    const reply = await handler(ipcEvent(), { sessionId: 'x'.repeat(16), text: 42 })
    expect(reply).toEqual({
      error: { code: 'invalid-params', message: expect.any(String), field: 'text' },
    })
  })

  it('refuses a call carrying more than one argument', async () => {
    const handler = consoleIpcHandler('listUsers', deps(answering({ result: { users: [] } })))
    const reply = await handler(ipcEvent(), {}, 'extra')
    expect(reply).toEqual({ error: { code: 'invalid-params', message: 'Send one params object' } })
  })

  it('maps a thrown error to internal-error and logs it', async () => {
    const logger = recordingLogger()
    const failing: ConsoleCallTarget = {
      call: () => Promise.reject(new Error('disk on fire')),
    }
    const reply = await consoleIpcHandler('listSessions', deps(failing, logger))(ipcEvent(), {})
    expect(reply).toEqual({
      error: { code: 'internal-error', message: 'listSessions failed: disk on fire' },
    })
    expect(logger.errors).toEqual(['console call failed'])
  })

  it('maps a failure to find the session (or the sender) to internal-error too', async () => {
    const wiring: ConsoleIpcDeps<FakeEvent> = {
      checkSender: () => {
        throw new Error('frame lookup failed')
      },
      sessionFor: () => answering({ result: { users: [] } }),
      logger: recordingLogger(),
    }
    const reply = await consoleIpcHandler('listUsers', wiring)(ipcEvent(), {})
    expect(reply).toMatchObject({ error: { code: 'internal-error' } })
  })
})

describe('registerConsoleIpc', () => {
  it('handles every method of the contract on its own channel, and removes them again', async () => {
    const handlers = new Map<string, (event: FakeEvent, ...args: unknown[]) => Promise<unknown>>()
    const ipcMain: IpcMainLike<FakeEvent> = {
      handle: (channel, listener) => handlers.set(channel, listener),
      removeHandler: (channel) => handlers.delete(channel),
    }
    const calls: string[] = []
    const target: ConsoleCallTarget = {
      call: async (method) => {
        calls.push(method)
        return { result: { users: [] } }
      },
    }
    const unregister = registerConsoleIpc(ipcMain, deps(target))
    expect([...handlers.keys()].sort()).toEqual(CONSOLE_METHOD_NAMES.map(consoleIpcChannel).sort())
    await handlers.get('console:testCustomer.start')?.(ipcEvent(), { firstName: 'Ann' })
    expect(calls).toEqual(['testCustomer.start'])
    unregister()
    expect(handlers.size).toBe(0)
  })
})
