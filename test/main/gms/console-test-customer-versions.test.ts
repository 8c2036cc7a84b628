/**
 * The console's test customer on each GMS API version and delivery (docs/gms.md): v1 or v2,
 * polling or CometD, against a real GMS listener; each call shows each customer-visible entry
 * once and nothing hidden.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConsoleService } from '../../../src-main/console/console-service'
import type { ConsoleSession } from '../../../src-main/console/console-session'
import { startGmsListener } from '../../../src-main/gms/gms-listener'
import { silentLogger } from '../../../src-main/logging'
import type { TestCustomerView } from '../../../src-shared/console-api'
import { createTestEngine } from '../../helpers/engine'
import { call, USERS } from '../console/console-fixture'
import { DEFAULT_SERVICES } from './gms-test-kit'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function withRealGms() {
  const test = createTestEngine({ idle: { enabled: false } })
  const gms = await startGmsListener({
    engine: test.engine,
    clock: test.clock,
    host: '127.0.0.1',
    port: 0,
    services: DEFAULT_SERVICES,
    logger: silentLogger,
  })
  const service = new ConsoleService({
    engine: test.engine,
    users: USERS,
    clock: test.clock,
    gmsUrl: gms.url,
  })
  const windows: ConsoleSession[] = []
  cleanups.push(async () => {
    await Promise.all(windows.map((window) => window.close()))
    await gms.close()
    await test.close()
  })
  const window = async (userId: string) => {
    const opened = service.openSession()
    windows.push(opened)
    await call(opened, 'signIn', { userId })
    return opened
  }
  return { ...test, window }
}

type Mode = { api: 'v1' | 'v2'; delivery: 'poll' | 'cometd' }

const MODES: [string, Mode, { joined: string; message: string; left: string }][] = [
  [
    'v1 polling',
    { api: 'v1', delivery: 'poll' },
    { joined: 'Notice.Joined', message: 'Message.Text', left: 'Notice.Left' },
  ],
  [
    'v1 CometD',
    { api: 'v1', delivery: 'cometd' },
    { joined: 'Notice.Joined', message: 'Message.Text', left: 'Notice.Left' },
  ],
  [
    'v2 polling',
    { api: 'v2', delivery: 'poll' },
    { joined: 'ParticipantJoined', message: 'Message', left: 'ParticipantLeft' },
  ],
  [
    'v2 CometD',
    { api: 'v2', delivery: 'cometd' },
    { joined: 'ParticipantJoined', message: 'Message', left: 'ParticipantLeft' },
  ],
]

describe('the console test customer on every API version and delivery', () => {
  it.each(MODES)('chats over %s', async (_name, mode, types) => {
    const kit = await withRealGms()
    const agent = await kit.window('agent1')
    const customer = await kit.window('supervisor1')
    const started = await call(customer, 'testCustomer.start', { firstName: 'Ann', ...mode })
    expect(started.state).toBe('TRANSCRIPT')
    expect(started.entries.map((entry) => entry.type)).toEqual([types.joined])
    const { sessionId } = started
    expect(kit.engine.getSession(sessionId, 'agent')?.userData.FirstName).toBe('Ann')
    await call(agent, 'accept', { sessionId })
    await call(agent, 'sendNote', { sessionId, text: 'internal note' })
    await call(agent, 'sendMessage', { sessionId, text: 'Hi Ann' })
    const seen: TestCustomerView['entries'] = []
    await vi.waitFor(async () => {
      seen.push(...(await call(customer, 'testCustomer.refresh', {})).entries)
      expect(seen.map((entry) => entry.text)).toContain('Hi Ann')
    })
    seen.push(...(await call(customer, 'testCustomer.say', { text: 'Hello?' })).entries)
    await call(agent, 'sendMessage', { sessionId, text: 'Bye' })
    await vi.waitFor(async () => {
      seen.push(...(await call(customer, 'testCustomer.refresh', {})).entries)
      expect(seen.map((entry) => entry.text)).toContain('Bye')
    })
    const messages = seen.filter((entry) => entry.type === types.message).map((entry) => entry.text)
    expect(messages).toEqual(['Hi Ann', 'Hello?', 'Bye'])
    expect(JSON.stringify(seen)).not.toContain('internal note')
    const left = await call(customer, 'testCustomer.leave', {})
    await vi.waitFor(async () => {
      const view = await call(customer, 'testCustomer.refresh', {})
      expect(view.state).toBe('DISCONNECTED')
    })
    expect(left).toBeDefined()
    const parties = kit.engine.getSession(sessionId, 'agent')?.parties ?? []
    expect(parties.find((party) => party.type === 'CLIENT')?.isPresent).toBe(false)
  })
})
