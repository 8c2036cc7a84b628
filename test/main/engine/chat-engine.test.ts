import { afterEach, describe, expect, it } from 'vitest'
import type { ChatEvent } from '../../../src-shared/domain'
import { ChatEngine } from '../../../src-main/engine/chat-engine'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { SessionUpdate } from '../../../src-main/engine/engine-bus'
import { EngineError } from '../../../src-main/engine/engine-error'
import { openStore } from '../../../src-main/store'
import {
  createTestEngine,
  otherApplication,
  seconds,
  startActiveChat,
  startChat,
  testApplication,
  transcript,
  type TestEngine,
  type TestEngineOptions,
} from '../../helpers/engine'

let harness: TestEngine

function setUp(options: TestEngineOptions = {}): TestEngine {
  harness = createTestEngine(options)
  return harness
}

afterEach(async () => {
  await harness?.close()
})

const say = (text: string) => ({ kind: 'message', text }) as const

describe('creating a session', () => {
  it('queues the session with the customer as its first party and the kept user data', async () => {
    const { engine, clock } = setUp()
    const created = await engine.createSession({
      customerNickname: 'Ann',
      userData: { FirstName: 'Ann', Subject: 'Billing' },
    })
    expect(created.sessionId).toMatch(/^[0-9A-Za-z]{16}$/)
    expect(created.customerPartyId).toMatch(/^[0-9A-F]{16}$/)
    expect(created.eventIds).toEqual([1])
    const summary = engine.getSession(created.sessionId, 'customer')!
    expect(summary).toMatchObject({
      application: 'ChatServer',
      endpoint: 'gms_builtin',
      state: 'queued',
      startedAt: new Date(clock.now()).toISOString(),
      closedAt: null,
      closeReason: null,
      userData: {
        FirstName: 'Ann',
        Subject: 'Billing',
        IsOnline: '1',
        ChatServerAppName: 'ChatServer',
        GCTI_LanguageCode: 'en-US',
        GCTI_LanguageName: 'English',
      },
    })
    expect(transcript(engine, created.sessionId, 'customer')).toMatchObject([
      {
        eventId: 1,
        type: 'party-joined',
        visibility: 'ALL',
        party: { partyId: created.customerPartyId, nickname: 'Ann', type: 'CLIENT' },
      },
    ])
  })

  it('lets the engine’s own user data keys win over the customer’s', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine, { IsOnline: '0', ChatServerAppName: 'Other' })
    expect(engine.getSession(sessionId, 'agent')?.userData).toMatchObject({
      IsOnline: '1',
      ChatServerAppName: 'ChatServer',
    })
  })

  it('puts the session in the application that hosts the endpoint', async () => {
    const { engine } = setUp({ applications: [testApplication(), otherApplication()] })
    const { sessionId } = await engine.createSession({
      customerNickname: 'Ann',
      endpoint: 'other_queue',
    })
    expect(engine.getSession(sessionId, 'agent')).toMatchObject({
      application: 'OtherServer',
      endpoint: 'other_queue',
      language: null,
    })
    expect(engine.getSession(sessionId, 'supervisor')?.parties[0]).toMatchObject({
      type: 'SYSTEM',
      nickname: 'bot-server',
    })
  })

  it('uses the named application’s first endpoint by default', async () => {
    const { engine } = setUp({ applications: [testApplication(), otherApplication()] })
    const { sessionId } = await engine.createSession({
      customerNickname: 'Ann',
      application: 'OtherServer',
    })
    expect(engine.getSession(sessionId, 'agent')?.endpoint).toBe('other_queue')
  })

  it.each([
    [{ application: 'Nope' }, 'unknown-application'],
    [{ endpoint: 'nowhere' }, 'invalid-parameter'],
    [{ application: 'ChatServer', endpoint: 'other_queue' }, 'invalid-parameter'],
  ])('refuses %j with %s', async (request, code) => {
    const { engine } = setUp({ applications: [testApplication(), otherApplication()] })
    await expect(
      engine.createSession({ customerNickname: 'Ann', ...request }),
    ).rejects.toMatchObject({ code })
    expect(engine.openSessionCount()).toBe(0)
  })

  it('refuses a new session once the application is at its limit', async () => {
    const { engine } = setUp({ limits: { maxOpenSessions: 2 } })
    await startChat(engine)
    const { sessionId, customerPartyId } = await startChat(engine)
    await expect(startChat(engine)).rejects.toMatchObject({ code: 'overloaded' })
    await engine.leave(sessionId, customerPartyId)
    await expect(startChat(engine)).resolves.toBeDefined()
  })

  it('refuses an engine without applications', () => {
    const { persistence } = openStore(':memory:')
    expect(
      () => new ChatEngine({ applications: [], persistence, clock: new VirtualClock() }),
    ).toThrow(TypeError)
    persistence.close()
  })
})

