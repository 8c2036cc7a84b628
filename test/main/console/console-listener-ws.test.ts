import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type {
  ConsolePush,
  ConsoleServerFrame,
  SessionUpdatePush,
} from '../../../src-shared/console-api'
import { startChat } from '../../helpers/engine'
import { ConsoleClient, createListenerKit } from './listener-kit'

const isUpdate = (frame: ConsoleServerFrame): frame is SessionUpdatePush =>
  'push' in frame && frame.push === 'session-update'

const textsIn = (pushes: ConsolePush[]): string[] =>
  pushes.flatMap((push) =>
    push.push === 'session-update'
      ? push.events.map((event) => ('text' in event ? event.text : event.type))
      : [],
  )

/** Resolves once a push carries a message with `text`. */
const messagePushed = (client: ConsoleClient, text: string) =>
  client.waitFor(
    (frame) =>
      isUpdate(frame) &&
      frame.events.some((event) => event.type === 'message' && event.text === text),
  )

describe('console WebSocket: upgrade checks', () => {
  it('refuses an upgrade without the token with 401', async () => {
    const kit = await createListenerKit()
    await expect(kit.connect({ cookie: '' })).rejects.toThrow(/401/)
    await expect(kit.connect({ cookie: 'switchboard_console_1=wrong' })).rejects.toThrow(/401/)
  })

  it('refuses a foreign or missing Origin with 403, even with the token', async () => {
    const kit = await createListenerKit()
    await expect(kit.connect({ origin: 'http://evil.example' })).rejects.toThrow(/403/)
    const port = kit.listener.port
    await expect(kit.connect({ origin: `http://127.0.0.1:${port + 1}` })).rejects.toThrow(/403/)
    await expect(kit.connect({ origin: `https://127.0.0.1:${port}` })).rejects.toThrow(/403/)
    const noOrigin = ConsoleClient.open(`ws://127.0.0.1:${port}/console/ws`, {
      cookie: `switchboard_console_${port}=${kit.listener.token}`,
    })
    await expect(noOrigin).rejects.toThrow(/403/)
  })

  it('accepts the token as a query parameter or cookie, from its own origin', async () => {
    const kit = await createListenerKit()
    const byCookie = await kit.connect()
    expect(await byCookie.result('listUsers', {})).toMatchObject({ users: expect.any(Array) })
    const byQuery = await kit.connect({ cookie: '' }, `/console/ws?token=${kit.listener.token}`)
    expect(await byQuery.call('listUsers', {})).toHaveProperty('result')
  })

  it('offers no WebSocket on other paths', async () => {
    const kit = await createListenerKit()
    await expect(kit.connect({}, '/esp')).rejects.toThrow(/404/)
  })
})

describe('console WebSocket: protocol', () => {
  it('answers requests by id and refuses bad frames with invalid-request', async () => {
    const kit = await createListenerKit()
    const client = await kit.connect()
    client.socket.send('not json')
    const bad = await client.waitFor((frame) => 'error' in frame)
    expect(bad).toMatchObject({ id: null, error: { code: 'invalid-request' } })
    client.socket.send(JSON.stringify({ method: 'listUsers' }))
    await client.waitFor((frame) => 'error' in frame && client.frames.indexOf(frame) > 0)
    expect(await client.call('listSessions', {})).toMatchObject({
      error: { code: 'not-signed-in' },
    })
  })

  it('refuses supervisor-only methods to an agent over the wire too', async () => {
    const kit = await createListenerKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.signedIn('agent1')
    for (const method of ['join', 'setMode', 'configureIdle', 'setLanguage', 'compareViews']) {
      const reply = await agent.call(method, {
        sessionId,
        mode: 'monitor',
        settings: {},
        code: 'x',
      })
      expect(reply, method).toMatchObject({ error: { code: 'forbidden' } })
    }
  })

  it('closes a socket that sends a frame over maxPayload', async () => {
    const kit = await createListenerKit({ maxPayload: 4096 })
    const client = await kit.connect()
    const closed = new Promise<number>((resolve) => client.socket.once('close', resolve))
    client.socket.send(JSON.stringify({ id: 1, method: 'listUsers', params: 'x'.repeat(8000) }))
    expect(await closed).toBe(1009)
  })

  it('drops a peer that stops answering pings', async () => {
    const kit = await createListenerKit({ heartbeatMs: 20 })
    const port = kit.listener.port
    const silent = new WebSocket(`ws://127.0.0.1:${port}/console/ws`, {
      headers: {
        origin: kit.listener.origin,
        cookie: `switchboard_console_${port}=${kit.listener.token}`,
      },
      autoPong: false,
    })
    silent.on('error', () => {})
    await new Promise((resolve) => silent.once('open', resolve))
    const code = await new Promise<number>((resolve) => silent.once('close', resolve))
    expect(code).toBe(1006)
  })

  it('says goodbye to connected windows when it closes', async () => {
    const kit = await createListenerKit()
    const client = await kit.connect()
    const closed = new Promise<number>((resolve) => client.socket.once('close', resolve))
    await kit.listener.close()
    expect(await closed).toBe(1001)
  })
})

