import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConsoleService } from '../../../src-main/console/console-service'
import type { ConsoleSession } from '../../../src-main/console/console-session'
import { createTestEngine, makeTempDir, startChat } from '../../helpers/engine'
import { call, refused, USERS } from './console-fixture'

const RESPONSES = `
ChatServer:
  en-US:
    - name: greeting
      text: Hello {customer.firstName}, I am {agent.name}.
    - name: refund
      text: Refunds for order {userData.OrderId} take 5 days. {ticket.number}
  fr-FR:
    - name: greeting
      text: Bonjour {customer.firstName} !
`

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function kitWithResponses(yaml: string) {
  const dir = makeTempDir()
  const file = join(dir.path, 'standard-responses.yaml')
  writeFileSync(file, yaml)
  const test = createTestEngine()
  const service = new ConsoleService({
    engine: test.engine,
    users: USERS,
    clock: test.clock,
    standardResponsesFile: file,
  })
  const windows: ConsoleSession[] = []
  cleanups.push(
    dir.remove,
    () => test.close(),
    async () => {
      await Promise.all(windows.map((window) => window.close()))
    },
  )
  return {
    ...test,
    file,
    async window(userId: string) {
      const window = service.openSession()
      windows.push(window)
      await call(window, 'signIn', { userId })
      return window
    },
  }
}

describe('standard responses', () => {
  it('takes the chat’s language, falls back to the default per response, and fills fields', async () => {
    const kit = kitWithResponses(RESPONSES)
    const { sessionId } = await startChat(kit.engine, {
      FirstName: 'Marie',
      OrderId: 'A-17',
      GCTI_LanguageCode: 'fr-FR',
    })
    const agent = await kit.window('agent1')
    await call(agent, 'accept', { sessionId })
    const { responses } = await call(agent, 'standardResponses', { sessionId })
    expect(responses).toEqual([
      { name: 'greeting', text: 'Bonjour Marie !', language: 'fr-FR' },
      {
        name: 'refund',
        // An unknown field stays for the agent to edit.
        text: 'Refunds for order A-17 take 5 days. {ticket.number}',
        language: 'en-US',
      },
    ])
  })

  it('uses the default language for a language without responses', async () => {
    const kit = kitWithResponses(RESPONSES)
    const { sessionId } = await startChat(kit.engine, {
      FirstName: 'Jonas',
      GCTI_LanguageCode: 'de-DE',
    })
    const agent = await kit.window('agent1')
    const { responses } = await call(agent, 'standardResponses', { sessionId })
    expect(responses[0]).toEqual({
      name: 'greeting',
      text: 'Hello Jonas, I am Alex Agent.',
      language: 'en-US',
    })
  })

  it('reads an edited file without a restart, and names what is wrong in a broken one', async () => {
    const kit = kitWithResponses(RESPONSES)
    const { sessionId } = await startChat(kit.engine)
    const supervisor = await kit.window('supervisor1')
    writeFileSync(kit.file, 'ChatServer:\n  en-US:\n    - name: bye\n')
    const error = await refused(supervisor, 'standardResponses', { sessionId })
    expect(error.code).toBe('internal-error')
    expect(error.message).toContain('ChatServer.en-US.0.text')
    writeFileSync(kit.file, 'ChatServer:\n  en-US:\n    - { name: bye, text: Goodbye }\n')
    expect((await call(supervisor, 'standardResponses', { sessionId })).responses).toEqual([
      { name: 'bye', text: 'Goodbye', language: 'en-US' },
    ])
  })

  it('refuses an agent another agent’s chat', async () => {
    const kit = kitWithResponses(RESPONSES)
    const { sessionId } = await startChat(kit.engine)
    await call(await kit.window('agent2'), 'accept', { sessionId })
    const agent = await kit.window('agent1')
    expect((await refused(agent, 'standardResponses', { sessionId })).code).toBe('forbidden')
  })
})