describe('agents joining', () => {
  it('makes the session active when the first agent accepts it', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine)
    const joined = await engine.joinAgent(sessionId, { userId: 'agent1', nickname: 'Alex' })
    expect(joined.eventIds).toEqual([2])
    expect(engine.getSession(sessionId, 'customer')).toMatchObject({ state: 'active' })
    expect(transcript(engine, sessionId, 'customer').at(-1)).toMatchObject({
      type: 'party-joined',
      visibility: 'ALL',
      party: { partyId: joined.partyId, type: 'AGENT', userId: 'agent1', nickname: 'Alex' },
    })
  })

  it('answers a second accept by the same agent with its party and no new event', async () => {
    const { engine } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    const again = await engine.joinAgent(sessionId, { userId: 'agent1', nickname: 'Alex' })
    expect(again).toEqual({ sessionId, eventIds: [], partyId: agentPartyId })
  })

  it('lets several agents join', async () => {
    const { engine } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await engine.joinAgent(sessionId, { userId: 'agent2', nickname: 'Bo' })
    const agents = engine
      .getSession(sessionId, 'customer')!
      .parties.filter((p) => p.type === 'AGENT')
    expect(agents.map((p) => p.nickname)).toEqual(['Alex', 'Bo'])
  })

  it('does not mistake a supervisor for an agent with the same user id', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine)
    const supervisor = await engine.joinSupervisor(sessionId, {
      userId: 'lead1',
      nickname: 'Lee',
      mode: 'monitor',
    })
    const agent = await engine.joinAgent(sessionId, { userId: 'lead1', nickname: 'Lee' })
    expect(agent.partyId).not.toBe(supervisor.partyId)
    expect(engine.getSession(sessionId, 'agent')?.state).toBe('active')
  })
})