describe('console WebSocket: pushes by role', () => {
  it('never sends an agent a VIP event, while the supervisor gets it', async () => {
    const kit = await createListenerKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.signedIn('agent1')
    const supervisor = await kit.signedIn('supervisor1')
    await agent.result('accept', { sessionId })
    const framesBefore = agent.frames.length

    await kit.engine.sendAsExternal(sessionId, {
      nickname: 'fraud-check',
      visibility: 'VIP',
      content: { kind: 'message', text: 'VIP: score 97' },
    })
    await kit.engine.sendAsExternal(sessionId, {
      nickname: 'greeter',
      visibility: 'ALL',
      content: { kind: 'message', text: 'marker' },
    })
    await messagePushed(agent, 'marker')
    await messagePushed(supervisor, 'marker')

    const agentFrames = agent.frames.slice(framesBefore)
    expect(JSON.stringify(agentFrames)).not.toContain('VIP: score 97')
    expect(JSON.stringify(agentFrames)).not.toContain('fraud-check')
    expect(JSON.stringify(agentFrames)).not.toContain('"VIP"')
    expect(textsIn(supervisor.pushes)).toContain('VIP: score 97')
  })

  it('does not tell an agent that a supervisor joined in monitor mode', async () => {
    const kit = await createListenerKit()
    const { sessionId } = await startChat(kit.engine)
    const agent = await kit.signedIn('agent1')
    const supervisor = await kit.signedIn('supervisor1')
    await agent.result('accept', { sessionId })
    const framesBefore = agent.frames.length
    await supervisor.result('join', { sessionId, mode: 'monitor' })
    await supervisor.result('sendMessage', { sessionId, text: 'watching' })
    await agent.result('sendMessage', { sessionId, text: 'marker' })
    await messagePushed(agent, 'marker')

    const newFrames = agent.frames.slice(framesBefore)
    expect(JSON.stringify(newFrames)).not.toContain('Sam Supervisor')
    expect(JSON.stringify(newFrames)).not.toContain('watching')
    expect(
      newFrames.filter((frame) => 'push' in frame && frame.push === 'session-list-changed'),
    ).toEqual([])
    const session = (await agent.result('getSession', { sessionId })) as {
      session: { parties: { type: string }[] }
    }
    expect(session.session.parties.map((party) => party.type)).not.toContain('SUPERVISOR')
  })

  it('tells agents of a new queued session, and keeps other agents’ chats from them', async () => {
    const kit = await createListenerKit()
    const agent1 = await kit.signedIn('agent1')
    const agent2 = await kit.signedIn('agent2')
    const { sessionId } = await startChat(kit.engine)
    const created = await agent1.waitFor(
      (frame) => 'push' in frame && frame.push === 'session-list-changed',
    )
    expect(created).toMatchObject({
      push: 'session-list-changed',
      sessionId,
      state: 'queued',
      change: 'created',
      summary: { sessionId, state: 'queued', lastEventId: 1 },
    })

    await agent2.result('accept', { sessionId })
    await agent1.waitFor(
      (frame) =>
        'push' in frame && frame.push === 'session-list-changed' && frame.state === 'active',
    )
    await agent2.result('sendMessage', { sessionId, text: 'private to agent2' })
    await agent1.result('listUsers', {})
    expect(textsIn(agent1.pushes)).not.toContain('private to agent2')
    expect(textsIn(agent2.pushes)).toContain('private to agent2')
  })
})
