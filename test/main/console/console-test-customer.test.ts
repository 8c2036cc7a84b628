import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ConsoleService } from '../../../src-main/console/console-service'
import type { ConsoleSession } from '../../../src-main/console/console-session'
import { startGmsListener } from '../../../src-main/gms/gms-listener'
import { silentLogger } from '../../../src-main/logging'
import { createTestEngine, transcript } from '../../helpers/engine'
import { call, createConsoleKit, refused, USERS } from './console-fixture'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** One engine behind a real GMS listener and a console service pointed at it. */
async function withRealGms() {
  const test = createTestEngine({ idle: { enabled: false } })
  const gms = await startGmsListener({
    engine: test.engine,
    clock: test.clock,
    host: '127.0.0.1',
    port: 0,
    services: {
      'request-chat': {
        ttlSeconds: 3600,
        chatEndpoint: 'gms_builtin',
        chat400OnDisconnected: false,
        application: 'ChatServer',
      },
    },
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

interface Recorded {
  path: string
  contentType: string | undefined
  form: Record<string, string>
}

/** A stand-in GMS that records requests and answers with what `answer` says. */
async function recordingGms(answer: (path: string) => { status: number; body: unknown }) {
  const requests: Recorded[] = []
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const path = request.url ?? ''
      requests.push({
        path,
        contentType: request.headers['content-type'],
        form: Object.fromEntries(new URLSearchParams(body)),
      })
      const { status, body: reply } = answer(path)
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(reply))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }
}

const chatObject = (position: number, entries: string[][] = []) => ({
  chatIxnState: 'TRANSCRIPT',
  chatSessionId: 'S000000000000001',
  transcriptPosition: position,
  transcriptToShow: entries,
})

describe('the test customer, through the real GMS API', () => {
  it('starts a chat that lands in the queue with its user data', async () => {
    const kit = await withRealGms()
    const agent = await kit.window('agent1')
    const view = await call(agent, 'testCustomer.start', {
      firstName: 'Ann',
      lastName: 'Lee',
      userData: { GCTI_LanguageCode: 'fr-FR', Subject: 'Refund' },
    })
    expect(view.state).toBe('TRANSCRIPT')
    expect(view.entries[0]).toMatchObject({ type: 'Notice.Joined', nickname: 'Ann Lee' })
    const { sessions } = await call(agent, 'listSessions', { filters: { state: 'queued' } })
    expect(sessions.map((session) => session.sessionId)).toEqual([view.sessionId])
    expect(sessions[0]?.language?.code).toBe('fr-FR')
    expect(sessions[0]?.userData).toMatchObject({ FirstName: 'Ann', Subject: 'Refund' })
  })

  it('says, types, refreshes and leaves, seeing only what a customer sees', async () => {
    const kit = await withRealGms()
    const agent = await kit.window('agent1')
    const customer = await kit.window('supervisor1')
    const { sessionId } = await call(customer, 'testCustomer.start', { firstName: 'Ann' })
    await call(agent, 'accept', { sessionId })
    await call(agent, 'sendNote', { sessionId, text: 'internal note' })
    await call(agent, 'sendMessage', { sessionId, text: 'Hi Ann' })

    const said = await call(customer, 'testCustomer.say', { text: 'Hello?' })
    expect(said.entries.map((entry) => entry.text)).toEqual([
      'has joined the session',
      'Hi Ann',
      'Hello?',
    ])
    await call(customer, 'testCustomer.typing', { isTyping: true })
    const refreshed = await call(customer, 'testCustomer.refresh', {})
    expect(refreshed.entries).toEqual([])
    const left = await call(customer, 'testCustomer.leave', {})
    expect(left.entries.at(-1)).toMatchObject({ type: 'Notice.Left' })
    const customerTexts = transcript(kit.engine, sessionId, 'supervisor').map((event) =>
      event.type === 'message' ? event.text : event.type,
    )
    expect(customerTexts).toContain('Hello?')
    expect(customerTexts).toContain('party-left')
  })

  it('refuses chat calls before start, and a second start while chatting', async () => {
    const kit = await withRealGms()
    const agent = await kit.window('agent1')
    expect((await refused(agent, 'testCustomer.say', { text: 'hi' })).code).toBe(
      'test-customer-not-started',
    )
    await call(agent, 'testCustomer.start', { firstName: 'Ann' })
    expect((await refused(agent, 'testCustomer.start', { firstName: 'Bob' })).code).toBe(
      'test-customer-active',
    )
    await call(agent, 'testCustomer.leave', {})
    await expect(call(agent, 'testCustomer.start', { firstName: 'Bob' })).resolves.toBeDefined()
  })
})

describe('the test customer’s HTTP calls', () => {
  it('posts forms to the GMS paths, passing its transcript position along', async () => {
    const gms = await recordingGms((path) =>
      path.endsWith('request-chat')
        ? { status: 200, body: { _id: 'svc-1' } }
        : { status: 200, body: chatObject(3, [['Message.Text', 'Ann', 'hi', '2', 'CLIENT']]) },
    )
    const kit = createConsoleKit({ gmsUrl: gms.url })
    const window = await kit.window('agent1')
    const view = await call(window, 'testCustomer.start', {
      firstName: 'Ann',
      userData: { firstName: 'Mallory', Segment: 'gold' },
    })
    expect(view.entries).toEqual([
      { type: 'Message.Text', nickname: 'Ann', text: 'hi', timeShift: 2, partyType: 'CLIENT' },
    ])
    await call(window, 'testCustomer.say', { text: 'Hello' })
    await call(window, 'testCustomer.typing', { isTyping: false })
    await call(window, 'testCustomer.refresh', {})
    expect(gms.requests.map((request) => request.path)).toEqual([
      '/genesys/1/service/request-chat',
      '/genesys/1/service/svc-1/ixn/chat',
      '/genesys/1/service/svc-1/ixn/chat/send',
      '/genesys/1/service/svc-1/ixn/chat/stopTyping',
      '/genesys/1/service/svc-1/ixn/chat/refresh',
    ])
    expect(new Set(gms.requests.map((request) => request.contentType))).toEqual(
      new Set(['application/x-www-form-urlencoded']),
    )
    expect(gms.requests[1]?.form).toEqual({ firstName: 'Ann', Segment: 'gold' })
    expect(gms.requests[2]?.form).toEqual({ message: 'Hello', transcriptPosition: '3' })
  })

  it('lets the customer leave when its window closes', async () => {
    const gms = await recordingGms((path) =>
      path.endsWith('request-chat')
        ? { status: 200, body: { _id: 'svc-1' } }
        : { status: 200, body: chatObject(2) },
    )
    const kit = createConsoleKit({ gmsUrl: gms.url })
    const window = await kit.window('agent1')
    await call(window, 'testCustomer.start', { firstName: 'Ann' })
    await window.close()
    expect(gms.requests.at(-1)?.path).toBe('/genesys/1/service/svc-1/ixn/chat/disconnect')
  })

  it('reports a GMS refusal with its status and message', async () => {
    const gms = await recordingGms(() => ({
      status: 404,
      body: { message: 'Service svc-1 not found', exception: 'ServiceNotFound' },
    }))
    const kit = createConsoleKit({ gmsUrl: gms.url })
    const window = await kit.window('agent1')
    const error = await refused(window, 'testCustomer.start', { firstName: 'Ann' })
    expect(error.code).toBe('gms-error')
    expect(error.message).toContain('404')
    expect(error.message).toContain('ServiceNotFound')
  })

  it('reports an unreachable or missing GMS as gms-unavailable', async () => {
    const unreachable = createConsoleKit({ gmsUrl: 'http://127.0.0.1:9' })
    const window = await unreachable.window('agent1')
    const error = await refused(window, 'testCustomer.start', { firstName: 'Ann' })
    expect(error.code).toBe('gms-unavailable')
    const none = createConsoleKit()
    const other = await none.window('agent1')
    expect((await refused(other, 'testCustomer.start', { firstName: 'Ann' })).code).toBe(
      'gms-unavailable',
    )
  })

  it('refuses user data keys GMS reserves', async () => {
    const kit = createConsoleKit({ gmsUrl: 'http://127.0.0.1:9' })
    const window = await kit.window('agent1')
    const error = await refused(window, 'testCustomer.start', {
      firstName: 'Ann',
      userData: { _ttl: '1' },
    })
    expect(error).toMatchObject({ code: 'invalid-params', field: 'userData._ttl' })
  })
})