describe('sending', () => {
  it('carries the message text and type to every role that may see it', async () => {
    const { engine } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    const result = await engine.send(sessionId, {
      partyId: agentPartyId,
      content: { kind: 'message', text: 'Hello Ann', messageType: 'greeting' },
    })
    expect(result).toMatchObject({
      sessionId,
      eventIds: [3],
      seenBy: { agent: [3], customer: [3] },
    })
    expect(transcript(engine, sessionId, 'customer').at(-1)).toMatchObject({
      type: 'message',
      text: 'Hello Ann',
      messageType: 'greeting',
      partyId: agentPartyId,
      visibility: 'ALL',
    })
  })

  it.each([
    ['customer', 'INT'],
    ['customer', 'VIP'],
    ['agent', 'VIP'],
  ] as const)('refuses a %s sending with visibility %s', async (who, visibility) => {
    const { engine } = setUp()
    const { sessionId, customerPartyId, agentPartyId } = await startActiveChat(engine)
    const partyId = who === 'customer' ? customerPartyId : agentPartyId
    await expect(
      engine.send(sessionId, { partyId, content: say('x'), visibility }),
    ).rejects.toMatchObject({ code: 'forbidden', parameter: 'Visibility' })
    expect(transcript(engine, sessionId, 'supervisor')).toHaveLength(2)
  })

  it('refuses an empty message and an over-long text', async () => {
    const { engine } = setUp()
    const { sessionId, customerPartyId } = await startChat(engine)
    await expect(
      engine.send(sessionId, { partyId: customerPartyId, content: say('') }),
    ).rejects.toMatchObject({ code: 'missing-parameter', parameter: 'MessageText' })
    await expect(
      engine.send(sessionId, { partyId: customerPartyId, content: say('x'.repeat(16385)) }),
    ).rejects.toMatchObject({ code: 'invalid-parameter', parameter: 'MessageText' })
    await expect(
      engine.send(sessionId, { partyId: customerPartyId, content: say('x'.repeat(16384)) }),
    ).resolves.toMatchObject({ eventIds: [2] })
  })

  it('refuses a party that is not in the session', async () => {
    const { engine } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    await engine.leave(sessionId, agentPartyId)
    await expect(
      engine.send(sessionId, { partyId: agentPartyId, content: say('back') }),
    ).rejects.toMatchObject({ code: 'unknown-party' })
    await expect(
      engine.send(sessionId, { partyId: 'FFFFFFFFFFFFFFFF', content: say('who?') }),
    ).rejects.toMatchObject({ code: 'unknown-party' })
  })

  it('refuses to send as the SYSTEM party', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine)
    const system = engine.getSession(sessionId, 'supervisor')!.parties[0]!
    await expect(
      engine.send(sessionId, { partyId: system.partyId, content: say('I am the server') }),
    ).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('workflows (EXTERNAL parties)', () => {
  it('joins a nickname on its first use, once', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine)
    const first = await engine.sendAsExternal(sessionId, {
      nickname: 'system',
      visibility: 'ALL',
      content: say('An agent will be with you shortly'),
    })
    const second = await engine.sendAsExternal(sessionId, {
      nickname: 'system',
      visibility: 'ALL',
      content: { kind: 'notice', noticeType: 'USER_PUSHED_URL', text: 'https://example.com' },
    })
    expect(first.eventIds).toEqual([2, 3])
    expect(second.eventIds).toEqual([4])
    const events = transcript(engine, sessionId, 'customer')
    expect(events.map((e) => e.type)).toEqual(['party-joined', 'party-joined', 'message', 'notice'])
    expect(events[1]).toMatchObject({ party: { nickname: 'system', type: 'EXTERNAL' } })
    expect(new Set(events.slice(1).map((e) => e.partyId)).size).toBe(1)
  })

  it('keeps one party per distinct nickname', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine)
    for (const nickname of ['router', 'survey', 'router']) {
      await engine.sendAsExternal(sessionId, {
        nickname,
        visibility: 'INT',
        content: say(nickname),
      })
    }
    const externals = engine
      .getSession(sessionId, 'agent')!
      .parties.filter((p) => p.type === 'EXTERNAL')
    expect(externals.map((p) => p.nickname)).toEqual(['router', 'survey'])
  })

  it('announces the party again, wider, before its first event a wider audience sees', async () => {
    const { engine } = setUp()
    const { sessionId } = await startChat(engine)
    await engine.sendAsExternal(sessionId, { nickname: 'wf', visibility: 'VIP', content: say('a') })
    await engine.sendAsExternal(sessionId, { nickname: 'wf', visibility: 'INT', content: say('b') })
    await engine.sendAsExternal(sessionId, { nickname: 'wf', visibility: 'VIP', content: say('c') })
    await engine.sendAsExternal(sessionId, { nickname: 'wf', visibility: 'ALL', content: say('d') })
    const view = (role: 'customer' | 'agent' | 'supervisor') =>
      transcript(engine, sessionId, role)
        .slice(1)
        .map((e) => (e.type === 'message' ? e.text : `join:${e.visibility}`))
    expect(view('supervisor')).toEqual(['join:VIP', 'a', 'join:INT', 'b', 'c', 'join:ALL', 'd'])
    expect(view('agent')).toEqual(['join:INT', 'b', 'join:ALL', 'd'])
    expect(view('customer')).toEqual(['join:ALL', 'd'])
  })
})

describe('leaving and closing', () => {
  it('closes with customer-left when the customer leaves a queued session', async () => {
    const { engine } = setUp()
    const { sessionId, customerPartyId } = await startChat(engine)
    const result = await engine.leave(sessionId, customerPartyId)
    expect(result.eventIds).toEqual([2, 3])
    expect(transcript(engine, sessionId, 'customer').slice(1)).toMatchObject([
      { type: 'party-left', partyId: customerPartyId, reasonCode: 0 },
      { type: 'session-closed', reason: 'customer-left' },
    ])
    expect(engine.getSession(sessionId, 'agent')).toMatchObject({
      state: 'closed',
      closeReason: 'customer-left',
      userData: { IsOnline: '0' },
    })
  })

  it('keeps the reason code the customer left with (3: protocol inactivity)', async () => {
    const { engine } = setUp()
    const { sessionId, customerPartyId } = await startChat(engine)
    await engine.leave(sessionId, customerPartyId, 3)
    expect(transcript(engine, sessionId, 'agent')[1]).toMatchObject({
      reasonCode: 3,
      reasonText: 'removed for protocol inactivity',
    })
  })

  it('keeps the session open while an agent remains after the customer left', async () => {
    const { engine } = setUp()
    const { sessionId, customerPartyId, agentPartyId } = await startActiveChat(engine)
    await engine.leave(sessionId, customerPartyId)
    expect(engine.getSession(sessionId, 'agent')?.state).toBe('active')
    await engine.leave(sessionId, agentPartyId)
    expect(engine.getSession(sessionId, 'agent')).toMatchObject({
      state: 'closed',
      closeReason: 'customer-left',
    })
  })

  it('keeps the session open while the customer waits after the agent left', async () => {
    const { engine } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    await engine.leave(sessionId, agentPartyId)
    expect(engine.getSession(sessionId, 'agent')?.state).toBe('active')
  })

  it('closes for everyone when an agent closes it: customer code 4, reason agent-closed', async () => {
    const { engine } = setUp()
    const { sessionId, customerPartyId, agentPartyId } = await startActiveChat(engine)
    const other = await engine.joinAgent(sessionId, { userId: 'agent2', nickname: 'Bo' })
    await engine.sendAsExternal(sessionId, { nickname: 'wf', visibility: 'INT', content: say('x') })
    const result = await engine.closeSession(sessionId, agentPartyId)
    const events = transcript(engine, sessionId, 'supervisor')
    const closing = events.filter((e) => result.eventIds.includes(e.eventId))
    expect(closing).toMatchObject([
      { type: 'party-left', partyId: customerPartyId, reasonCode: 4, askerId: agentPartyId },
      { type: 'party-left', partyId: agentPartyId, reasonCode: 0 },
      { type: 'party-left', partyId: other.partyId, reasonCode: 4, askerId: agentPartyId },
      { type: 'party-left', visibility: 'INT', reasonCode: 4 },
      { type: 'session-closed', reason: 'agent-closed', visibility: 'ALL' },
    ])
    expect(closing[1]).not.toHaveProperty('askerId')
    const summary = engine.getSession(sessionId, 'agent')!
    expect(summary).toMatchObject({ state: 'closed', closeReason: 'agent-closed' })
    expect(summary.userData.IsOnline).toBe('0')
    expect(summary.closedAt).toBe(new Date(harness.clock.now()).toISOString())
    expect(summary.parties.every((party) => !party.isPresent)).toBe(true)
  })

  it('refuses a close by the customer', async () => {
    const { engine } = setUp()
    const { sessionId, customerPartyId } = await startActiveChat(engine)
    await expect(engine.closeSession(sessionId, customerPartyId)).rejects.toMatchObject({
      code: 'forbidden',
    })
    expect(engine.getSession(sessionId, 'agent')?.state).toBe('active')
  })

  it('expires a queued session at the end of its TTL with code 5 and reason ttl', async () => {
    const { engine } = setUp()
    const { sessionId, customerPartyId } = await startChat(engine)
    await engine.expireQueued(sessionId)
    expect(transcript(engine, sessionId, 'customer').slice(1)).toMatchObject([
      { type: 'party-left', partyId: customerPartyId, reasonCode: 5 },
      { type: 'session-closed', reason: 'ttl' },
    ])
    expect(engine.getSession(sessionId, 'agent')?.closeReason).toBe('ttl')
  })

  it('leaves an active session alone when its TTL ends', async () => {
    const { engine } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await expect(engine.expireQueued(sessionId)).resolves.toEqual({ sessionId, eventIds: [] })
    expect(engine.getSession(sessionId, 'agent')?.state).toBe('active')
  })

  it('refuses every command on a closed session with session-closed, and appends nothing', async () => {
    const { engine } = setUp()
    const { sessionId, customerPartyId, agentPartyId } = await startActiveChat(engine)
    await engine.closeSession(sessionId, agentPartyId)
    const lastEventId = engine.getSession(sessionId, 'supervisor')!.lastEventId
    const commands: (() => Promise<unknown>)[] = [
      () => engine.send(sessionId, { partyId: customerPartyId, content: say('hello?') }),
      () =>
        engine.sendAsExternal(sessionId, { nickname: 'wf', visibility: 'ALL', content: say('x') }),
      () => engine.joinAgent(sessionId, { userId: 'agent2', nickname: 'Bo' }),
      () => engine.joinSupervisor(sessionId, { userId: 's', nickname: 'S', mode: 'monitor' }),
      () => engine.setSupervisorMode(sessionId, agentPartyId, 'coach'),
      () => engine.leave(sessionId, customerPartyId),
      () => engine.closeSession(sessionId, agentPartyId),
      () => engine.expireQueued(sessionId),
      () => engine.setLanguage(sessionId, { selector: { code: 'fr-FR' }, by: 'wf' }),
      () =>
        engine.configureIdle(sessionId, {
          change: { resetParameters: true, changes: {} },
          by: 'wf',
        }),
    ]
    for (const command of commands) {
      const refusal = command()
      await expect(refusal).rejects.toBeInstanceOf(EngineError)
      await expect(refusal).rejects.toMatchObject({ code: 'session-closed' })
    }
    expect(engine.getSession(sessionId, 'supervisor')?.lastEventId).toBe(lastEventId)
  })

  it('refuses every command and read on an unknown session with unknown-session', async () => {
    const { engine } = setUp()
    const id = 'S0000000000000zz'
    await expect(engine.joinAgent(id, { userId: 'a', nickname: 'A' })).rejects.toMatchObject({
      code: 'unknown-session',
    })
    await expect(engine.leave(id, 'X')).rejects.toMatchObject({ code: 'unknown-session' })
    expect(() => engine.readTranscript(id, 'agent')).toThrow(
      expect.objectContaining({ code: 'unknown-session' }),
    )
    expect(() => engine.readCustomerEntries(id, 1)).toThrow(
      expect.objectContaining({ code: 'unknown-session' }),
    )
    expect(engine.getSession(id, 'agent')).toBeUndefined()
  })

  it('refuses the SYSTEM party leaving', async () => {
    const { engine } = setUp()
    const { sessionId } = await startActiveChat(engine)
    const system = engine.getSession(sessionId, 'supervisor')!.parties[0]!
    await expect(engine.leave(sessionId, system.partyId)).rejects.toMatchObject({
      code: 'forbidden',
    })
  })
})

describe('events', () => {
  it('numbers every session’s events 1..n with no gaps, and times them in whole seconds', async () => {
    const { engine, advance } = setUp({ idle: { enabled: false } })
    const first = await startActiveChat(engine)
    const second = await startChat(engine)
    await advance(1500)
    await engine.send(first.sessionId, { partyId: first.agentPartyId, content: say('a') })
    await advance(999)
    await engine.send(first.sessionId, {
      partyId: first.agentPartyId,
      content: say('note'),
      visibility: 'INT',
    })
    await engine.send(second.sessionId, { partyId: second.customerPartyId, content: say('b') })
    await advance(seconds(61))
    await engine.closeSession(first.sessionId, first.agentPartyId)

    const events = transcript(engine, first.sessionId, 'supervisor')
    expect(events.map((e) => e.eventId)).toEqual(events.map((_, index) => index + 1))
    expect(events.map((e) => e.timeShift)).toEqual([0, 0, 1, 2, 63, 63, 63])
    expect(events.every((e) => Number.isInteger(e.timeShift))).toBe(true)
    expect(events.map((e) => e.time)).toEqual([...events.map((e) => e.time)].sort((a, b) => a - b))
    expect(transcript(engine, second.sessionId, 'supervisor').map((e) => e.eventId)).toEqual([1, 2])
    expect(engine.getSession(first.sessionId, 'agent')?.lastEventId).toBe(events.length)
  })

  it('answers each command with the ids of exactly the events it appended', async () => {
    const { engine } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    const results = [
      await engine.send(sessionId, { partyId: agentPartyId, content: say('one') }),
      await engine.sendAsExternal(sessionId, {
        nickname: 'wf',
        visibility: 'ALL',
        content: say('x'),
      }),
      await engine.configureIdle(sessionId, {
        change: { resetParameters: false, changes: { timeoutAlert: 30 } },
        by: 'wf',
      }),
    ]
    expect(results.map((result) => result.eventIds)).toEqual([[3], [4, 5], [6]])
  })

  it('publishes committed events to subscribers after the command is durable', async () => {
    const { engine, persistence } = setUp()
    const updates: SessionUpdate[] = []
    engine.bus.subscribe('agent', (update) => {
      expect(
        persistence.countEvents(update.sessionId, ['ALL', 'INT', 'VIP']),
      ).toBeGreaterThanOrEqual(update.events.at(-1)!.eventId)
      updates.push(update)
    })
    const { sessionId } = await startActiveChat(engine)
    expect(updates.map((u) => [u.state, u.events.map((e: ChatEvent) => e.eventId)])).toEqual([
      ['queued', [1]],
      ['active', [2]],
    ])
    expect(updates[0]).toMatchObject({
      sessionId,
      application: 'ChatServer',
      endpoint: 'gms_builtin',
    })
  })

  it('keeps publishing to other subscribers when one listener throws', async () => {
    const errors: string[] = []
    const { engine } = setUp({
      logger: { info() {}, warn() {}, error: (message) => errors.push(message) },
    })
    const heard: number[] = []
    engine.bus.subscribe('agent', () => {
      throw new Error('listener bug')
    })
    const unsubscribe = engine.bus.subscribe('agent', (update) => heard.push(update.events.length))
    await startChat(engine)
    unsubscribe()
    await startChat(engine)
    expect(heard).toEqual([1])
    expect(errors).toEqual(['session listener failed', 'session listener failed'])
  })
})

describe('reads', () => {
  it('pages the transcript forward and back', async () => {
    const { engine } = setUp({ idle: { enabled: false } })
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    for (const text of ['a', 'b', 'c']) {
      await engine.send(sessionId, { partyId: agentPartyId, content: say(text) })
    }
    const forward = engine.readTranscript(sessionId, 'customer', { afterEventId: 1, limit: 2 })
    expect(forward.events.map((e) => e.eventId)).toEqual([2, 3])
    expect(forward.hasMore).toBe(true)
    const back = engine.readTranscript(sessionId, 'customer', { beforeEventId: 5, limit: 2 })
    expect(back.events.map((e) => e.eventId)).toEqual([3, 4])
  })

  it('gives the customer its entries by position, skipping what it may not see', async () => {
    const { engine } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    await engine.send(sessionId, { partyId: agentPartyId, content: say('note'), visibility: 'INT' })
    await engine.send(sessionId, { partyId: agentPartyId, content: say('hello') })
    const entries = engine.readCustomerEntries(sessionId, 2)
    expect(entries.events.map((e) => e.eventId)).toEqual([2, 4])
    expect(entries.nextPosition).toBe(4)
  })

  it('lists sessions for a role, with the filters of the store', async () => {
    const { engine, advance } = setUp({ idle: { enabled: false } })
    const queued = await startChat(engine)
    await advance(1000)
    const active = await startActiveChat(engine, { GCTI_LanguageCode: 'fr-FR' })
    const open = engine.listSessions({ state: 'open' }, 'supervisor')
    expect(open.map((s) => s.sessionId)).toEqual([active.sessionId, queued.sessionId])
    const french = engine.listSessions({ languageCode: 'fr-FR' }, 'agent')
    expect(french.map((s) => s.sessionId)).toEqual([active.sessionId])
    const mine = engine.listSessions({ agentUserId: 'agent1' }, 'agent')
    expect(mine.map((s) => s.sessionId)).toEqual([active.sessionId])
  })

  it('counts open sessions per application', async () => {
    const { engine } = setUp({ applications: [testApplication(), otherApplication()] })
    await startChat(engine)
    await engine.createSession({ customerNickname: 'Bo', endpoint: 'other_queue' })
    expect(engine.openSessionCount()).toBe(2)
    expect(engine.openSessionCount('OtherServer')).toBe(1)
    expect(engine.applicationNames).toEqual(['ChatServer', 'OtherServer'])
    expect(engine.application().name).toBe('ChatServer')
    expect(() => engine.application('Nope')).toThrow(
      expect.objectContaining({ code: 'unknown-application' }),
    )
  })

  it('numbers each role’s view 1, 2, 3 ...: its newest id counts what it sees, betraying no hidden one', async () => {
    const { engine } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine)
    await engine.send(sessionId, { partyId: agentPartyId, content: say('note'), visibility: 'INT' })
    await engine.sendAsExternal(sessionId, { nickname: 'wf', visibility: 'VIP', content: say('x') })
    const newest = (role: 'customer' | 'agent' | 'supervisor') =>
      engine.getSession(sessionId, role)?.lastEventId
    expect([newest('customer'), newest('agent'), newest('supervisor')]).toEqual([2, 3, 5])
    await engine.closeSession(sessionId, agentPartyId)
    expect([newest('customer'), newest('agent'), newest('supervisor')]).toEqual([5, 6, 9])
    expect(engine.listSessions({}, 'customer')[0]?.lastEventId).toBe(5)
    for (const role of ['customer', 'agent', 'supervisor'] as const) {
      const ids = transcript(engine, sessionId, role).map((event) => event.eventId)
      expect(ids).toEqual(Array.from({ length: newest(role)! }, (_, index) => index + 1))
    }
  })

  it('describes a closed session from the store', async () => {
    const { engine } = setUp()
    const { sessionId, agentPartyId } = await startActiveChat(engine, {
      GCTI_LanguageCode: 'fr-FR',
    })
    await engine.configureIdle(sessionId, {
      change: { resetParameters: false, changes: { timeoutAlert: 60 } },
      by: 'wf',
    })
    const open = engine.getSession(sessionId, 'agent')!
    await engine.closeSession(sessionId, agentPartyId)
    const closed = engine.getSession(sessionId, 'agent')!
    expect(closed.language).toEqual({ code: 'fr-FR', name: 'Français' })
    expect(closed.idleControl).toEqual(open.idleControl)
    expect(closed.idleStatus).toEqual({ phase: 'off', deadline: null, phaseStartedAt: null })
  })
})

describe('shutdown', () => {
  it('stops every timer and keeps open sessions open in the store', async () => {
    const { engine, clock, persistence } = setUp()
    const { sessionId } = await startActiveChat(engine)
    await engine.shutdown()
    expect(clock.pendingTimers).toBe(0)
    clock.advanceBy(seconds(1000))
    await engine.flush()
    expect(persistence.loadSession(sessionId)?.session.state).toBe('active')
  })
})
